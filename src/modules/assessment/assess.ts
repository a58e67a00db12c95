/**
 * The pure rules of a transaction assessment (DESIGN.md, Licensing requirements
 * and transaction assessment): which entries an item falls under in each member (each
 * threshold met / not met / not given), the requirement from the licensing rules, the
 * catch-all triggers, and the risk with its proposed tier. No database here.
 */
import type { ParameterData } from '../control-lists/control-entry.types';
import { LicensingTier } from '../control-lists/control-list.enums';
import { MappingRelation } from '../taxonomy/taxonomy.enums';
import { describeParameter, inSubtree } from '../harmonized/harmonize';
import { EndUseTrigger, LicensingRequirement, REQUIREMENT_RANK } from '../licensing/licensing.enums';
import type { RuleTerms } from '../licensing/rule-import';
import { prefixMatches } from '../licensing/prefix';
import { EndUseCategory } from './assessment.enums';
import { convert } from './units';

export interface GivenParameter {
  name: string;
  value: number;
  unit?: string | null;
}

export interface ItemInput {
  taxonomyCode: string;
  parameters: GivenParameter[];
}

/** An accepted mapping of an entry in force onto the item's node or one of its ancestors. */
export interface EntryFact {
  taxonomyCode: string;
  relation: MappingRelation;
  listJurisdiction: string;
  entryId: string;
  controlNumber: string;
  title: string;
  parameters: ParameterData[];
  reasonsForControl: string[];
  regimeReferences: string[];
  tier: LicensingTier;
  /** Every node the entry is mapped onto (accepted). */
  mappedCodes: string[];
}

export interface RuleFact extends RuleTerms {
  id: string;
  ruleKey: string;
  jurisdiction: string;
  controlNumber: string;
  confidence: string;
  source: string;
}

export interface GroupFact {
  /** `JUR/CODE`. */
  key: string;
  name: string;
  destinations: string[];
  embargo: boolean;
}

export interface ThresholdCheck {
  name: string;
  required: string;
  given: string | null;
  /** null when the parameter was not given. */
  met: boolean | null;
}

export interface EntryMatch {
  itemIndex: number;
  taxonomyCode: string;
  entryId: string;
  controlNumber: string;
  listJurisdiction: string;
  relation: MappingRelation;
  /** The node the entry is mapped onto (the item's node or an ancestor). */
  viaCode: string;
  thresholds: ThresholdCheck[];
  /** False when a given parameter is below (or outside) a threshold: the entry does not reach this item. */
  applies: boolean;
  requirement: LicensingRequirement | null;
  reference: string | null;
  ruleIds: string[];
}

export interface MemberRequirement {
  jurisdiction: string;
  requirement: LicensingRequirement;
  reference: string | null;
  referenceUrls: string[];
  explanation: string[];
  matches: EntryMatch[];
  catchAllTriggers: string[];
  /** The rules used, with their confidence. */
  ruleIds: string[];
  confidence: 'confirmed' | 'secondary' | null;
}

export interface Member {
  code: string;
  lists: string[];
}

export interface DenialRecord {
  decisionId: string;
  jurisdiction: string;
  endUserName: string;
  exactEndUser: boolean;
  taxonomyCodes: string[];
  decidedAt: string;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/** Ancestors of a hierarchical code, nearest first (`A.B.C` → `A.B`, `A`). */
export function ancestors(code: string): string[] {
  const parts = code.split('.');
  const out: string[] = [];
  for (let i = parts.length - 1; i > 0; i--) out.push(parts.slice(0, i).join('.'));
  return out;
}

export { prefixMatches }; // the licensing module's rule: re-exported for the assessment's callers

export function ruleReaches(rule: Pick<RuleFact, 'controlNumber' | 'excludesCodes'>, controlNumber: string): boolean {
  return prefixMatches(rule.controlNumber, controlNumber) && !rule.excludesCodes.some((x) => prefixMatches(x, controlNumber));
}

export function inScope(
  rule: Pick<RuleFact, 'countryGroup' | 'destinations' | 'exceptCountryGroups'>,
  destination: string,
  groups: Map<string, GroupFact>,
): boolean {
  if (rule.countryGroup) {
    const g = groups.get(rule.countryGroup);
    if (!g || !g.destinations.includes(destination)) return false;
  } else if (rule.destinations && !rule.destinations.includes(destination)) return false;
  return !rule.exceptCountryGroups.some((k) => groups.get(k)?.destinations.includes(destination));
}

/**
 * A given parameter named more briefly or more fully than the threshold ("volume" for
 * "total internal volume"), whose unit converts into the threshold's.
 */
function looselyNamed(g: GivenParameter, p: ParameterData): boolean {
  const a = norm(g.name);
  const b = norm(p.name);
  if (a.length < 4 || !(b.includes(a) || a.includes(b))) return false;
  return convert(1, g.unit ?? p.unit, p.unit) !== null;
}

/**
 * Each threshold of an entry against the given parameters (matched by name, converted to
 * the threshold's unit). A range (two bounds with one name) is checked bound by bound.
 */
export function checkThresholds(params: ParameterData[], given: GivenParameter[]): { thresholds: ThresholdCheck[]; applies: boolean } {
  const thresholds = params.map((p): ThresholdCheck => {
    const g = given.find((x) => norm(x.name) === norm(p.name)) ?? given.find((x) => looselyNamed(x, p));
    const required = describeParameter(p);
    if (!g) return { name: p.name, required, given: null, met: null };
    const v = convert(g.value, g.unit ?? p.unit, p.unit);
    const givenText = `${g.value}${(g.unit ?? p.unit) ? ` ${g.unit ?? p.unit}` : ''}`;
    if (v === null) return { name: p.name, required, given: givenText, met: null };
    const met =
      p.comparator === 'GT'
        ? v > p.value
        : p.comparator === 'GTE'
          ? v >= p.value
          : p.comparator === 'LT'
            ? v < p.value
            : p.comparator === 'LTE'
              ? v <= p.value
              : v === p.value;
    return { name: p.name, required, given: givenText, met };
  });
  return { thresholds, applies: !thresholds.some((t) => t.met === false) };
}

/**
 * Entries reaching an item: mapped (other than RELATED) onto its node, or EXACT/BROADER onto
 * an ancestor; a NARROWER mapping onto an ancestor reaches it only when the entry is not
 * also mapped onto a sibling branch (that mapping tells which part of the ancestor it covers).
 */
export function reachingFacts(itemCode: string, facts: EntryFact[]): EntryFact[] {
  const anc = new Set(ancestors(itemCode));
  return facts.filter((f) => {
    if (f.relation === MappingRelation.RELATED) return false;
    if (f.taxonomyCode === itemCode) return true;
    if (!anc.has(f.taxonomyCode)) return false;
    if (f.relation !== MappingRelation.NARROWER) return true;
    return !f.mappedCodes.some((c) => c !== f.taxonomyCode && inSubtree(c, f.taxonomyCode) && !inSubtree(itemCode, c) && !inSubtree(c, itemCode));
  });
}

/**
 * A heading and its own paragraph both reaching an item (2B352 and 2B352.b): the paragraph
 * decides — its thresholds say whether the item is caught; the heading adds nothing.
 */
export function mostSpecific(facts: EntryFact[]): EntryFact[] {
  return facts.filter(
    (f) =>
      !facts.some((g) => g.listJurisdiction === f.listJurisdiction && g.controlNumber !== f.controlNumber && prefixMatches(f.controlNumber, g.controlNumber)),
  );
}

/** The rule deciding an entry's requirement for a destination: sanctions (90+) win, else the highest priority; priority 0 is information only. */
export function decidingRule(rules: RuleFact[], controlNumber: string, destination: string, groups: Map<string, GroupFact>): RuleFact | null {
  const applicable = rules.filter((r) => !r.endUseTrigger && r.priority > 0 && ruleReaches(r, controlNumber) && inScope(r, destination, groups));
  if (!applicable.length) return null;
  return applicable.sort((a, b) => b.priority - a.priority || REQUIREMENT_RANK[b.requirement] - REQUIREMENT_RANK[a.requirement])[0];
}

export function mostRestrictiveRequirement(rs: LicensingRequirement[]): LicensingRequirement | null {
  let best: LicensingRequirement | null = null;
  for (const r of rs) if (!best || REQUIREMENT_RANK[r] > REQUIREMENT_RANK[best]) best = r;
  return best;
}

const PHRASE: Record<LicensingRequirement, string> = {
  NO_LICENCE: 'no licence is needed',
  GENERAL_AUTHORISATION: 'a general authorisation covers it',
  LICENCE_EXCEPTION: 'a licence exception applies',
  INDIVIDUAL_LICENCE: 'an individual licence is needed',
  PRESUMPTION_OF_DENIAL: 'a licence is needed and is normally refused',
  NOT_CONTROLLED: 'it is not controlled',
  UNKNOWN: 'the requirement is not determined',
};

export interface MemberContext {
  exporting: string;
  destination: string;
  endUse: EndUseCategory;
  items: ItemInput[];
  facts: EntryFact[];
  coverage: Map<string, string[]>;
  rules: RuleFact[];
  groups: Map<string, GroupFact>;
  denials: DenialRecord[];
}

/** One member's requirement for the whole transaction. */
export function assessMember(member: Member, ctx: MemberContext): MemberRequirement {
  const rules = ctx.rules.filter((r) => member.lists.includes(r.jurisdiction));
  const matches: EntryMatch[] = [];
  const explanation: string[] = [];
  const itemRequirements: LicensingRequirement[] = [];
  const used = new Map<string, RuleFact>();
  const coverage = member.lists.flatMap((j) => ctx.coverage.get(j) ?? []);
  ctx.items.forEach((item, itemIndex) => {
    const facts = mostSpecific(
      reachingFacts(
        item.taxonomyCode,
        ctx.facts.filter((f) => member.lists.includes(f.listJurisdiction)),
      ),
    );
    const seen = new Set<string>();
    const own: EntryMatch[] = [];
    for (const f of facts) {
      if (seen.has(f.entryId)) continue;
      seen.add(f.entryId);
      const { thresholds, applies } = checkThresholds(f.parameters, item.parameters);
      let requirement: LicensingRequirement | null = null;
      let reference: string | null = null;
      const ruleIds: string[] = [];
      if (applies) {
        const rule = decidingRule(rules, f.controlNumber, ctx.destination, ctx.groups);
        requirement = rule ? rule.requirement : LicensingRequirement.UNKNOWN;
        reference = rule?.reference ?? null;
        if (rule) {
          ruleIds.push(rule.id);
          used.set(rule.id, rule);
        }
      }
      own.push({
        itemIndex,
        taxonomyCode: item.taxonomyCode,
        entryId: f.entryId,
        controlNumber: f.controlNumber,
        listJurisdiction: f.listJurisdiction,
        relation: f.relation,
        viaCode: f.taxonomyCode,
        thresholds,
        applies,
        requirement,
        reference,
        ruleIds,
      });
    }
    matches.push(...own);
    const reaching = own.filter((m) => m.applies);
    if (reaching.length) {
      for (const m of reaching) {
        const met = m.thresholds.filter((t) => t.met === true).map((t) => `${t.name} ${t.given} (${t.required}) met`);
        const open = m.thresholds.filter((t) => t.met === null).map((t) => t.name);
        const rule = m.ruleIds.length ? used.get(m.ruleIds[0])! : null;
        explanation.push(
          `${item.taxonomyCode} falls under ${m.listJurisdiction} ${m.controlNumber}${m.viaCode !== item.taxonomyCode ? ` (mapped onto ${m.viaCode}, ${m.relation})` : m.relation !== MappingRelation.EXACT ? ` (${m.relation})` : ''}` +
            `${met.length ? `: ${met.join('; ')}` : ''}${open.length ? `; not given: ${open.join(', ')}` : ''}.`,
        );
        explanation.push(
          rule
            ? `To ${ctx.destination}, ${PHRASE[rule.requirement]} under ${rule.reference} (rule ${rule.ruleKey}${rule.confidence === 'SECONDARY' ? ', from a secondary source' : ''}).` +
                `${rule.prohibition ? ' The export is prohibited.' : ''}${rule.conditions.length ? ` Conditions: ${rule.conditions.join('; ')}.` : ''}`
            : `No licensing rule for ${m.controlNumber} to ${ctx.destination} is recorded, so the requirement is not determined.`,
        );
        itemRequirements.push(m.requirement!);
      }
    } else if (own.length) {
      const notMet = own.flatMap((m) =>
        m.thresholds.filter((t) => t.met === false).map((t) => `${m.controlNumber}: ${t.name} ${t.given} does not meet ${t.required}`),
      );
      explanation.push(`${item.taxonomyCode} is below every threshold of the entries that could cover it (${notMet.join('; ')}): not controlled by the list.`);
      itemRequirements.push(LicensingRequirement.NOT_CONTROLLED);
    } else if (coverage.some((p) => inSubtree(item.taxonomyCode, p))) {
      explanation.push(`${item.taxonomyCode} is not on ${member.lists.join('/')}'s list (the list has been mapped for this part of the taxonomy).`);
      itemRequirements.push(LicensingRequirement.NOT_CONTROLLED);
    } else {
      explanation.push(`${member.lists.join('/')}'s list has not been mapped for ${item.taxonomyCode}: not determined.`);
      itemRequirements.push(LicensingRequirement.UNKNOWN);
    }
  });

  let requirement = mostRestrictiveRequirement(itemRequirements) ?? LicensingRequirement.UNKNOWN;
  const catchAllTriggers: string[] = [];
  const trigger = ctx.endUse === EndUseCategory.WMD_RELATED ? EndUseTrigger.WMD : ctx.endUse === EndUseCategory.MILITARY ? EndUseTrigger.MILITARY : null;
  if (trigger) {
    catchAllTriggers.push(
      trigger === EndUseTrigger.WMD
        ? 'WMD-related end use declared: end-use (catch-all) controls apply to listed and unlisted items alike, and general authorisations cannot be used.'
        : 'Military end use declared: military end-use (catch-all) controls may require a licence even for unlisted items.',
    );
    for (const r of rules.filter((x) => x.endUseTrigger === trigger && inScope(x, ctx.destination, ctx.groups))) {
      used.set(r.id, r);
      catchAllTriggers.push(
        `${r.jurisdiction} catch-all under ${r.reference} (rule ${r.ruleKey}${r.confidence === 'SECONDARY' ? ', secondary source' : ''}): ${PHRASE[r.requirement]}.`,
      );
      if (REQUIREMENT_RANK[r.requirement] > REQUIREMENT_RANK[requirement]) {
        requirement = r.requirement;
        explanation.push(
          `The ${trigger === EndUseTrigger.WMD ? 'WMD-related' : 'military'} end use brings the catch-all ${r.reference}: ${PHRASE[r.requirement]}.`,
        );
      }
    }
  }
  for (const g of ctx.groups.values()) {
    if (g.embargo && g.destinations.includes(ctx.destination)) catchAllTriggers.push(`${ctx.destination} is on ${g.key} (${g.name}): embargo rules apply.`);
  }
  for (const d of ctx.denials) {
    catchAllTriggers.push(
      `Denial on record: ${d.jurisdiction} denied ${d.taxonomyCodes.join(', ')} to ${d.exactEndUser ? 'this end user' : `a near-identical end user ("${d.endUserName}")`} on ${d.decidedAt.slice(0, 10)} (decision ${d.decisionId}).`,
    );
  }
  if (member.code === ctx.exporting) explanation.unshift(`${member.code} is the exporting member: its law governs this export.`);
  else {
    explanation.unshift(
      `${member.code}'s rules for an export to ${ctx.destination}: they bind this export if it leaves from ${member.code} (or where ${member.code}'s law reaches re-exports of items of its origin, which is not assessed here).`,
    );
  }
  const usedRules = [...used.values()];
  const deciding = matches.filter((m) => m.applies && m.requirement === requirement && m.reference);
  const reference = deciding.length
    ? [...new Set(deciding.map((m) => m.reference!))].join('; ')
    : (usedRules.find((r) => r.requirement === requirement)?.reference ?? null);
  const confidence = usedRules.length ? (usedRules.some((r) => r.confidence === 'SECONDARY') ? 'secondary' : 'confirmed') : null;
  explanation.push(`Overall for ${member.code}: ${PHRASE[requirement]}${reference ? ` (${reference})` : ''}.`);
  return {
    jurisdiction: member.code,
    requirement,
    reference,
    referenceUrls: [...new Set(usedRules.flatMap((r) => r.source.match(/https?:\/\/[^\s>;]+/g) ?? []))],
    explanation,
    matches,
    catchAllTriggers,
    ruleIds: usedRules.map((r) => r.id),
    confidence,
  };
}
