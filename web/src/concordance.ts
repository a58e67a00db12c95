/**
 * `/concordance`: the concordance matrix of a consortium (optionally a taxonomy subtree),
 * paged with the API's cursors (Next / Previous keep a stack of `after` cursors), cells
 * coloured by tier with a key, and the CSV export link (/export/concordance.csv).
 */
import { byId, busy, h, notice, replace } from './lib/dom';
import { STATUS_HINT, TIER_HINT, TIER_SHORT, plural, statusClass, tierClass } from './lib/format';
import { describeError, gql } from './lib/graphql';
import {
  CONCORDANCE_QUERY,
  CONSORTIA_QUERY,
  TAXONOMY_ROOTS_QUERY,
  type ConcordanceCell,
  type ConcordanceData,
  type ConsortiaData,
  type TaxonomyData,
  type TaxonomyTreeNode,
} from './operations/concordance';

const form = byId<HTMLFormElement>('matrix-form');
const consortiumSelect = byId<HTMLSelectElement>('m-consortium');
const prefixSelect = byId<HTMLSelectElement>('m-prefix');
const firstSelect = byId<HTMLSelectElement>('m-first');
const csvLink = byId<HTMLAnchorElement>('csv-link');
const status = byId('matrix-status');
const container = byId('matrix-container');
const prevButton = byId<HTMLButtonElement>('prev-page');
const nextButton = byId<HTMLButtonElement>('next-page');
const pageLabel = byId('page-label');

interface View {
  consortiumId: string;
  prefix: string;
  first: number;
  /** ?asOf=YYYY-MM-DD: the list versions in force that day (default today). */
  asOf: string | null;
}

function asOfFromUrl(): string | null {
  const v = new URLSearchParams(location.search).get('asOf');
  return v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

let view: View | null = null;
/** `after` cursor of each page seen so far: afters[0] is null (the first page). */
let afters: (string | null)[] = [null];
let page = 0;
let nextCursor: string | null = null;
let controller: AbortController | null = null;
let consortiumNames = new Map<string, string>();

function readForm(): View {
  return {
    consortiumId: consortiumSelect.value,
    prefix: prefixSelect.value,
    first: Number(firstSelect.value) || 20,
    asOf: asOfFromUrl(),
  };
}

function csvHref(v: View): string {
  const params = new URLSearchParams({ consortiumId: v.consortiumId });
  if (v.prefix) params.set('taxonomyPrefix', v.prefix);
  if (v.asOf) params.set('asOf', v.asOf);
  return `/export/concordance.csv?${params}`;
}

function updateCsvLink(v: View | null): void {
  if (v?.consortiumId) {
    csvLink.href = csvHref(v);
    csvLink.removeAttribute('aria-disabled');
  } else {
    csvLink.setAttribute('aria-disabled', 'true');
  }
}

function writeUrl(v: View): void {
  const params = new URLSearchParams({ consortium: v.consortiumId });
  if (v.prefix) params.set('prefix', v.prefix);
  if (v.first !== 20) params.set('first', String(v.first));
  if (v.asOf) params.set('asOf', v.asOf);
  history.replaceState(null, '', `${location.pathname}?${params}`);
}

async function showPage(target: number, focusAfter?: 'prev' | 'next'): Promise<void> {
  if (!view) return;
  controller?.abort();
  const mine = new AbortController();
  controller = mine;
  busy(container, true);
  prevButton.disabled = true;
  nextButton.disabled = true;
  replace(status, 'Loading…');
  try {
    const data = await gql<ConcordanceData>(
      CONCORDANCE_QUERY,
      { consortiumId: view.consortiumId, taxonomyPrefix: view.prefix || null, first: view.first, after: afters[target], asOf: view.asOf },
      { signal: mine.signal },
    );
    const { totalCount, pageInfo, edges } = data.concordance;
    page = target;
    nextCursor = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    if (nextCursor) afters[page + 1] = nextCursor;
    const from = page * view.first + 1;
    const to = page * view.first + edges.length;
    const pages = Math.max(1, Math.ceil(totalCount / view.first));
    const scope = view.prefix ? `the ${view.prefix} subtree` : 'the whole taxonomy';
    const name = consortiumNames.get(view.consortiumId) ?? 'the consortium';
    if (!edges.length) {
      container.replaceChildren();
      replace(status, notice('info', `No taxonomy item in ${scope}.`));
    } else {
      replace(status, `${plural(totalCount, 'item')} in ${scope}; rows ${from}–${to} shown (page ${page + 1} of ${pages}).`);
      renderMatrix(
        edges.map((e) => e.node),
        `Concordance of ${name} for ${scope}${view.asOf ? ` as of ${view.asOf}` : ''}, rows ${from} to ${to} of ${totalCount}`,
      );
    }
    replace(pageLabel, `Page ${page + 1} of ${pages}`);
    prevButton.disabled = page === 0;
    nextButton.disabled = !nextCursor;
    // Keep keyboard focus on the pager when the button pressed becomes disabled.
    if (focusAfter === 'next' && nextButton.disabled && !prevButton.disabled) prevButton.focus();
    if (focusAfter === 'prev' && prevButton.disabled && !nextButton.disabled) nextButton.focus();
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    replace(status, notice('error', `Could not load the matrix: ${describeError(err)}`));
    prevButton.disabled = page === 0;
    nextButton.disabled = !nextCursor;
  } finally {
    if (controller === mine) busy(container, false);
  }
}

function renderMatrix(rows: { node: { code: string; label: string }; cells: ConcordanceCell[] }[], caption: string): void {
  const members = rows[0].cells.map((c) => c.jurisdiction);
  // A member applying another's list is an adopter of that list's answer, not an independent control.
  const adopts = new Map(rows[0].cells.map((c) => [c.jurisdiction.code, c.adopts?.code ?? null]));
  const baseDepth = view?.prefix ? view.prefix.split('.').length : 1;
  const table = h(
    'table',
    { class: 'matrix', id: 'matrix' },
    h('caption', { id: 'matrix-caption' }, caption),
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
        h('th', { scope: 'col', class: 'corner' }, 'Item'),
        members.map((m) => {
          const adopted = adopts.get(m.code);
          return h(
            'th',
            { scope: 'col', 'data-adopts': adopted ?? undefined },
            h('abbr', { title: m.name }, m.code),
            adopted ? h('span', { class: 'adopts-note' }, ` applies ${adopted} list`) : null,
          );
        }),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) => {
        const depth = Math.min(4, Math.max(0, row.node.code.split('.').length - baseDepth));
        return h(
          'tr',
          { 'data-code': row.node.code },
          h(
            'th',
            { scope: 'row', class: `item-cell depth-${depth}` },
            h('a', { href: `/?item=${encodeURIComponent(row.node.code)}` }, row.node.label),
            h('code', { class: 'item-code' }, row.node.code),
          ),
          row.cells.map((c) => renderCell(c)),
        );
      }),
    ),
  );
  replace(container, h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'matrix-caption', tabindex: '0' }, table));
}

function renderCell(c: ConcordanceCell): HTMLTableCellElement {
  if (c.status === 'CONTROLLED' && c.tier) {
    const numbers = c.entries.map((e) => e.controlNumber);
    return h(
      'td',
      {
        class: `cell ${tierClass(c.tier)}`,
        title: `${c.jurisdiction.name}: ${TIER_HINT[c.tier]}; ${c.entries.map((e) => `${e.controlNumber} ${e.title}`).join('; ')}`,
      },
      h('span', { class: 'cell-tier' }, TIER_SHORT[c.tier]),
      numbers.length ? h('span', { class: 'cell-entries' }, numbers.join(', ')) : null,
    );
  }
  const label = c.status === 'NOT_CONTROLLED' ? '○ Not controlled' : '? Unknown';
  return h(
    'td',
    { class: `cell ${statusClass(c.status)}`, title: `${c.jurisdiction.name}: ${STATUS_HINT[c.status]}` },
    h('span', { class: 'cell-status' }, label),
  );
}

function start(v: View): void {
  view = v;
  afters = [null];
  page = 0;
  nextCursor = null;
  updateCsvLink(v);
  writeUrl(v);
  void showPage(0);
}

function addTaxonomyOptions(nodes: TaxonomyTreeNode[], depth: number): void {
  for (const n of nodes) {
    prefixSelect.appendChild(h('option', { value: n.code }, `${'\u00a0\u00a0'.repeat(depth)}${n.label} (${n.code})`));
    addTaxonomyOptions(n.children ?? [], depth + 1);
  }
}

async function init(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const [consortia, taxonomy] = await Promise.allSettled([gql<ConsortiaData>(CONSORTIA_QUERY), gql<TaxonomyData>(TAXONOMY_ROOTS_QUERY)]);
  if (taxonomy.status === 'fulfilled') addTaxonomyOptions(taxonomy.value.taxonomy, 0);
  const wantedPrefix = params.get('prefix') ?? '';
  if (wantedPrefix && ![...prefixSelect.options].some((o) => o.value === wantedPrefix)) {
    prefixSelect.appendChild(h('option', { value: wantedPrefix }, wantedPrefix));
  }
  prefixSelect.value = wantedPrefix;
  const first = params.get('first');
  if (first && [...firstSelect.options].some((o) => o.value === first)) firstSelect.value = first;

  if (consortia.status === 'rejected') {
    replace(consortiumSelect, h('option', { value: '' }, 'Consortia could not be loaded'));
    replace(status, notice('error', `Could not load the consortia: ${describeError(consortia.reason)}`));
    return;
  }
  const list = consortia.value.consortia;
  consortiumNames = new Map(list.map((c) => [c.id, c.name]));
  replace(
    consortiumSelect,
    list.length ? null : h('option', { value: '' }, 'No consortium'),
    list.map((c) => h('option', { value: c.id }, c.name)),
  );
  const wanted = params.get('consortium');
  if (wanted && consortiumNames.has(wanted)) consortiumSelect.value = wanted;
  if (consortiumSelect.value) start(readForm());
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const v = readForm();
  if (!v.consortiumId) {
    replace(status, notice('error', 'Choose a consortium first.'));
    consortiumSelect.focus();
    return;
  }
  start(v);
});

csvLink.addEventListener('click', (event) => {
  if (csvLink.getAttribute('aria-disabled') === 'true') event.preventDefault();
});

// The link follows the chosen options even before "Show matrix" is pressed.
form.addEventListener('change', () => updateCsvLink(readForm()));

prevButton.addEventListener('click', () => {
  if (page > 0) void showPage(page - 1, 'prev');
});
nextButton.addEventListener('click', () => {
  if (nextCursor) void showPage(page + 1, 'next');
});

void init();
