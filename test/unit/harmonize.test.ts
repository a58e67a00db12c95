import { divergences, exclusionsFor, memberStatus, mostRestrictive, parametersFor, type ControlFact } from '../../src/modules/harmonized/harmonize';
import { CoverageStatus } from '../../src/modules/harmonized/harmonized.enums';
import { Comparator, LicensingTier } from '../../src/modules/control-lists/control-list.enums';
import { MappingRelation } from '../../src/modules/taxonomy/taxonomy.enums';

const fact = (
  jurisdiction: string,
  tier: LicensingTier,
  params: [Comparator, number][] = [],
  exclusions: string[] = [],
  extra: { exclusionsRecorded?: boolean; tierIllustrative?: boolean; nodeCode?: string } = {},
): ControlFact => ({
  jurisdiction,
  listJurisdiction: jurisdiction,
  relation: MappingRelation.EXACT,
  nodeCode: extra.nodeCode,
  entry: {
    id: `e-${jurisdiction}`,
    controlNumber: `N-${jurisdiction}`,
    tier,
    parameters: params.map(([comparator, value]) => ({ name: 'condenser capacity', comparator, value, unit: 'kg/24h' })),
    exclusions: exclusions.map((kind) => ({ kind: kind as never, description: kind })),
    exclusionsRecorded: extra.exclusionsRecorded ?? true,
    tierIllustrative: extra.tierIllustrative ?? false,
  },
});

describe('memberStatus', () => {
  it("is UNKNOWN unless the member's lists cover the node, NOT_CONTROLLED only then", () => {
    expect(memberStatus('GB', 'BIO.EQP.FERMENTER', [], []).status).toBe(CoverageStatus.UNKNOWN);
    expect(memberStatus('GB', 'BIO.EQP.FERMENTER', [], ['BIO.EQP']).status).toBe(CoverageStatus.NOT_CONTROLLED);
    expect(memberStatus('GB', 'BIO.EQPX', [], ['BIO.EQP']).status).toBe(CoverageStatus.UNKNOWN); // prefix on segment boundaries only
    expect(memberStatus('US', 'X', [fact('US', LicensingTier.ENHANCED)], []).status).toBe(CoverageStatus.CONTROLLED);
  });
  it('does not count a RELATED mapping as a control', () => {
    const related = { ...fact('US', LicensingTier.STANDARD), relation: MappingRelation.RELATED };
    expect(memberStatus('US', 'X', [related], ['X']).status).toBe(CoverageStatus.NOT_CONTROLLED);
  });
});

describe('divergences', () => {
  const statuses = (facts: ControlFact[]) => [...new Set(facts.map((f) => f.jurisdiction))].map((j) => memberStatus(j, 'X', facts, ['X']));

  it('treats a range as one threshold: the same range is no divergence', () => {
    const range: [Comparator, number][] = [
      [Comparator.GTE, 10],
      [Comparator.LT, 1000],
    ];
    expect(divergences(statuses([fact('EU', LicensingTier.STANDARD, range), fact('NO', LicensingTier.STANDARD, range)]))).toEqual([]);
  });
  it('reports a different threshold, tier and exclusions', () => {
    const kinds = divergences(
      statuses([fact('EU', LicensingTier.STANDARD, [[Comparator.GTE, 10]], ['VACCINE']), fact('JP', LicensingTier.ENHANCED, [[Comparator.GTE, 20]])]),
    ).map((d) => d.kind);
    expect(kinds.sort()).toEqual(['EXCLUSION_DIFFERS', 'THRESHOLD_DIFFERS', 'TIER_DIFFERS']);
  });
  it('calls a lone control UNILATERAL only when every other member is known NOT_CONTROLLED', () => {
    const s = [memberStatus('US', 'X', [fact('US', LicensingTier.ENHANCED)], ['X']), memberStatus('EU', 'X', [], ['X']), memberStatus('CA', 'X', [], ['X'])];
    const d = divergences(s);
    expect(d.find((x) => x.kind === 'UNILATERAL')).toMatchObject({ jurisdictions: ['US'], basis: 'RECORDED' });
    expect(d.find((x) => x.kind === 'NOT_CONTROLLED')!.jurisdictions).toEqual(['EU', 'CA']);
    expect(d.map((x) => x.kind)).not.toContain('ONLY_KNOWN_CONTROLLER');
  });
  it('calls a lone control among UNKNOWN members ONLY_KNOWN_CONTROLLER, never UNILATERAL', () => {
    const s = [memberStatus('US', 'X', [fact('US', LicensingTier.ENHANCED)], ['X']), memberStatus('EU', 'X', [], ['X']), memberStatus('GB', 'X', [], [])];
    const d = divergences(s);
    expect(d.map((x) => x.kind)).not.toContain('UNILATERAL');
    expect(d.find((x) => x.kind === 'ONLY_KNOWN_CONTROLLER')).toMatchObject({ jurisdictions: ['US'] });
    expect(d.find((x) => x.kind === 'ONLY_KNOWN_CONTROLLER')!.detail).toContain('unknown in GB');
    expect(d.find((x) => x.kind === 'NOT_CONTROLLED')!.jurisdictions).toEqual(['EU']); // GB is unknown, not a divergence
  });
  it('compares exclusions only between members whose exclusions were recorded', () => {
    const unrecorded = divergences(
      statuses([fact('EU', LicensingTier.STANDARD, [], ['VACCINE']), fact('US', LicensingTier.STANDARD, [], [], { exclusionsRecorded: false })]),
    );
    expect(unrecorded.map((d) => d.kind)).not.toContain('EXCLUSION_DIFFERS');
    // Some exclusions listed but not known to be complete: not compared either.
    const partial = divergences(
      statuses([
        fact('EU', LicensingTier.STANDARD, [], ['VACCINE', 'OTHER']),
        fact('US', LicensingTier.STANDARD, [], ['VACCINE'], { exclusionsRecorded: false }),
      ]),
    );
    expect(partial.map((d) => d.kind)).not.toContain('EXCLUSION_DIFFERS');
    const recorded = divergences(
      statuses([fact('EU', LicensingTier.STANDARD, [], ['VACCINE']), fact('US', LicensingTier.STANDARD, [], [], { exclusionsRecorded: true })]),
    );
    expect(recorded.find((d) => d.kind === 'EXCLUSION_DIFFERS')).toMatchObject({ jurisdictions: ['EU', 'US'], basis: 'RECORDED' });
  });
  it('says when a tier divergence rests on illustrative tiers', () => {
    const illustrative = divergences(statuses([fact('EU', LicensingTier.STANDARD, [], [], { tierIllustrative: true }), fact('US', LicensingTier.ENHANCED)]));
    const tier = illustrative.find((d) => d.kind === 'TIER_DIFFERS')!;
    expect(tier.basis).toBe('ILLUSTRATIVE');
    expect(tier.detail).toContain('illustrative tiers (not published policy): EU');
    const recorded = divergences(statuses([fact('EU', LicensingTier.STANDARD), fact('US', LicensingTier.ENHANCED)]));
    expect(recorded.find((d) => d.kind === 'TIER_DIFFERS')!.basis).toBe('RECORDED');
  });
  it('scopes a parameter or an exclusion to the nodes it concerns', () => {
    const base = fact('JP', LicensingTier.STANDARD);
    const f: ControlFact = {
      ...base,
      nodeCode: 'BIO.AGT.PLANT',
      entry: {
        ...base.entry,
        parameters: [{ name: 'flow rate', comparator: Comparator.GT, value: 100, unit: 'L/h', appliesTo: ['BIO.EQP.CENTRIFUGE'] }],
        exclusions: [{ kind: 'VACCINE' as never, description: 'vaccines', appliesTo: ['BIO.AGT.VIRUS', 'BIO.AGT.BACTERIA'] }],
      },
    };
    expect(exclusionsFor(f, 'BIO.AGT.PLANT')).toEqual([]);
    expect(parametersFor(f, 'BIO.AGT.PLANT')).toEqual([]);
    expect(exclusionsFor({ ...f, nodeCode: 'BIO.AGT.VIRUS.X' }, 'BIO.AGT.VIRUS.X')).toHaveLength(1);
    // A scoped exclusion elsewhere does not make two members differ on this node.
    const plain = { ...fact('EU', LicensingTier.STANDARD), nodeCode: 'BIO.AGT.PLANT' };
    expect(divergences([memberStatus('JP', 'BIO.AGT.PLANT', [f], []), memberStatus('EU', 'BIO.AGT.PLANT', [plain], [])], 'BIO.AGT.PLANT')).toEqual([]);
  });
  it('summarises a group node from its children, naming them, instead of UNKNOWN', () => {
    const child = (j: string, code: string, tier = LicensingTier.STANDARD) => ({ ...fact(j, tier), nodeCode: code });
    const facts = [child('EU', 'BIO.AGT.VIRUS'), child('EU', 'BIO.AGT.TOXIN'), child('US', 'BIO.AGT.VIRUS', LicensingTier.ENHANCED)];
    const eu = memberStatus('EU', 'BIO.AGT', facts, []);
    expect(eu).toMatchObject({ status: 'CONTROLLED', tier: 'STANDARD', viaChildren: ['BIO.AGT.TOXIN', 'BIO.AGT.VIRUS'] });
    expect(memberStatus('GB', 'BIO.AGT', facts, []).status).toBe('UNKNOWN');
    expect(memberStatus('CA', 'BIO.AGT', facts, ['BIO.AGT']).status).toBe('NOT_CONTROLLED');
    // A control on the node itself is not a summary.
    expect(memberStatus('EU', 'BIO.AGT.VIRUS', facts, []).viaChildren).toEqual([]);
    // The same from a summary aggregated elsewhere (the service does it in SQL).
    expect(memberStatus('EU', 'BIO.AGT', [], [], { children: ['BIO.AGT.VIRUS'], tier: LicensingTier.STANDARD })).toMatchObject({
      status: 'CONTROLLED',
      tier: 'STANDARD',
      viaChildren: ['BIO.AGT.VIRUS'],
      controls: [],
    });
    expect(memberStatus('EU', 'BIO.AGT', [], ['BIO'], null).status).toBe('NOT_CONTROLLED');
    // Tiers of different children are not compared as a divergence of the group.
    expect(divergences([eu, memberStatus('US', 'BIO.AGT', facts, [])], 'BIO.AGT')).toEqual([]);
  });
  it('most restrictive tier', () => {
    expect(mostRestrictive([LicensingTier.DECLARATION, null, LicensingTier.STANDARD])).toBe(LicensingTier.STANDARD);
    expect(mostRestrictive([])).toBeNull();
  });
});
