/**
 * The pure rules of the harmonized views (DESIGN.md §1, Harmonized views): given, for one
 * taxonomy node, each member's controlling entries and which taxonomy subtrees its lists
 * cover, decide each member's status and the divergences. No database here.
 */
import { LicensingTier, MappingRelation, TIER_RANK } from '../control-lists/control-list.enums';
import type { ExclusionData, ParameterData } from '../control-lists/control-entry.types';

export enum CoverageStatus {
  CONTROLLED = 'CONTROLLED',
  NOT_CONTROLLED = 'NOT_CONTROLLED',
  UNKNOWN = 'UNKNOWN',
}

export enum DivergenceKind {
  NOT_CONTROLLED = 'NOT_CONTROLLED',
  TIER_DIFFERS = 'TIER_DIFFERS',
  THRESHOLD_DIFFERS = 'THRESHOLD_DIFFERS',
  EXCLUSION_DIFFERS = 'EXCLUSION_DIFFERS',
  UNILATERAL = 'UNILATERAL',
}

export interface ControlFact {
  /** The member the control applies in. */
  jurisdiction: string;
  /** Whose list the entry is on (differs when the member adopts another's list). */
  listJurisdiction: string;
  relation: MappingRelation;
  entry: { id: string; controlNumber: string; tier: LicensingTier; parameters: ParameterData[]; exclusions: ExclusionData[] };
}

export interface MemberStatus {
  jurisdiction: string;
  status: CoverageStatus;
  /** Most restrictive tier of the member's controls (null unless CONTROLLED). */
  tier: LicensingTier | null;
  controls: ControlFact[];
}

export interface Divergence {
  kind: DivergenceKind;
  jurisdictions: string[];
  detail: string;
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
 * of a published entry reaches it; NOT_CONTROLLED only when one of its lists declares it
 * has been mapped for the node's subtree; otherwise UNKNOWN — incomplete data must never
 * pass for a divergence.
 */
export function memberStatus(jurisdiction: string, nodeCode: string, controls: ControlFact[], coverage: string[]): MemberStatus {
  const own = controls.filter((c) => c.jurisdiction === jurisdiction && c.relation !== MappingRelation.RELATED);
  if (own.length) return { jurisdiction, status: CoverageStatus.CONTROLLED, tier: mostRestrictive(own.map((c) => c.entry.tier)), controls: own };
  const covered = coverage.some((prefix) => inSubtree(nodeCode, prefix));
  return { jurisdiction, status: covered ? CoverageStatus.NOT_CONTROLLED : CoverageStatus.UNKNOWN, tier: null, controls: [] };
}

const SYMBOL: Record<string, string> = { GT: '>', GTE: '≥', LT: '<', LTE: '≤', EQ: '=' };
export function describeParameter(p: ParameterData): string {
  return `${SYMBOL[p.comparator] ?? p.comparator} ${p.value}${p.unit ? ` ${p.unit}` : ''}`;
}

function groupDetail(groups: Map<string, string[]>): string {
  return [...groups.entries()].map(([k, js]) => `${k} (${js.join(', ')})`).join('; ');
}

/** Where members diverge on a node. Statuses are in member order. */
export function divergences(statuses: MemberStatus[]): Divergence[] {
  const out: Divergence[] = [];
  const controlled = statuses.filter((s) => s.status === CoverageStatus.CONTROLLED);
  const notControlled = statuses.filter((s) => s.status === CoverageStatus.NOT_CONTROLLED);
  if (controlled.length === 0) return out;
  if (notControlled.length) {
    out.push({
      kind: DivergenceKind.NOT_CONTROLLED,
      jurisdictions: notControlled.map((s) => s.jurisdiction),
      detail: `controlled in ${controlled.map((s) => s.jurisdiction).join(', ')}; not controlled in ${notControlled.map((s) => s.jurisdiction).join(', ')}`,
    });
  }
  if (controlled.length === 1 && statuses.length > 1) {
    const only = controlled[0];
    out.push({
      kind: DivergenceKind.UNILATERAL,
      jurisdictions: [only.jurisdiction],
      detail: `only ${only.jurisdiction} controls this item (${only.controls.map((c) => c.entry.controlNumber).join(', ')})`,
    });
  }
  const tiers = new Map<string, string[]>();
  for (const s of controlled) tiers.set(s.tier!, [...(tiers.get(s.tier!) ?? []), s.jurisdiction]);
  if (tiers.size > 1) {
    out.push({ kind: DivergenceKind.TIER_DIFFERS, jurisdictions: controlled.map((s) => s.jurisdiction), detail: groupDetail(tiers) });
  }
  // Thresholds: per parameter name, each member's bounds taken together (a range such as
  // "≥ 10 and < 1000" is one threshold), compared across members.
  const byParam = new Map<string, Map<string, string[]>>();
  for (const s of controlled) {
    const bounds = new Map<string, Set<string>>();
    for (const c of s.controls) {
      for (const p of c.entry.parameters) {
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
      out.push({ kind: DivergenceKind.THRESHOLD_DIFFERS, jurisdictions: js, detail: `${name}: ${groupDetail(values)}` });
    }
  }
  const exclusions = new Map<string, string[]>();
  for (const s of controlled) {
    const kinds = [...new Set(s.controls.flatMap((c) => c.entry.exclusions.map((e) => e.kind)))].sort();
    const key = kinds.length ? kinds.join(' + ') : 'no exclusions';
    exclusions.set(key, [...(exclusions.get(key) ?? []), s.jurisdiction]);
  }
  if (exclusions.size > 1) {
    out.push({ kind: DivergenceKind.EXCLUSION_DIFFERS, jurisdictions: controlled.map((s) => s.jurisdiction), detail: groupDetail(exclusions) });
  }
  return out;
}
