import { Comparator, LicensingTier } from '../../src/modules/control-lists/control-list.enums';
import { MappingRelation } from '../../src/modules/taxonomy/taxonomy.enums';
import {
  ancestors,
  assessMember,
  checkThresholds,
  decidingRule,
  inScope,
  mostSpecific,
  prefixMatches,
  reachingFacts,
  type EntryFact,
  type GroupFact,
  type MemberRequirement,
  type RuleFact,
} from '../../src/modules/assessment/assess';
import { EndUseCategory, RiskFactorName } from '../../src/modules/assessment/assessment.enums';
import { assessRisk, DEFAULT_RISK_POLICY, type EndUserHistory } from '../../src/modules/assessment/risk';
import { convert, knownUnit } from '../../src/modules/assessment/units';
import { LicensingRequirement } from '../../src/modules/licensing/licensing.enums';

describe('units', () => {
  it('converts volumes, areas and flow rates within a dimension', () => {
    expect(convert(0.05, 'm³', 'L')).toBe(50);
    expect(convert(20000, 'mL', 'L')).toBe(20);
    expect(convert(2000, 'cm2', 'm2')).toBe(0.2);
    expect(convert(0.2, 'm3/h', 'L/h')).toBe(200);
    expect(convert(2, 'L/min', 'L/h')).toBe(120);
  });
  it('refuses to convert across dimensions and does not know made-up units', () => {
    expect(convert(50, 'L', 'm2')).toBeNull();
    expect(convert(50, 'L/h', 'L')).toBeNull();
    expect(knownUnit('gallonz')).toBe(false);
    expect(knownUnit('m³')).toBe(true);
  });
});

describe('matching', () => {
  it('matches control numbers by prefix on paragraph boundaries', () => {
    expect(prefixMatches('2B352', '2B352.b.1')).toBe(true);
    expect(prefixMatches('2B352', '2B352')).toBe(true);
    expect(prefixMatches('2B35', '2B352')).toBe(false);
    expect(prefixMatches('3の2', '3の2(2)2')).toBe(true);
    expect(prefixMatches('*', 'anything')).toBe(true);
  });
  it('lists ancestors nearest first', () => {
    expect(ancestors('BIO.EQP.BSC.CLASS_II')).toEqual(['BIO.EQP.BSC', 'BIO.EQP', 'BIO']);
  });
  const fact = (over: Partial<EntryFact>): EntryFact => ({
    taxonomyCode: 'BIO.EQP.BSC',
    relation: MappingRelation.EXACT,
    listJurisdiction: 'EU',
    entryId: 'e1',
    controlNumber: '2B352.f',
    title: '',
    parameters: [],
    reasonsForControl: [],
    regimeReferences: [],
    tier: LicensingTier.STANDARD,
    mappedCodes: [],
    ...over,
  });
  it('reaches an item through its ancestors, but a NARROWER mapping not when the entry is mapped onto a sibling branch', () => {
    const narrower = fact({ relation: MappingRelation.NARROWER, mappedCodes: ['BIO.EQP.BSC', 'BIO.EQP.BSC.CLASS_III'] });
    expect(reachingFacts('BIO.EQP.BSC.CLASS_II', [narrower])).toEqual([]);
    expect(reachingFacts('BIO.EQP.BSC.CLASS_III.GLOVEBOX', [narrower])).toHaveLength(1);
    expect(reachingFacts('BIO.EQP.BSC.CLASS_II', [fact({ relation: MappingRelation.BROADER })])).toHaveLength(1);
    expect(reachingFacts('BIO.EQP.BSC', [fact({ relation: MappingRelation.RELATED })])).toEqual([]);
  });
  it('lets a paragraph decide over its heading when both reach the item', () => {
    const heading = fact({ entryId: 'h', controlNumber: '2B352', relation: MappingRelation.BROADER, listJurisdiction: 'US' });
    const paragraph = fact({ entryId: 'p', controlNumber: '2B352.b', listJurisdiction: 'US' });
    const otherList = fact({ entryId: 'o', controlNumber: '2B352', listJurisdiction: 'NO' });
    expect(mostSpecific([heading, paragraph, otherList]).map((f) => f.entryId)).toEqual(['p', 'o']);
  });
  it('checks each threshold: met, not met, not given; a range bound by bound', () => {
    const params = [
      { name: 'condenser capacity', comparator: Comparator.GTE, value: 10, unit: 'kg/24h' },
      { name: 'condenser capacity', comparator: Comparator.LT, value: 1000, unit: 'kg/24h' },
      { name: 'other', comparator: Comparator.GT, value: 1, unit: '' },
    ];
    const r = checkThresholds(params, [{ name: 'Condenser  capacity', value: 50, unit: 'kg/h' }]);
    expect(r.thresholds.map((x) => x.met)).toEqual([true, false, null]); // 50 kg/h = 1200 kg/24h
    expect(r.applies).toBe(false);
    expect(checkThresholds(params, []).applies).toBe(true);
    // A shorter name matches when its unit converts; "capacity" in litres does not.
    const volume = [{ name: 'total internal volume', comparator: Comparator.GTE, value: 20, unit: 'L' }];
    expect(checkThresholds(volume, [{ name: 'volume', value: 10, unit: 'L' }]).thresholds[0].met).toBe(false);
    expect(checkThresholds(params, [{ name: 'capacity', value: 5, unit: 'L' }]).thresholds[0].met).toBeNull();
  });
});

describe('rules', () => {
  const groups = new Map<string, GroupFact>([
    ['EU/EU001', { key: 'EU/EU001', name: 'EU001', destinations: ['US', 'JP'], embargo: false }],
    ['EU/EU_MEMBER_STATES', { key: 'EU/EU_MEMBER_STATES', name: 'EU', destinations: ['DE', 'FR'], embargo: false }],
  ]);
  const rule = (over: Partial<RuleFact>): RuleFact => ({
    id: over.ruleKey ?? 'r',
    ruleKey: 'r',
    jurisdiction: 'EU',
    controlNumber: '2B352',
    excludesCodes: [],
    countryGroup: null,
    destinations: null,
    exceptCountryGroups: [],
    requirement: LicensingRequirement.INDIVIDUAL_LICENCE,
    prohibition: false,
    conditions: [],
    reference: 'ref',
    priority: 5,
    endUseTrigger: null,
    confidence: 'CONFIRMED',
    source: '',
    ...over,
  });
  const rules = [
    rule({ ruleKey: 'EU-01', countryGroup: 'EU/EU001', requirement: LicensingRequirement.GENERAL_AUTHORISATION, priority: 10, reference: 'EU001' }),
    rule({ ruleKey: 'EU-03', exceptCountryGroups: ['EU/EU001', 'EU/EU_MEMBER_STATES'], reference: 'Art. 3(1)' }),
    rule({ ruleKey: 'EU-10', controlNumber: '*', destinations: ['RU'], requirement: LicensingRequirement.PRESUMPTION_OF_DENIAL, priority: 100 }),
    rule({ ruleKey: 'INFO', priority: 0, requirement: LicensingRequirement.PRESUMPTION_OF_DENIAL }),
  ];
  it('scopes by group, country list and carve-outs', () => {
    expect(inScope(rules[1], 'KE', groups)).toBe(true);
    expect(inScope(rules[1], 'US', groups)).toBe(false);
    expect(inScope(rules[1], 'FR', groups)).toBe(false);
  });
  it('takes the highest priority, sanctions over everything, never an information-only row', () => {
    expect(decidingRule(rules, '2B352.b', 'US', groups)!.ruleKey).toBe('EU-01');
    expect(decidingRule(rules, '2B352.b', 'KE', groups)!.ruleKey).toBe('EU-03');
    expect(decidingRule(rules, '2B352.b', 'RU', groups)!.ruleKey).toBe('EU-10');
    expect(decidingRule(rules, '2B352.b', 'FR', groups)).toBeNull();
  });
  it('answers UNKNOWN, never NO_LICENCE, when an entry controls the item and no rule is recorded', () => {
    const m = assessMember(
      { code: 'DE', lists: ['DE', 'EU'] },
      {
        exporting: 'DE',
        destination: 'FR',
        endUse: EndUseCategory.RESEARCH,
        items: [{ taxonomyCode: 'BIO.EQP.FERMENTER', parameters: [] }],
        facts: [
          {
            taxonomyCode: 'BIO.EQP.FERMENTER',
            relation: MappingRelation.EXACT,
            listJurisdiction: 'EU',
            entryId: 'e',
            controlNumber: '2B352.b',
            title: '',
            parameters: [],
            reasonsForControl: [],
            regimeReferences: [],
            tier: LicensingTier.STANDARD,
            mappedCodes: [],
          },
        ],
        coverage: new Map(),
        rules,
        groups,
        denials: [],
      },
    );
    expect(m.requirement).toBe(LicensingRequirement.UNKNOWN);
  });
});

describe('risk', () => {
  const member = (requirement: LicensingRequirement): MemberRequirement => ({
    jurisdiction: 'DE',
    requirement,
    reference: null,
    referenceUrls: [],
    explanation: [],
    matches: [],
    catchAllTriggers: [],
    ruleIds: [],
    confidence: null,
  });
  const history = (over: Partial<EndUserHistory> = {}): EndUserHistory => ({
    visible: true,
    endUserGiven: true,
    endUserCountry: 'KE',
    denials: [],
    grants: 0,
    verifications: [],
    ...over,
  });
  const base = {
    destination: 'KE',
    endUse: EndUseCategory.RESEARCH,
    members: [member(LicensingRequirement.NOT_CONTROLLED)],
    facts: [],
    groups: new Map(),
    destinationDenials: 0,
  };
  it('scores a denial on record higher, naming it, and proposes a tier by the policy thresholds', () => {
    const denial = { decisionId: 'd1', jurisdiction: 'US', endUserName: 'X', exactEndUser: true, taxonomyCodes: ['A'], decidedAt: '2026-01-01T00:00:00Z' };
    const clean = assessRisk({ ...base, history: history() }, DEFAULT_RISK_POLICY);
    const bad = assessRisk({ ...base, history: history({ denials: [denial] }) }, DEFAULT_RISK_POLICY);
    expect(bad.score).toBeGreaterThan(clean.score);
    expect(bad.factors.find((f) => f.name === RiskFactorName.RECIPIENT_TRACK_RECORD)!.evidence.join(' ')).toContain('d1');
    const strict = assessRisk({ ...base, history: history() }, { ...DEFAULT_RISK_POLICY, standardFromScore: 0 });
    expect(strict.proposedTier).toBe(LicensingTier.STANDARD);
    const lax = assessRisk({ ...base, history: history() }, { ...DEFAULT_RISK_POLICY, standardFromScore: 100, enhancedFromScore: 101 });
    expect(lax.proposedTier).toBe(LicensingTier.DECLARATION);
  });
  it('uses the policy weights and proposes ENHANCED for a WMD-related end use', () => {
    const heavy = { ...DEFAULT_RISK_POLICY, weights: { ...DEFAULT_RISK_POLICY.weights, END_USE_PLAUSIBILITY: 1000 } };
    const r = assessRisk({ ...base, endUse: EndUseCategory.WMD_RELATED, history: history() }, heavy);
    expect(r.factors.find((f) => f.name === RiskFactorName.END_USE_PLAUSIBILITY)!.weight).toBe(1000);
    expect(r.score).toBeGreaterThan(90);
    expect(r.proposedTier).toBe(LicensingTier.ENHANCED);
  });
});
