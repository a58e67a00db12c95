/**
 * `/`: search control entries (controlEntries) and open a harmonized item
 * (harmonizedItem): the consortium's members as columns, each member's controlling
 * entries with thresholds and tiers, divergences highlighted, not-controlled and unknown
 * members marked in words as well as colour. State lives in the URL (?text=…&item=…) so
 * that back/forward and shared links work.
 */
import { byId, busy, formText, h, notice, replace } from './lib/dom';
import { plural, thresholdValue, tierBadge } from './lib/format';
import { describeError, gql } from './lib/graphql';
import { renderItem } from './lib/item-table';
import { TAXONOMY_ROOTS_QUERY, type TaxonomyData, type TaxonomyTreeNode } from './operations/concordance';
import {
  HARMONIZED_ITEM_QUERY,
  JURISDICTIONS_QUERY,
  SEARCH_ENTRIES_QUERY,
  type HarmonizedItemData,
  type JurisdictionsData,
  type SearchEntriesData,
  type SearchEntry,
} from './operations/explorer';

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
        ? h(
            'p',
            { class: 'result-thresholds' },
            'Thresholds: ',
            entry.parameters.map((p, i) => [i ? '; ' : '', `${p.name} ${thresholdValue(p)}`]),
          )
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
    const data = await gql<HarmonizedItemData>(
      HARMONIZED_ITEM_QUERY,
      { code, asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : null },
      { signal: controller.signal },
    );
    if (!data.harmonizedItem) {
      replace(itemHeading, `No item ${code}`);
      replace(itemBody, notice('error', `There is no taxonomy node with the code “${code}”. Codes look like BIO.EQP.FERMENTER.`));
    } else {
      renderItem(data.harmonizedItem, {
        heading: itemHeading,
        body: itemBody,
        hrefOf: itemHref,
        onClose: () => {
          closeItem();
          writeUrl(currentFilterFromUrl(), null);
        },
      });
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
