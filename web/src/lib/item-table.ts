/**
 * The harmonized item as a table: the consortium's members as columns, each member's
 * controlling entries with thresholds and tiers, divergences highlighted, not-controlled and
 * unknown members marked in words as well as colour.
 */
import { h, replace, srOnly } from './dom';
import { DIVERGENCE_LABEL, STATUS_LABEL, TIER_LABEL, statusBadge, statusClass, thresholdValue, tierBadge } from './format';
import type { DivergenceKind } from '../operations/common';
import type { HarmonizedItem } from '../operations/explorer';

type Row = 'status' | 'tier' | 'entries' | 'thresholds' | 'exclusions';

/** The short reason under a status that is not CONTROLLED (the key below the table says more). */
const STATUS_NOTE: Record<string, string> = {
  NOT_CONTROLLED: 'list mapped here; no control',
  UNKNOWN: 'list not mapped here',
};

/** Which (row, member) cells a divergence concerns. */
const DIVERGENCE_ROW: Record<DivergenceKind, Row> = {
  NOT_CONTROLLED: 'status',
  UNILATERAL: 'status',
  ONLY_KNOWN_CONTROLLER: 'status',
  TIER_DIFFERS: 'tier',
  THRESHOLD_DIFFERS: 'thresholds',
  EXCLUSION_DIFFERS: 'exclusions',
};

export interface ItemView {
  heading: HTMLElement;
  body: HTMLElement;
  /** The link to another item (keeps the page's search in the URL). */
  hrefOf: (code: string) => string;
  onClose: () => void;
}

/** Render a harmonized item into the page's item panel. */
export function renderItem(item: HarmonizedItem, view: ItemView): void {
  const { node } = item;
  replace(view.heading, node.label, ' ', h('code', { class: 'item-code' }, node.code));

  const diverging = new Map<string, DivergenceKind[]>(); // `${row}:${member}` → kinds
  for (const d of item.divergences) {
    for (const j of d.jurisdictions) {
      const key = `${DIVERGENCE_ROW[d.kind]}:${j}`;
      diverging.set(key, [...(diverging.get(key) ?? []), d.kind]);
    }
  }
  const divergingRows = new Set(item.divergences.map((d) => DIVERGENCE_ROW[d.kind]));

  // A parameter differs when the members that state it do not all state the same
  // thresholds (a member's range, e.g. ≥ 10 and < 1000, is one statement).
  const statements = new Map<string, Map<string, Set<string>>>(); // name → member → values
  for (const c of item.controls) {
    for (const p of c.parameters) {
      const name = p.name.trim().toLowerCase();
      const byMember = statements.get(name) ?? new Map<string, Set<string>>();
      byMember.set(c.jurisdiction.code, (byMember.get(c.jurisdiction.code) ?? new Set()).add(thresholdValue(p)));
      statements.set(name, byMember);
    }
  }
  const paramDiffers = (name: string) => {
    const byMember = statements.get(name.trim().toLowerCase());
    return !!byMember && new Set([...byMember.values()].map((v) => [...v].sort().join('|'))).size > 1;
  };

  const controlsOf = (code: string) => item.controls.filter((c) => c.jurisdiction.code === code);
  const members = item.members;
  const caption = `How each member of ${item.consortium.name} controls ${node.code}`;

  const cell = (row: Row, member: (typeof members)[number], content: () => (Node | string | null | (Node | string)[])[]) => {
    const kinds = diverging.get(`${row}:${member.jurisdiction.code}`) ?? [];
    const cls = [statusClass(member.status), kinds.length ? 'diverges' : ''].filter(Boolean).join(' ');
    if (member.status !== 'CONTROLLED' && row !== 'status') {
      return h('td', { class: cls }, h('span', { 'aria-hidden': 'true', class: 'muted' }, '—'), ' ', srOnly(STATUS_LABEL[member.status]));
    }
    return h(
      'td',
      { class: cls, 'data-member': member.jurisdiction.code, 'data-row': row },
      ...content(),
      kinds.length ? h('span', { class: 'diverge-flag' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), kinds.map((k) => DIVERGENCE_LABEL[k]).join(', ')) : null,
    );
  };

  const rowHeader = (row: Row, label: string) =>
    h(
      'th',
      { scope: 'row', class: divergingRows.has(row) ? 'row-diverges' : '' },
      label,
      divergingRows.has(row) ? h('span', { class: 'row-flag' }, ' (members differ)') : null,
    );

  const table = h(
    'table',
    { class: 'harmonized-table', id: 'harmonized-table' },
    h('caption', { id: 'harmonized-caption' }, caption),
    h(
      'colgroup',
      {},
      h('col', { class: 'col-head' }),
      members.map(() => h('col', {})),
    ),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'corner' }, 'Member'),
        members.map((m) =>
          h(
            'th',
            { scope: 'col', class: statusClass(m.status), 'data-member': m.jurisdiction.code },
            h('abbr', { title: m.jurisdiction.name }, m.jurisdiction.code),
            h('span', { class: 'member-name' }, m.jurisdiction.name),
          ),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      h(
        'tr',
        { 'data-row': 'status' },
        rowHeader('status', 'Status'),
        members.map((m) =>
          cell('status', m, () => [statusBadge(m.status), m.status !== 'CONTROLLED' ? [' ', h('span', { class: 'cell-note' }, STATUS_NOTE[m.status])] : null]),
        ),
      ),
      h(
        'tr',
        { 'data-row': 'tier' },
        rowHeader('tier', 'Licensing tier'),
        members.map((m) => cell('tier', m, () => [m.tier ? tierBadge(m.tier) : null])),
      ),
      h(
        'tr',
        { 'data-row': 'entries' },
        rowHeader('entries', 'Controlling entries'),
        members.map((m) =>
          cell('entries', m, () => [
            h(
              'ul',
              { class: 'cell-list' },
              controlsOf(m.jurisdiction.code).map((c) =>
                h(
                  'li',
                  {},
                  h('strong', { class: 'control-number' }, c.entry.controlNumber),
                  ' ',
                  h('span', {}, c.entry.title),
                  h(
                    'span',
                    { class: 'cell-note' },
                    `${c.relation.toLowerCase()} match`,
                    c.listJurisdiction.code !== m.jurisdiction.code ? ` · via the ${c.listJurisdiction.code} list` : '',
                    ' · ',
                    TIER_LABEL[c.tier],
                  ),
                ),
              ),
            ),
          ]),
        ),
      ),
      h(
        'tr',
        { 'data-row': 'thresholds' },
        rowHeader('thresholds', 'Thresholds'),
        members.map((m) =>
          cell('thresholds', m, () => {
            const params = controlsOf(m.jurisdiction.code).flatMap((c) => c.parameters);
            const seen = new Set<string>();
            const unique = params.filter((p) => {
              const key = `${p.name.toLowerCase()}|${thresholdValue(p)}`;
              return seen.has(key) ? false : (seen.add(key), true);
            });
            if (!unique.length) return [h('span', { class: 'muted' }, 'No threshold stated')];
            return [
              h(
                'ul',
                { class: 'cell-list' },
                unique.map((p) =>
                  h(
                    'li',
                    { class: paramDiffers(p.name) ? 'value-differs' : '' },
                    `${p.name} `,
                    h('strong', {}, thresholdValue(p)),
                    paramDiffers(p.name) ? h('span', { class: 'value-flag' }, ' ≠ differs') : null,
                  ),
                ),
              ),
            ];
          }),
        ),
      ),
      h(
        'tr',
        { 'data-row': 'exclusions' },
        rowHeader('exclusions', 'Exclusions'),
        members.map((m) =>
          cell('exclusions', m, () => {
            const controls = controlsOf(m.jurisdiction.code);
            const exclusions = controls.flatMap((c) => c.exclusions);
            // "None entered" is not "none": say when the exclusions were not (fully) recorded.
            const unrecorded = controls.some((c) => !c.exclusionsRecorded);
            const note = unrecorded ? h('span', { class: 'muted unrecorded' }, exclusions.length ? ' (not known to be complete)' : 'Not recorded') : null;
            if (!exclusions.length) return [note ?? h('span', { class: 'muted' }, 'None')];
            return [
              h(
                'ul',
                { class: 'cell-list' },
                exclusions.map((e) => h('li', {}, h('strong', {}, e.kind.toLowerCase().replace(/_/g, ' ')), `: ${e.description}`)),
              ),
              note,
            ];
          }),
        ),
      ),
    ),
  );

  const counts = { CONTROLLED: 0, NOT_CONTROLLED: 0, UNKNOWN: 0 };
  for (const m of members) counts[m.status]++;

  replace(
    view.body,
    node.description ? h('p', { class: 'item-description' }, node.description) : null,
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', {}, 'Consortium'), h('dd', {}, item.consortium.name)),
      h('div', {}, h('dt', {}, 'As of'), h('dd', { 'data-as-of': item.asOf }, item.asOf, ' (the list versions in force that day)')),
      h(
        'div',
        {},
        h('dt', {}, 'Most restrictive tier'),
        h('dd', {}, item.mostRestrictiveTier ? tierBadge(item.mostRestrictiveTier) : 'Not controlled by any member'),
      ),
      h('div', {}, h('dt', {}, 'Members'), h('dd', {}, `${counts.CONTROLLED} control it · ${counts.NOT_CONTROLLED} do not · ${counts.UNKNOWN} unknown`)),
      node.hsCodes.length ? h('div', {}, h('dt', {}, 'Indicative HS codes'), h('dd', {}, node.hsCodes.join(', '))) : null,
      node.parent
        ? h(
            'div',
            {},
            h('dt', {}, 'Part of'),
            h(
              'dd',
              {},
              h(
                'a',
                { href: view.hrefOf(node.parent.code), 'data-item': node.parent.code, class: 'item-link' },
                node.parent.label,
                ' ',
                h('code', {}, node.parent.code),
              ),
            ),
          )
        : null,
    ),
    h(
      'section',
      { class: 'divergences', 'aria-labelledby': 'divergences-heading' },
      h('h3', { id: 'divergences-heading' }, item.divergences.length ? `Divergences (${item.divergences.length})` : 'Divergences'),
      item.divergences.length
        ? h(
            'ul',
            { class: 'divergence-list' },
            item.divergences.map((d) =>
              h(
                'li',
                { class: `divergence divergence-${d.kind.toLowerCase()}`, 'data-basis': d.basis },
                h('strong', {}, DIVERGENCE_LABEL[d.kind]),
                d.basis === 'ILLUSTRATIVE' ? h('span', { class: 'basis-illustrative' }, ' (rests on illustrative tiers, not published policy)') : null,
                ': ',
                d.detail,
              ),
            ),
          )
        : h('p', {}, item.controls.length ? 'None: every member that has been mapped here controls it alike.' : 'None: no member controls this item.'),
    ),
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'harmonized-caption', tabindex: '0' }, table),
    h(
      'p',
      { class: 'table-key' },
      h('span', { class: 'key-swatch diverges', 'aria-hidden': 'true' }),
      ' ⚠ marks a cell where members diverge; ',
      h('span', { class: 'status status-not-controlled' }, '○ Not controlled'),
      ': the member’s list is mapped here and does not control the item; ',
      h('span', { class: 'status status-unknown' }, '? Unknown'),
      ': the member’s list has not been mapped for this part of the taxonomy (never counted as a divergence).',
    ),
    h('p', {}, h('button', { type: 'button', class: 'button-secondary', onclick: view.onClose }, 'Close item')),
  );
}
