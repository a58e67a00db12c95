/**
 * `/assess` — "Assess an export": items (a taxonomy picker and their parameters), the
 * destination, end use and end user go to assessTransaction; the answer is a table of the
 * members with their requirement, the matched entries with each threshold ticked, the
 * catch-all triggers and links to the legal references, and the risk factors as a chart
 * (with their numbers and evidence in a table). Anonymous: no end-user history is shown.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { byId, busy, formText, h, notice, replace } from './lib/dom';
import { tierBadge } from './lib/format';
import { renderMembers } from './lib/assess-members';
import { describeError, gql, GraphQLRequestError, isMissingRootField } from './lib/graphql';
import { ASSESS_TRANSACTION_QUERY, type AssessTransactionData } from './operations/assess';
import type { LicensingTier } from './operations/common';
import { CONSORTIA_QUERY, TAXONOMY_ROOTS_QUERY, type ConsortiaData, type TaxonomyData, type TaxonomyTreeNode } from './operations/concordance';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
Chart.defaults.color = '#1f2933';

const form = byId<HTMLFormElement>('assess-form');
const consortiumSelect = byId<HTMLSelectElement>('a-consortium');
const exportingSelect = byId<HTMLSelectElement>('a-exporting');
const itemsList = byId<HTMLOListElement>('assess-items');
const addItemButton = byId<HTMLButtonElement>('assess-add-item');
const status = byId('assess-status');
const container = byId('assess-container');
const heading = byId('result-heading');

let consortia: ConsortiaData['consortia'] = [];
let chart: Chart | null = null;
let controller: AbortController | null = null;
let itemSeq = 0;

const FACTOR_LABEL: Record<string, string> = {
  SEVERITY_OF_MISUSE: 'Severity of misuse',
  DIVERSION_LIKELIHOOD: 'Diversion likelihood',
  SOPHISTICATION: 'Sophistication',
  RECIPIENT_TRACK_RECORD: 'Recipient track record',
  END_USE_PLAUSIBILITY: 'End-use plausibility',
  COMPLIANCE_INFRASTRUCTURE: 'Compliance infrastructure',
};

// ------------------------------------------------------------------ items

function paramRow(itemId: number, index: number): HTMLDivElement {
  const id = `i${itemId}-p${index}`;
  const row = h(
    'div',
    { class: 'param-row', 'data-param': String(index) },
    h(
      'div',
      { class: 'field field-name' },
      h('label', { for: `${id}-name` }, 'Parameter'),
      h('input', {
        id: `${id}-name`,
        name: 'paramName',
        type: 'text',
        list: 'assess-parameter-names',
        autocomplete: 'off',
        placeholder: 'e.g. total internal volume',
      }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: `${id}-value` }, 'Value'),
      h('input', { id: `${id}-value`, name: 'paramValue', type: 'number', step: 'any', inputmode: 'decimal' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: `${id}-unit` }, 'Unit'),
      h('input', { id: `${id}-unit`, name: 'paramUnit', type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: 'e.g. L' }),
    ),
  );
  return row;
}

function addItem(code = '', params: { name: string; value: string; unit: string }[] = [{ name: '', value: '', unit: '' }]): HTMLLIElement {
  const itemId = ++itemSeq;
  const params_ = h('div', { class: 'params' });
  const li = h(
    'li',
    { class: 'assess-item', 'data-item': String(itemId) },
    h(
      'div',
      { class: 'assess-item-head' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: `i${itemId}-code` }, 'Item (taxonomy code)'),
        h('input', {
          id: `i${itemId}-code`,
          name: 'taxonomyCode',
          type: 'text',
          list: 'assess-taxonomy',
          autocomplete: 'off',
          spellcheck: 'false',
          placeholder: 'e.g. BIO.EQP.FERMENTER',
          required: true,
        }),
      ),
      h(
        'button',
        { type: 'button', class: 'button-secondary', onclick: () => params_.appendChild(paramRow(itemId, params_.children.length)) },
        'Add a parameter',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button-secondary',
          onclick: () => {
            if (itemsList.children.length > 1) li.remove();
          },
        },
        'Remove this item',
      ),
    ),
    params_,
  );
  (li.querySelector('input[name="taxonomyCode"]') as HTMLInputElement).value = code;
  for (const p of params) {
    const row = paramRow(itemId, params_.children.length);
    (row.querySelector('input[name="paramName"]') as HTMLInputElement).value = p.name;
    (row.querySelector('input[name="paramValue"]') as HTMLInputElement).value = p.value;
    (row.querySelector('input[name="paramUnit"]') as HTMLInputElement).value = p.unit;
    params_.appendChild(row);
  }
  itemsList.appendChild(li);
  return li;
}

function readItems() {
  return [...itemsList.querySelectorAll<HTMLLIElement>('li.assess-item')].map((li) => ({
    taxonomyCode: (li.querySelector('input[name="taxonomyCode"]') as HTMLInputElement).value.trim().toUpperCase(),
    parameters: [...li.querySelectorAll<HTMLDivElement>('.param-row')]
      .map((row) => ({
        name: (row.querySelector('input[name="paramName"]') as HTMLInputElement).value.trim(),
        value: (row.querySelector('input[name="paramValue"]') as HTMLInputElement).value.trim(),
        unit: (row.querySelector('input[name="paramUnit"]') as HTMLInputElement).value.trim(),
      }))
      .filter((p) => p.name && p.value !== '')
      .map((p) => ({ name: p.name, value: Number(p.value), unit: p.unit || null })),
  }));
}

/** The form control behind a server error's field (input.items.0.parameters.1.unit …). */
function controlFor(field: string | undefined): HTMLElement | null {
  if (!field) return null;
  const simple: Record<string, string> = {
    'input.destination': 'a-destination',
    'input.exportingJurisdiction': 'a-exporting',
    'input.endUse': 'a-enduse',
    'input.endUser.name': 'a-enduser',
    'input.endUser.country': 'a-enduser-country',
    'input.consortiumId': 'a-consortium',
  };
  if (simple[field]) return document.getElementById(simple[field]);
  const m = /^input\.items(?:\.(\d+)(?:\.(taxonomyCode)|\.parameters\.(\d+)\.(name|value|unit))?)?$/.exec(field);
  if (!m) return null;
  const li = itemsList.querySelectorAll<HTMLLIElement>('li.assess-item')[Number(m[1] ?? 0)];
  if (!li) return addItemButton;
  if (m[2] || !m[3]) return li.querySelector('input[name="taxonomyCode"]');
  const row = li.querySelectorAll('.param-row')[Number(m[3])];
  const name = { name: 'paramName', value: 'paramValue', unit: 'paramUnit' }[m[4] as 'name' | 'value' | 'unit'];
  return row?.querySelector<HTMLElement>(`input[name="${name}"]`) ?? null;
}

// ------------------------------------------------------------------ result

function renderRisk(a: AssessTransactionData['assessTransaction']): HTMLElement {
  const factors = a.risk.factors;
  const title = 'Risk factors';
  const summary = factors.map((f) => `${FACTOR_LABEL[f.name] ?? f.name} ${Math.round(f.value * 100)} (weight ${f.weight})`).join(', ');
  const canvas = h('canvas', { id: 'chart-risk', role: 'img', 'aria-label': `${title}. ${summary}` }, `${title}. ${summary}`);
  const figure = h(
    'figure',
    { class: 'chart', 'aria-labelledby': 'chart-risk-title' },
    h(
      'figcaption',
      { id: 'chart-risk-title' },
      title,
      h('span', { class: 'chart-note' }, 'Each factor from 0 (no concern) to 100, weighted by the consortium’s published policy'),
    ),
    h('div', { class: 'chart-canvas' }, canvas),
    h(
      'details',
      {},
      h('summary', {}, 'Show the numbers and the evidence'),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data-table', id: 'risk-factors' },
          h('caption', { class: 'visually-hidden' }, title),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['Factor', 'Value', 'Weight', 'Evidence'].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            {},
            factors.map((f) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, FACTOR_LABEL[f.name] ?? f.name),
                h('td', { class: 'num' }, String(f.value)),
                h('td', { class: 'num' }, String(f.weight)),
                h('td', {}, f.evidence.join('; ')),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: factors.map((f) => FACTOR_LABEL[f.name] ?? f.name),
      datasets: [{ label: 'Value (0–100)', data: factors.map((f) => Math.round(f.value * 100)), backgroundColor: '#1d4f91', borderWidth: 0 }],
    },
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 250 },
      scales: { x: { beginAtZero: true, max: 100, title: { display: true, text: 'Value (0–100)' } } },
      plugins: { legend: { display: false } },
    },
  });
  return figure;
}

function render(a: AssessTransactionData['assessTransaction']): void {
  chart?.destroy();
  chart = null;
  const summary = h(
    'dl',
    { class: 'risk-summary', id: 'assess-summary' },
    h('div', {}, h('dt', {}, 'Proposed tier'), h('dd', {}, tierBadge(a.proposedTier as LicensingTier))),
    h('div', {}, h('dt', {}, 'Risk score'), h('dd', { id: 'risk-score' }, `${a.risk.score} / 100`)),
    h('div', {}, h('dt', {}, 'Risk level'), h('dd', { id: 'risk-level' }, a.risk.level.charAt(0) + a.risk.level.slice(1).toLowerCase())),
  );
  replace(
    container,
    summary,
    h(
      'ul',
      { class: 'explanation' },
      a.explanation.map((e) => h('li', {}, e)),
    ),
    h('h3', {}, 'Per member'),
    renderMembers(a.perMember),
    h('h3', {}, 'Risk'),
  );
  container.appendChild(renderRisk(a));
}

async function assess(): Promise<void> {
  const data = new FormData(form);
  const text = (k: string) => formText(data, k);
  const endUserName = text('endUserName');
  const input: Record<string, unknown> = {
    consortiumId: text('consortiumId') || null,
    exportingJurisdiction: text('exportingJurisdiction'),
    destination: text('destination').toUpperCase(),
    endUse: text('endUse') || 'RESEARCH',
    items: readItems(),
  };
  if (endUserName) input.endUser = { name: endUserName, country: (text('endUserCountry') || text('destination')).toUpperCase() };
  controller?.abort();
  const mine = new AbortController();
  controller = mine;
  busy(container, true);
  replace(status, 'Assessing…');
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  try {
    const token = text('token');
    const result = await gql<AssessTransactionData>(ASSESS_TRANSACTION_QUERY, { input }, { signal: mine.signal, token: token || undefined });
    const a = result.assessTransaction;
    replace(status, `Assessed ${a.perMember.length} members for an export from ${a.exportingJurisdiction.code} to ${a.destination}.`);
    render(a);
    heading.focus();
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    container.replaceChildren();
    if (isMissingRootField(err, 'assessTransaction')) {
      replace(
        status,
        notice(
          'unavailable',
          h('strong', {}, 'Assessment is not available on this server yet.'),
          ' Its API (the assessTransaction query) is not offered here.',
        ),
      );
      return;
    }
    const field = err instanceof GraphQLRequestError ? err.errors[0]?.extensions?.field : undefined;
    replace(status, notice('error', `Could not assess: ${describeError(err)}`, field ? ` (field ${field})` : ''));
    const control = controlFor(field);
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      control.focus();
    }
  } finally {
    if (controller === mine) busy(container, false);
  }
}

// ------------------------------------------------------------------ set-up

function fillMembers(): void {
  const c = consortia.find((x) => x.id === consortiumSelect.value) ?? consortia[0];
  const wanted = exportingSelect.value;
  const members = (c?.members ?? [])
    .filter((m) => m.role === 'MEMBER')
    .map((m) => m.jurisdiction)
    .sort((a, b) => a.name.localeCompare(b.name));
  replace(
    exportingSelect,
    members.map((j) => h('option', { value: j.code }, `${j.name} (${j.code})`)),
  );
  if (wanted && members.some((j) => j.code === wanted)) exportingSelect.value = wanted;
}

async function init(): Promise<void> {
  addItem();
  const [cons, taxonomy] = await Promise.allSettled([gql<ConsortiaData>(CONSORTIA_QUERY), gql<TaxonomyData>(TAXONOMY_ROOTS_QUERY)]);
  if (cons.status === 'fulfilled') {
    consortia = cons.value.consortia;
    replace(
      consortiumSelect,
      consortia.map((c) => h('option', { value: c.id }, c.name)),
    );
    fillMembers();
  } else {
    replace(consortiumSelect, h('option', { value: '' }, 'Could not load the consortia'));
    replace(status, notice('error', `Could not load the consortia: ${describeError(cons.reason)}`));
  }
  if (taxonomy.status === 'fulfilled') {
    const datalist = byId<HTMLDataListElement>('assess-taxonomy');
    const walk = (nodes: TaxonomyTreeNode[]): void => {
      for (const n of nodes) {
        datalist.appendChild(h('option', { value: n.code }, n.label));
        walk(n.children ?? []);
      }
    };
    walk(taxonomy.value.taxonomy);
  }
  form.dataset.ready = 'true';
}

consortiumSelect.addEventListener('change', fillMembers);
addItemButton.addEventListener('click', () => (addItem().querySelector('input') as HTMLInputElement).focus());
form.addEventListener('submit', (event) => {
  event.preventDefault();
  void assess();
});
form.addEventListener('reset', () =>
  setTimeout(() => {
    itemsList.replaceChildren();
    addItem();
    fillMembers();
    chart?.destroy();
    chart = null;
    container.replaceChildren();
    replace(status, 'Describe the export above and choose Assess.');
  }),
);

void init();
