/**
 * The pure rules of the harmonized views (DESIGN.md §1, Harmonized views): given, for one
 * taxonomy node, each member's controlling entries and which taxonomy subtrees its lists
 * cover, decide each member's status and the divergences. No database here.
 */
import { LicensingTier, TIER_RANK } from '../control-lists/control-list.enums';
import { MappingRelation } from '../taxonomy/taxonomy.enums';
import type { ExclusionData, ParameterData } from '../control-lists/control-entry.types';
import { CoverageStatus, DivergenceBasis, DivergenceKind } from './harmonized.enums';

export interface FactEntry {
  id: string;
  controlNumber: string;
  tier: LicensingTier;
  parameters: ParameterData[];
  exclusions: ExclusionData[];
  /** True when the tier is illustrative rather than the member's published policy. */
  tierIllustrative?: boolean;
  /** False when nobody recorded whether the entry has exclusions ("none entered" is not "none"). */
  exclusionsRecorded?: boolean;
}

export interface ControlFact {
  /** The member the control applies in. */
  jurisdiction: string;
  /** Whose list the entry is on (differs when the member adopts another's list). */
  listJurisdiction: string;
  relation: MappingRelation;
  /** The taxonomy node the mapping is on; absent means the node asked about. */
  nodeCode?: string;
  entry: FactEntry;
}

export interface MemberStatus {
  jurisdiction: string;
  status: CoverageStatus;
  /** Most restrictive tier of the member's controls (null unless CONTROLLED). */
  tier: LicensingTier | null;
  controls: ControlFact[];
  /**
   * For a group node the member controls only through its children: the descendant nodes
   * it controls (empty when a control is mapped on the node itself).
   */
  viaChildren: string[];
}

export interface Divergence {
  kind: DivergenceKind;
  jurisdictions: string[];
  detail: string;
  basis: DivergenceBasis;
}

/** True when `code` lies in the subtree `prefix` (the node itself or a descendant). */
export function inSubtree(code: string, prefix: string): boolean {
  return code === prefix || code.startsWith(`${prefix}.`);
}

export function mostRestrictive(tiers: (LicensingTier | null | undefined)[]): LicensingTier | null {
  let best: LicensingTier | null = null;
  for (const t of tiers) if (t && (!best || TIER_RANK[t] > TIER_RANK[best])) best = t;
  return best;
}

/**
 * A member's status for a node: CONTROLLED when an accepted mapping (other than RELATED)
 * of an entry in force reaches it — on the node itself or, for a group node, on one of
 * its descendants (the group then summarises its children, naming them); NOT_CONTROLLED
 * only when one of its lists declares it has been mapped for the node's subtree;
 * otherwise UNKNOWN — incomplete data must never pass for a divergence.
 */
/** What a member controls below a group node: the children (or descendants) through which, and the most restrictive tier. */
export interface SubtreeSummary {
  children: string[];
  tier: LicensingTier | null;
}

export function memberStatus(
  jurisdiction: string,
  nodeCode: string,
  controls: ControlFact[],
  coverage: string[],
  summary?: SubtreeSummary | null,
): MemberStatus {
  const mine = controls.filter((c) => c.jurisdiction === jurisdiction && c.relation !== MappingRelation.RELATED);
  const own = mine.filter((c) => (c.nodeCode ?? nodeCode) === nodeCode);
  if (own.length) {
    return { jurisdiction, status: CoverageStatus.CONTROLLED, tier: mostRestrictive(own.map((c) => c.entry.tier)), controls: own, viaChildren: [] };
  }
  // A summary computed elsewhere (the service aggregates the subtree in SQL), or descendant facts given here.
  if (summary?.children.length) {
    return { jurisdiction, status: CoverageStatus.CONTROLLED, tier: summary.tier, controls: [], viaChildren: [...summary.children].sort() };
  }
  const below = mine.filter((c) => c.nodeCode !== undefined && c.nodeCode !== nodeCode && inSubtree(c.nodeCode, nodeCode));
  if (below.length) {
    const children = [...new Set(below.map((c) => c.nodeCode!))].sort();
    return { jurisdiction, status: CoverageStatus.CONTROLLED, tier: mostRestrictive(below.map((c) => c.entry.tier)), controls: below, viaChildren: children };
  }
  const covered = coverage.some((prefix) => inSubtree(nodeCode, prefix));
  return { jurisdiction, status: covered ? CoverageStatus.NOT_CONTROLLED : CoverageStatus.UNKNOWN, tier: null, controls: [], viaChildren: [] };
}

/**
 * Whether a parameter or exclusion concerns `nodeCode`: one scoped with `appliesTo`
 * concerns only those nodes and their subtrees; an unscoped one concerns every node the
 * entry maps to.
 */
export function concerns(item: { appliesTo?: string[] | null }, nodeCode: string): boolean {
  return !item.appliesTo?.length || item.appliesTo.some((code) => inSubtree(nodeCode, code));
}

/** The parameters of a fact that concern `nodeCode`. */
export function parametersFor(fact: ControlFact, nodeCode: string): ParameterData[] {
  return fact.entry.parameters.filter((p) => concerns(p, fact.nodeCode ?? nodeCode));
}

/** The exclusions of a fact that concern `nodeCode`. */
export function exclusionsFor(fact: ControlFact, nodeCode: string): ExclusionData[] {
  return fact.entry.exclusions.filter((e) => concerns(e, fact.nodeCode ?? nodeCode));
}

const SYMBOL: Record<string, string> = { GT: '>', GTE: '≥', LT: '<', LTE: '≤', EQ: '=' };
export function describeParameter(p: ParameterData): string {
  return `${SYMBOL[p.comparator] ?? p.comparator} ${p.value}${p.unit ? ` ${p.unit}` : ''}`;
}

function groupDetail(groups: Map<string, string[]>): string {
  return [...groups.entries()].map(([k, js]) => `${k} (${js.join(', ')})`).join('; ');
}

/**
 * Where members diverge on a node. Statuses are in member order. Missing data is never a
 * divergence: a sole controller is UNILATERAL only when every other member is known
 * NOT_CONTROLLED (else ONLY_KNOWN_CONTROLLER); exclusions are compared only between
 * members whose exclusions were recorded; tier differences that rest on illustrative
 * tiers say so. Thresholds, tiers and exclusions are compared only between controls
 * mapped on the node itself, not for a group node summarising its children.
 */
export function divergences(statuses: MemberStatus[], nodeCode = ''): Divergence[] {
  const out: Divergence[] = [];
  const controlled = statuses.filter((s) => s.status === CoverageStatus.CONTROLLED);
  const notControlled = statuses.filter((s) => s.status === CoverageStatus.NOT_CONTROLLED);
  const unknown = statuses.filter((s) => s.status === CoverageStatus.UNKNOWN);
  if (controlled.length === 0) return out;
  const RECORDED = DivergenceBasis.RECORDED;
  if (notControlled.length) {
    out.push({
      kind: DivergenceKind.NOT_CONTROLLED,
      jurisdictions: notControlled.map((s) => s.jurisdiction),
      detail: `controlled in ${controlled.map((s) => s.jurisdiction).join(', ')}; not controlled in ${notControlled.map((s) => s.jurisdiction).join(', ')}`,
      basis: RECORDED,
    });
  }
  if (controlled.length === 1 && statuses.length > 1) {
    const only = controlled[0];
    const numbers = [...new Set(only.controls.map((c) => c.entry.controlNumber))].join(', ');
    out.push(
      unknown.length === 0
        ? {
            kind: DivergenceKind.UNILATERAL,
            jurisdictions: [only.jurisdiction],
            detail: `only ${only.jurisdiction} controls this item (${numbers})`,
            basis: RECORDED,
          }
        : {
            kind: DivergenceKind.ONLY_KNOWN_CONTROLLER,
            jurisdictions: [only.jurisdiction],
            detail: `${only.jurisdiction} is the only member known to control this item (${numbers}); unknown in ${unknown.map((s) => s.jurisdiction).join(', ')}`,
            basis: RECORDED,
          },
    );
  }
  const direct = controlled.filter((s) => s.viaChildren.length === 0);
  const tiers = new Map<string, string[]>();
  for (const s of direct) tiers.set(s.tier!, [...(tiers.get(s.tier!) ?? []), s.jurisdiction]);
  if (tiers.size > 1) {
    // The tier that decides each member's status is illustrative when any of its controls at that tier is.
    const illustrative = direct.filter((s) => s.controls.some((c) => c.entry.tier === s.tier && c.entry.tierIllustrative)).map((s) => s.jurisdiction);
    out.push({
      kind: DivergenceKind.TIER_DIFFERS,
      jurisdictions: direct.map((s) => s.jurisdiction),
      detail: `${groupDetail(tiers)}${illustrative.length ? `; illustrative tiers (not published policy): ${illustrative.join(', ')}` : ''}`,
      basis: illustrative.length ? DivergenceBasis.ILLUSTRATIVE : RECORDED,
    });
  }
  // Thresholds: per parameter name, each member's bounds taken together (a range such as
  // "≥ 10 and < 1000" is one threshold), compared across members.
  const byParam = new Map<string, Map<string, string[]>>();
  for (const s of direct) {
    const bounds = new Map<string, Set<string>>();
    for (const c of s.controls) {
      for (const p of parametersFor(c, nodeCode)) {
        const name = p.name.trim().toLowerCase();
        bounds.set(name, (bounds.get(name) ?? new Set()).add(describeParameter(p)));
      }
    }
    for (const [name, set] of bounds) {
      const value = [...set].sort().join(' and ');
      const values = byParam.get(name) ?? new Map<string, string[]>();
      values.set(value, [...(values.get(value) ?? []), s.jurisdiction]);
      byParam.set(name, values);
    }
  }
  for (const [name, values] of byParam) {
    if (values.size > 1) {
      const js = [...new Set([...values.values()].flat())];
      out.push({ kind: DivergenceKind.THRESHOLD_DIFFERS, jurisdictions: js, detail: `${name}: ${groupDetail(values)}`, basis: RECORDED });
    }
  }
  // Exclusions: only members every one of whose controls recorded its exclusions.
  const recorded = direct.filter((s) => s.controls.every((c) => c.entry.exclusionsRecorded !== false));
  const exclusions = new Map<string, string[]>();
  for (const s of recorded) {
    const kinds = [...new Set(s.controls.flatMap((c) => exclusionsFor(c, nodeCode).map((e) => e.kind)))].sort();
    const key = kinds.length ? kinds.join(' + ') : 'no exclusions';
    exclusions.set(key, [...(exclusions.get(key) ?? []), s.jurisdiction]);
  }
  if (exclusions.size > 1) {
    const unrecorded = direct.filter((s) => !recorded.includes(s)).map((s) => s.jurisdiction);
    out.push({
      kind: DivergenceKind.EXCLUSION_DIFFERS,
      jurisdictions: recorded.map((s) => s.jurisdiction),
      detail: `${groupDetail(exclusions)}${unrecorded.length ? `; exclusions not recorded for ${unrecorded.join(', ')}` : ''}`,
      basis: RECORDED,
    });
  }
  return out;
}
