/**
 * `/register`: the public register (publicRegister) filtered by consortium and kind, and
 * the transparency statistics (transparencyStats) as Chart.js charts, each with its
 * numbers in a table for readers who cannot see the chart. A server without those queries
 * answers with a validation error; the page then says they are not available.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { byId, busy, formText, h, notice, replace } from './lib/dom';
import { plural } from './lib/format';
import { describeError, gql, isMissingRootField } from './lib/graphql';
import { CONSORTIA_QUERY, type ConsortiaData } from './operations/concordance';
import {
  PUBLIC_REGISTER_QUERY,
  TRANSPARENCY_STATS_QUERY,
  type MemberStats,
  type PublicRegisterData,
  type RegisterRecord,
  type TransparencyStatsData,
} from './operations/register';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
Chart.defaults.color = '#1f2933';

const PAGE_SIZE = 20;
const FILTER_KEYS = ['consortiumId', 'kind', 'from', 'to'] as const;
type Filter = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

const KIND_LABEL: Record<string, string> = {
  RECOGNITION_OUTCOME: 'Recognition outcome',
  EMERGENCY_DECLARATION: 'Emergency declaration',
  PROVISIONAL_AUTHORIZATION: 'Provisional authorization',
  DISPUTE_RULING: 'Dispute ruling',
  HUMANITARIAN_WAIVER: 'Humanitarian waiver',
};

/** Series colours: distinct, and each at least 4.5:1 against white. */
const SERIES = ['#1d4f91', '#b3541e', '#2f6f4a', '#7a3e9d'];

const form = byId<HTMLFormElement>('register-form');
const consortiumSelect = byId<HTMLSelectElement>('r-consortium');
const registerStatus = byId('register-status');
const registerContainer = byId('register-container');
const moreButton = byId<HTMLButtonElement>('register-more');
const statsStatus = byId('stats-status');
const statsContainer = byId('stats-container');

let filter: Filter = {};
let nextCursor: string | null = null;
let charts: Chart[] = [];
let registerController: AbortController | null = null;
let statsController: AbortController | null = null;

function readForm(): Filter {
  const data = new FormData(form);
  const out: Filter = {};
  for (const key of FILTER_KEYS) {
    const v = formText(data, key);
    if (v) out[key] = v;
  }
  return out;
}

function humanize(value: string): string {
  const s = value.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function unavailable(what: string, field: string): HTMLDivElement {
  return notice(
    'unavailable',
    h('strong', {}, `${what} not available on this server yet.`),
    ' ',
    `Its API (the ${field} query) is not offered here. The explorer, the concordance matrix and GraphiQL work as usual.`,
  );
}

// ------------------------------------------------------------------ register

async function loadRegister(append: boolean): Promise<void> {
  registerController?.abort();
  const mine = new AbortController();
  registerController = mine;
  busy(registerContainer, true);
  moreButton.hidden = true;
  if (!append) replace(registerStatus, 'Loading the register…');
  try {
    const data = await gql<PublicRegisterData>(
      PUBLIC_REGISTER_QUERY,
      { kind: filter.kind ?? null, consortiumId: filter.consortiumId ?? null, first: PAGE_SIZE, after: append ? nextCursor : null },
      { signal: mine.signal },
    );
    const { totalCount, pageInfo, edges } = data.publicRegister;
    nextCursor = pageInfo.hasNextPage ? pageInfo.endCursor : null;
    moreButton.hidden = !nextCursor;
    let list = registerContainer.querySelector('ol');
    if (!append || !list) {
      list = h('ol', { class: 'register-list', id: 'register-list' });
      replace(registerContainer, list);
    }
    const firstNew = list.children.length;
    for (const e of edges) list.appendChild(renderRecord(e.node));
    const shown = list.children.length;
    replace(
      registerStatus,
      totalCount
        ? `${plural(totalCount, 'entry', 'entries')}, newest first${shown < totalCount ? `; showing ${shown}` : ''}.`
        : notice('info', 'Nothing has been published with these filters yet.'),
    );
    if (append) (list.children[firstNew]?.querySelector('h3') as HTMLElement | null)?.focus();
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    registerContainer.replaceChildren();
    replace(
      registerStatus,
      isMissingRootField(err, 'publicRegister')
        ? unavailable('The public register is', 'publicRegister')
        : notice('error', `Could not load the register: ${describeError(err)}`),
    );
  } finally {
    if (registerController === mine) busy(registerContainer, false);
  }
}

function renderRecord(r: RegisterRecord): HTMLLIElement {
  const date = new Date(r.publishedAt);
  const headingId = `register-${r.id}`;
  return h(
    'li',
    { class: 'register-entry' },
    h(
      'article',
      { 'aria-labelledby': headingId },
      h('h3', { id: headingId, tabindex: '-1' }, r.title),
      h(
        'p',
        { class: 'result-meta' },
        h('span', { class: 'badge kind-badge' }, KIND_LABEL[r.kind] ?? humanize(r.kind)),
        ' · published ',
        Number.isNaN(date.getTime()) ? r.publishedAt : h('time', { datetime: r.publishedAt }, date.toISOString().slice(0, 10)),
        r.jurisdictions.length ? [' · ', r.jurisdictions.join(', ')] : null,
      ),
      h('p', {}, r.summary),
      r.rationale ? h('details', { class: 'result-text' }, h('summary', {}, 'Rationale'), h('p', {}, r.rationale)) : null,
    ),
  );
}

// ------------------------------------------------------------------ statistics

interface Series {
  label: string;
  values: (number | null)[];
}

async function loadStats(): Promise<void> {
  statsController?.abort();
  const mine = new AbortController();
  statsController = mine;
  for (const c of charts) c.destroy();
  charts = [];
  statsContainer.replaceChildren();
  if (!filter.consortiumId) {
    replace(statsStatus, 'Choose a consortium to see its statistics.');
    return;
  }
  busy(statsContainer, true);
  replace(statsStatus, 'Loading the statistics…');
  try {
    const from = filter.from ? `${filter.from}T00:00:00Z` : null;
    const to = filter.to ? new Date(Date.parse(`${filter.to}T00:00:00Z`) + 86_400_000).toISOString() : null;
    const data = await gql<TransparencyStatsData>(TRANSPARENCY_STATS_QUERY, { consortiumId: filter.consortiumId, from, to }, { signal: mine.signal });
    const s = data.transparencyStats;
    const members = s.members;
    const last = new Date(Date.parse(s.to) - 1).toISOString().slice(0, 10);
    const since = Date.parse(s.from) <= 0 ? 'the start' : s.from.slice(0, 10);
    replace(statsStatus, `Per member, from ${since} to ${last}.`);
    if (!members.length) {
      statsContainer.appendChild(notice('info', 'No member figures for this period.'));
      return;
    }
    const labels = members.map((m) => m.jurisdiction.code);
    const names = members.map((m) => m.jurisdiction.name);
    const pick = (f: (m: MemberStats) => number | null) => members.map(f);
    statsContainer.append(
      renderChart('answer-days', 'Days to answer recognition requests', `Review clock: ${s.policy.recognitionReviewDays} days`, labels, names, 'Days', [
        { label: 'Median', values: pick((m) => m.medianDaysToAnswer) },
        { label: '90th percentile', values: pick((m) => m.p90DaysToAnswer) },
      ]),
      renderChart(
        'recognition-rate',
        'Recognition rate of answers',
        'Share of its answers that recognized, as first given',
        labels,
        names,
        'Per cent',
        [{ label: 'Recognized (%)', values: pick((m) => (m.recognitionRate === null ? null : Math.round(m.recognitionRate * 1000) / 10)) }],
        100,
      ),
      renderChart(
        'requests',
        'Recognition requests',
        'Answers given, own requests filed and recognized, and lapses while unanswered',
        labels,
        names,
        'Requests',
        [
          { label: 'Answers given', values: pick((m) => m.answers) },
          { label: 'Requests filed', values: pick((m) => m.requestsFiled) },
          { label: 'Own requests recognized', values: pick((m) => m.ownRequestsRecognized) },
          { label: 'Lapsed unanswered', values: pick((m) => m.requestsLapsed) },
        ],
      ),
      renderChart(
        'emergency',
        'Fast-track emergency decisions',
        `Emergency review window: ${s.policy.emergencyReviewHours} hours`,
        labels,
        names,
        'Decisions',
        [
          { label: 'Decided', values: pick((m) => m.emergencyDecided) },
          { label: 'Decided in the window', values: pick((m) => m.emergencyDecidedInWindow) },
        ],
      ),
      renderChart('disputes', 'Disputes', 'Filed, and won or lost by the final ruling', labels, names, 'Disputes', [
        { label: 'Filed', values: pick((m) => m.disputesFiled) },
        { label: 'Won', values: pick((m) => m.disputesWon) },
        { label: 'Lost', values: pick((m) => m.disputesLost) },
      ]),
    );
  } catch (err) {
    if ((err as Error).name === 'AbortError') return;
    replace(
      statsStatus,
      isMissingRootField(err, 'transparencyStats')
        ? unavailable('The transparency statistics are', 'transparencyStats')
        : notice('error', `Could not load the statistics: ${describeError(err)}`),
    );
  } finally {
    if (statsController === mine) busy(statsContainer, false);
  }
}

function renderChart(id: string, title: string, note: string, labels: string[], names: string[], axis: string, series: Series[], max?: number): HTMLElement {
  const captionId = `chart-${id}-title`;
  const summary = series.map((s) => `${s.label}: ${labels.map((l, i) => `${l} ${s.values[i] ?? 'none'}`).join(', ')}`).join('; ');
  const canvas = h('canvas', { id: `chart-${id}`, role: 'img', 'aria-label': `${title}. ${summary}` }, `${title}. ${summary}`);
  const figure = h(
    'figure',
    { class: 'chart', 'aria-labelledby': captionId },
    h('figcaption', { id: captionId }, title, h('span', { class: 'chart-note' }, note)),
    h('div', { class: 'chart-canvas' }, canvas),
    h(
      'details',
      {},
      h('summary', {}, 'Show the numbers'),
      h(
        'div',
        { class: 'table-scroll' },
        h(
          'table',
          { class: 'data-table' },
          h('caption', { class: 'visually-hidden' }, title),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Member'),
              series.map((s) => h('th', { scope: 'col' }, s.label)),
            ),
          ),
          h(
            'tbody',
            {},
            labels.map((l, i) =>
              h(
                'tr',
                {},
                h('th', { scope: 'row' }, h('abbr', { title: names[i] }, l)),
                series.map((s) => h('td', { class: 'num' }, s.values[i] === null ? '—' : String(s.values[i]))),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  charts.push(
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels,
        datasets: series.map((s, i) => ({ label: s.label, data: s.values, backgroundColor: SERIES[i % SERIES.length], borderWidth: 0 })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 250 },
        scales: {
          y: { beginAtZero: true, max, ticks: { precision: 0 }, title: { display: true, text: axis } },
          x: { ticks: { autoSkip: false } },
        },
        plugins: {
          legend: { display: series.length > 1, position: 'bottom' },
          tooltip: { callbacks: { title: (items) => names[items[0]?.dataIndex ?? 0] ?? '' } },
        },
      },
    }),
  );
  return figure;
}

// ------------------------------------------------------------------ set-up

function fromUrl(): Filter {
  const params = new URLSearchParams(location.search);
  const out: Filter = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key)?.trim();
    if (v) out[key] = v;
  }
  return out;
}

function fillForm(f: Filter): void {
  for (const key of FILTER_KEYS) {
    const field = form.elements.namedItem(key) as HTMLInputElement | HTMLSelectElement | null;
    if (field) field.value = f[key] ?? '';
  }
}

function apply(next: Filter): void {
  filter = next;
  const params = new URLSearchParams(Object.entries<string>(next));
  history.replaceState(null, '', `${location.pathname}${params.toString() ? `?${params}` : ''}`);
  void loadRegister(false);
  void loadStats();
}

async function init(): Promise<void> {
  filter = fromUrl();
  try {
    const { consortia } = await gql<ConsortiaData>(CONSORTIA_QUERY);
    replace(
      consortiumSelect,
      h('option', { value: '' }, 'All consortia'),
      consortia.map((c) => h('option', { value: c.id }, c.name)),
    );
    // The statistics are per consortium: default to the first.
    if (!filter.consortiumId && consortia.length) filter.consortiumId = consortia[0].id;
  } catch (err) {
    replace(consortiumSelect, h('option', { value: '' }, 'All consortia'));
    replace(statsStatus, notice('error', `Could not load the consortia: ${describeError(err)}`));
  }
  fillForm(filter);
  apply(filter);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  apply(readForm());
});
form.addEventListener('reset', (event) => {
  // Cleared here and at once (fillForm sets every field), not after the browser's own clear,
  // which would otherwise wipe whatever is chosen right after Clear.
  event.preventDefault();
  const first = consortiumSelect.options[1]?.value;
  const next: Filter = first ? { consortiumId: first } : {};
  fillForm(next);
  apply(next);
});
moreButton.addEventListener('click', () => void loadRegister(true));

void init();
