/** Labels, symbols and classes shared by the pages (tiers, statuses, thresholds). */
import type { Comparator, CoverageStatus, DivergenceKind, LicensingTier, Parameter } from '../operations/common';
import { h } from './dom';

export const TIERS: LicensingTier[] = ['DECLARATION', 'STANDARD', 'ENHANCED'];

export const TIER_LABEL: Record<LicensingTier, string> = {
  DECLARATION: 'Declaration',
  STANDARD: 'Standard licence',
  ENHANCED: 'Enhanced review',
};

export const TIER_SHORT: Record<LicensingTier, string> = {
  DECLARATION: 'Declaration',
  STANDARD: 'Standard',
  ENHANCED: 'Enhanced',
};

export const TIER_HINT: Record<LicensingTier, string> = {
  DECLARATION: 'basic lab equipment: a simplified declaration',
  STANDARD: 'a standard individual licence',
  ENHANCED: 'exhaustive review plus post-shipment monitoring',
};

export const STATUS_LABEL: Record<CoverageStatus, string> = {
  CONTROLLED: 'Controlled',
  NOT_CONTROLLED: 'Not controlled',
  UNKNOWN: 'Unknown',
};

export const STATUS_HINT: Record<CoverageStatus, string> = {
  CONTROLLED: 'an accepted mapping of a published entry reaches the item',
  NOT_CONTROLLED: 'the list has been mapped here and does not control the item',
  UNKNOWN: 'the list has not been mapped for this part of the taxonomy',
};

export const DIVERGENCE_LABEL: Record<DivergenceKind, string> = {
  NOT_CONTROLLED: 'Not controlled everywhere',
  UNILATERAL: 'Unilateral control',
  ONLY_KNOWN_CONTROLLER: 'Only known controller',
  TIER_DIFFERS: 'Tiers differ',
  THRESHOLD_DIFFERS: 'Thresholds differ',
  EXCLUSION_DIFFERS: 'Exclusions differ',
};

const SYMBOL: Record<Comparator, string> = { GT: '>', GTE: '≥', LT: '<', LTE: '≤', EQ: '=' };

/** "≥ 20 L", as the server's divergence details write it. */
export function thresholdValue(p: Parameter): string {
  return `${SYMBOL[p.comparator] ?? p.comparator} ${p.value}${p.unit ? ` ${p.unit}` : ''}`;
}

export function tierClass(tier: LicensingTier | null | undefined): string {
  return tier ? `tier-${tier.toLowerCase()}` : 'tier-none';
}

export function statusClass(status: CoverageStatus): string {
  return `status-${status.toLowerCase().replace('_', '-')}`;
}

/** A tier badge: the colour is a hint, the word carries the meaning. */
export function tierBadge(tier: LicensingTier, illustrative = false): HTMLSpanElement {
  return h(
    'span',
    { class: `badge ${tierClass(tier)}`, title: TIER_HINT[tier] },
    TIER_SHORT[tier],
    illustrative ? h('span', { class: 'badge-note' }, ' (illustrative)') : null,
  );
}

/** A status badge with a symbol and a word: ✓ Controlled, ✗ Not controlled, ? Unknown. */
export function statusBadge(status: CoverageStatus): HTMLSpanElement {
  const symbol = status === 'CONTROLLED' ? '●' : status === 'NOT_CONTROLLED' ? '○' : '?';
  return h(
    'span',
    { class: `status ${statusClass(status)}`, title: STATUS_HINT[status] },
    h('span', { 'aria-hidden': 'true', class: 'status-symbol' }, symbol),
    ' ',
    STATUS_LABEL[status],
  );
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
