/**
 * `/`: search control entries (controlEntries) and open a harmonized item
 * (harmonizedItem): the consortium's members as columns, each member's controlling
 * entries with thresholds and tiers, divergences highlighted, not-controlled and unknown
 * members marked in words as well as colour. State lives in the URL (?text=…&item=…) so
 * that back/forward and shared links work.
 */
import { byId, busy, formText, h, notice, replace, srOnly } from './lib/dom';
import { DIVERGENCE_LABEL, STATUS_LABEL, TIER_LABEL, plural, statusBadge, statusClass, thresholdValue, tierBadge } from './lib/format';
import { describeError, gql } from './lib/graphql';
import {
  HARMONIZED_ITEM_QUERY,
  JURISDICTIONS_QUERY,
  SEARCH_ENTRIES_QUERY,
  TAXONOMY_ROOTS_QUERY,
  type DivergenceKind,
  type HarmonizedItem,
  type HarmonizedItemData,
  type JurisdictionsData,
  type SearchEntriesData,
  type SearchEntry,
  type TaxonomyData,
  type TaxonomyTreeNode,
} from './operations';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['text', 'hsCode', 'jurisdiction', 'tier'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];
type Filter = Partial<Record<FilterKey, string>>;

const searchForm = byId<HTMLFormElement>('search-form');
const itemForm = byId<HTMLFormElement>('item-form');
const resultsStatus = byId('results-status');
const resultsList = byId<HTMLOListElement>('results-list');
const moreButton = byId<HTMLButtonElement>('results-more');
const itemPanel = byId('item');
const itemHeading = byId('item-heading');
const itemBody = byId('item-body');

let nextCursor: string | null = null;
let searchController: AbortController | null = null;
let itemController: AbortController | null = null;

// ------------------------------------------------------------------ URL state

function readUrl(): { filter: Filter; item: string | null; searched: boolean } {
  const params = new URLSearchParams(location.search);
  const filter: Filter = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) filter[key] = v;
  }
  return { filter, item: params.get('item')?.trim() || null, searched: params.has('search') || Object.keys(filter).length > 0 };
}

function writeUrl(filter: Filter | null, item: string | null, mode: 'push' | 'replace' = 'push'): void {
  const params = new URLSearchParams();
  if (filter) {
    for (const key of FILTER_KEYS) if (filter[key]) params.set(key, filter[key]);
    if (!Object.keys(filter).length) params.set('search', 'all');
  }
  if (item) params.set('item', item);
  const url = `${location.pathname}${params.toString() ? `?${params}` : ''}`;
  if (url === `${location.pathname}${location.search}`) return;
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

function currentFilterFromUrl(): Filter | null {
  const { filter, searched } = readUrl();
  return searched ? filter : null;
}

function formFilter(): Filter {
  const data = new FormData(searchForm);
  const filter: Filter = {};
  for (const key of FILTER_KEYS) {
    const v = formText(data, key);
    if (v) filter[key] = v;
  }
  return filter;
}

function fillForm(filter: Filter): void {
  for (const key of FILTER_KEYS) {
    const field = searchForm.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement | null;
    if (field) field.value = filter[key] ?? '';
  }
}

// ------------------------------------------------------------------ search

async function search(filter: Filter, append: boolean): Promise<void> {
  searchController?.abort();
  const controller = new AbortController();
  searchController = controller;
  busy(resultsList, true);
  if (!append) {
    resultsList.replaceChildren();
    replace(resultsStatus, 'Searching…');
  }
  moreButton.hidden = true;
  try {
    const data = await gql<SearchEntriesData>(
      SEARCH_ENTRIES_QUERY,
      { filter: { ...filter, tier: filter.tier || undefined }, first: PAGE_SIZE, after: append ? nextCursor : null },
      { signal: controller.signal },
    );
    const { totalCount, pageInfo, edges } = data.controlEntries;
    const firstNew = resultsList.children.length;
    for (const edge of edges) resultsList.appendChild(renderEntry(edge.node));
    nextCursor = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    moreButton.hidden = !nextCursor;
    const shown = resultsList.children.length;
    replace(
      resultsStatus,
      totalCount === 0
        ? notice('info', 'No published entry matches. Try fewer words, another HS code prefix or “Any” jurisdiction.')
        : `${plural(totalCount, 'entry', 'entries')} found${shown < totalCount ? `; showing ${shown}` : ''}.`,
    );
    // Keyboard users who asked for more land on the first new result.
    if (append) resultsList.children[firstNew]?.querySelector<HTMLElement>('h3 a, h3')?.focus?.();
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    replace(resultsStatus, notice('error', `Search failed: ${describeError(err)}`));
  } finally {
    if (searchController === controller) busy(resultsList, false);
  }
}

function renderEntry(entry: SearchEntry): HTMLLIElement {
  const headingId = `entry-${entry.id}`;
  const accepted = entry.mappings.filter((m) => m.status === 'ACCEPTED');
  return h(
    'li',
    { class: 'result' },
    h(
      'article',
      { 'aria-labelledby': headingId },
      h('h3', { id: headingId, tabindex: '-1' }, h('span', { class: 'control-number' }, entry.controlNumber), ' ', entry.title),
      h(
        'p',
        { class: 'result-meta' },
        h('span', { class: 'jurisdiction' }, h('abbr', { title: entry.jurisdiction.name }, entry.jurisdiction.code), ` ${entry.jurisdiction.name}`),
        ' · ',
        tierBadge(entry.tier, entry.tierIllustrative),
        entry.hsCodes.length ? [' · ', h('span', {}, `HS ${entry.hsCodes.join(', ')}`)] : null,
      ),
      entry.parameters.length
        ? h('p', { class: 'result-thresholds' }, 'Thresholds: ', entry.parameters.map((p, i) => [i ? '; ' : '', `${p.name} ${thresholdValue(p)}`]))
        : null,
      h('details', { class: 'result-text' }, h('summary', {}, 'What it controls'), h('p', {}, entry.text)),
      h(
        'p',
        { class: 'result-items' },
        accepted.length
          ? [
              accepted.length === 1 ? 'Harmonized item: ' : 'Harmonized items: ',
              accepted.map((m, i) => [
                i ? ', ' : '',
                h('a', { href: itemHref(m.node.code), 'data-item': m.node.code, class: 'item-link' }, m.node.label, ' ', h('code', {}, m.node.code)),
              ]),
            ]
          : h('span', { class: 'muted' }, 'Not mapped onto the shared taxonomy yet.'),
      ),
    ),
  );
}

function itemHref(code: string): string {
  const params = new URLSearchParams(location.search);
  params.set('item', code);
  return `/?${params}`;
}

// ------------------------------------------------------------------ harmonized item

async function openItem(code: string, focus: boolean): Promise<void> {
  itemController?.abort();
  const controller = new AbortController();
  itemController = controller;
  itemPanel.hidden = false;
  busy(itemPanel, true);
  replace(itemHeading, `Harmonized item ${code}`);
  replace(itemBody, h('p', { role: 'status' }, 'Loading…'));
  try {
    // ?asOf=YYYY-MM-DD answers for that day (the list versions in force then); default today.
    const asOf = new URLSearchParams(location.search).get('asOf');
    const data = await gql<HarmonizedItemData>(HARMONIZED_ITEM_QUERY, { code, asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null }, { signal: controller.signal });
    if (!data.harmonizedItem) {
      replace(itemHeading, `No item ${code}`);
      replace(itemBody, notice('error', `There is no taxonomy node with the code “${code}”. Codes look like BIO.EQP.FERMENTER.`));
    } else {
      renderItem(data.harmonizedItem);
    }
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    replace(itemHeading, `Harmonized item ${code}`);
    replace(itemBody, notice('error', `Could not load the item: ${describeError(err)}`));
  } finally {
    if (itemController === controller) busy(itemPanel, false);
  }
  if (focus) {
    itemHeading.focus({ preventScroll: true });
    itemPanel.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }
}

function closeItem(): void {
  itemController?.abort();
  itemPanel.hidden = true;
  itemBody.replaceChildren();
}

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

function renderItem(item: HarmonizedItem): void {
  const { node } = item;
  replace(itemHeading, node.label, ' ', h('code', { class: 'item-code' }, node.code));

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
    h('th', { scope: 'row', class: divergingRows.has(row) ? 'row-diverges' : '' }, label, divergingRows.has(row) ? h('span', { class: 'row-flag' }, ' (members differ)') : null);

  const table = h(
    'table',
    { class: 'harmonized-table', id: 'harmonized-table' },
    h('caption', { id: 'harmonized-caption' }, caption),
    h('colgroup', {}, h('col', { class: 'col-head' }), members.map(() => h('col', {}))),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'corner' }, 'Member'),
        members.map((m) =>
          h('th', { scope: 'col', class: statusClass(m.status), 'data-member': m.jurisdiction.code }, h('abbr', { title: m.jurisdiction.name }, m.jurisdiction.code), h('span', { class: 'member-name' }, m.jurisdiction.name)),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      h('tr', { 'data-row': 'status' }, rowHeader('status', 'Status'), members.map((m) => cell('status', m, () => [statusBadge(m.status), m.status !== 'CONTROLLED' ? [' ', h('span', { class: 'cell-note' }, STATUS_NOTE[m.status])] : null]))),
      h('tr', { 'data-row': 'tier' }, rowHeader('tier', 'Licensing tier'), members.map((m) => cell('tier', m, () => [m.tier ? tierBadge(m.tier) : null]))),
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
            return [h('ul', { class: 'cell-list' }, exclusions.map((e) => h('li', {}, h('strong', {}, e.kind.toLowerCase().replace(/_/g, ' ')), `: ${e.description}`))), note];
          }),
        ),
      ),
    ),
  );

  const counts = { CONTROLLED: 0, NOT_CONTROLLED: 0, UNKNOWN: 0 };
  for (const m of members) counts[m.status]++;

  replace(
    itemBody,
    node.description ? h('p', { class: 'item-description' }, node.description) : null,
    h(
      'dl',
      { class: 'facts' },
      h('div', {}, h('dt', {}, 'Consortium'), h('dd', {}, item.consortium.name)),
      h('div', {}, h('dt', {}, 'As of'), h('dd', { 'data-as-of': item.asOf }, item.asOf, ' (the list versions in force that day)')),
      h('div', {}, h('dt', {}, 'Most restrictive tier'), h('dd', {}, item.mostRestrictiveTier ? tierBadge(item.mostRestrictiveTier) : 'Not controlled by any member')),
      h('div', {}, h('dt', {}, 'Members'), h('dd', {}, `${counts.CONTROLLED} control it · ${counts.NOT_CONTROLLED} do not · ${counts.UNKNOWN} unknown`)),
      node.hsCodes.length ? h('div', {}, h('dt', {}, 'Indicative HS codes'), h('dd', {}, node.hsCodes.join(', '))) : null,
      node.parent ? h('div', {}, h('dt', {}, 'Part of'), h('dd', {}, h('a', { href: itemHref(node.parent.code), 'data-item': node.parent.code, class: 'item-link' }, node.parent.label, ' ', h('code', {}, node.parent.code)))) : null,
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
    h('p', {}, h('button', { type: 'button', class: 'button-secondary', onclick: () => { closeItem(); writeUrl(currentFilterFromUrl(), null); } }, 'Close item')),
  );
}

// ------------------------------------------------------------------ set-up

async function loadChoices(): Promise<void> {
  const select = searchForm.elements.namedItem('jurisdiction') as HTMLSelectElement;
  const datalist = byId<HTMLDataListElement>('taxonomy-codes');
  const [jurisdictions, taxonomy] = await Promise.allSettled([gql<JurisdictionsData>(JURISDICTIONS_QUERY), gql<TaxonomyData>(TAXONOMY_ROOTS_QUERY)]);
  if (jurisdictions.status === 'fulfilled') {
    const wanted = select.value || readUrl().filter.jurisdiction || '';
    const sorted = [...jurisdictions.value.jurisdictions].sort((a, b) => a.name.localeCompare(b.name));
    for (const j of sorted) select.appendChild(h('option', { value: j.code }, `${j.name} (${j.code})`));
    select.value = wanted;
  }
  if (taxonomy.status === 'fulfilled') {
    const walk = (nodes: TaxonomyTreeNode[]): void => {
      for (const n of nodes) {
        datalist.appendChild(h('option', { value: n.code }, n.label));
        walk(n.children ?? []);
      }
    };
    walk(taxonomy.value.taxonomy);
  }
}

function applyUrl(focusItem: boolean): void {
  const { filter, item, searched } = readUrl();
  fillForm(filter);
  if (searched) void search(filter, false);
  else {
    resultsList.replaceChildren();
    moreButton.hidden = true;
    replace(resultsStatus, 'Enter a search above, or leave every field empty to list all published entries.');
  }
  if (item) {
    (itemForm.elements.namedItem('code') as HTMLInputElement).value = item;
    void openItem(item, focusItem);
  } else closeItem();
}

searchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const filter = formFilter();
  writeUrl(filter, null);
  closeItem();
  void search(filter, false);
});

searchForm.addEventListener('reset', (event) => {
  // Cleared here and at once (fillForm empties every field): a clear deferred to after the
  // browser's own would wipe whatever is typed right after choosing Clear.
  event.preventDefault();
  writeUrl(null, null);
  applyUrl(false);
  (searchForm.elements.namedItem('text') as HTMLInputElement).focus();
});

itemForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const code = formText(new FormData(itemForm), 'code');
  if (!code) {
    (itemForm.elements.namedItem('code') as HTMLInputElement).focus();
    return;
  }
  writeUrl(currentFilterFromUrl(), code);
  void openItem(code, true);
});

moreButton.addEventListener('click', () => {
  void search(currentFilterFromUrl() ?? {}, true);
});

// Item links (results, parent) open in place; a modified click opens a new tab as usual.
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a[data-item]') as HTMLAnchorElement | null;
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const code = link.dataset.item!;
  writeUrl(currentFilterFromUrl(), code);
  (itemForm.elements.namedItem('code') as HTMLInputElement).value = code;
  void openItem(code, true);
});

window.addEventListener('popstate', () => applyUrl(false));

void loadChoices();
applyUrl(true);
