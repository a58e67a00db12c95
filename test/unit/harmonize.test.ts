import { CoverageStatus, divergences, exclusionsFor, memberStatus, mostRestrictive, parametersFor, type ControlFact } from '../../src/modules/harmonized/harmonize';
import { Comparator, LicensingTier, MappingRelation } from '../../src/modules/control-lists/control-list.enums';

const fact = (jurisdiction: string, tier: LicensingTier, params: [Comparator, number][] = [], exclusions: string[] = [], extra: { exclusionsRecorded?: boolean; tierIllustrative?: boolean; nodeCode?: string } = {}): ControlFact => ({
  jurisdiction,
  listJurisdiction: jurisdiction,
  relation: MappingRelation.EXACT,
  nodeCode: extra.nodeCode,
  entry: {
    id: `e-${jurisdiction}`, controlNumber: `N-${jurisdiction}`, tier,
    parameters: params.map(([comparator, value]) => ({ name: 'condenser capacity', comparator, value, unit: 'kg/24h' })),
    exclusions: exclusions.map((kind) => ({ kind: kind as never, description: kind })),
    exclusionsRecorded: extra.exclusionsRecorded ?? true,
    tierIllustrative: extra.tierIllustrative ?? false,
  },
});

describe('memberStatus', () => {
  it('is UNKNOWN unless the member\'s lists cover the node, NOT_CONTROLLED only then', () => {
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
    const range: [Comparator, number][] = [[Comparator.GTE, 10], [Comparator.LT, 1000]];
    expect(divergences(statuses([fact('EU', LicensingTier.STANDARD, range), fact('NO', LicensingTier.STANDARD, range)]))).toEqual([]);
  });
  it('reports a different threshold, tier and exclusions', () => {
    const kinds = divergences(statuses([
      fact('EU', LicensingTier.STANDARD, [[Comparator.GTE, 10]], ['VACCINE']),
      fact('JP', LicensingTier.ENHANCED, [[Comparator.GTE, 20]]),
    ])).map((d) => d.kind);
    expect(kinds.sort()).toEqual(['EXCLUSION_DIFFERS', 'THRESHOLD_DIFFERS', 'TIER_DIFFERS']);
  });
  it('most restrictive tier', () => {
    expect(mostRestrictive([LicensingTier.DECLARATION, null, LicensingTier.STANDARD])).toBe(LicensingTier.STANDARD);
    expect(mostRestrictive([])).toBeNull();
  });
});
