/**
 * `/consistency`: the consistency report (consistencyReport) as findings grouped by kind,
 * the approval rates per member and destination group (destinationStats) as a Chart.js
 * chart with its numbers in a table, and a search for end users with similar names
 * (endUserMatches). Every query needs a member's, the secretariat's or an analyst's token,
 * sent with each request and never stored.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { byId, busy, formText, h, notice, replace } from './lib/dom';
import { plural } from './lib/format';
import { describeError, gql, isMissingRootField } from './lib/graphql';
import { CONSORTIA_QUERY, type ConsortiaData } from './operations/concordance';
import {
  CONSISTENCY_REPORT_QUERY,
  DESTINATION_STATS_QUERY,
  END_USER_MATCHES_QUERY,
  type ConsistencyFindingView,
  type ConsistencyReportData,
  type DestinationStatsData,
  type DestinationStatsRow,
  type EndUserMatchesData,
} from './operations/consistency';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif";
Chart.defaults.color = '#1f2933';

/** Series colours: distinct, and each at least 4.5:1 against white. */
const SERIES = ['#1d4f91', '#b3541e', '#2f6f4a', '#7a3e9d', '#8a5a00', '#005f73', '#9b2226', '#3d405b'];

const KIND_LABEL: Record<ConsistencyFindingView['kind'], string> = {
  SAME_END_USER_OPPOSITE_OUTCOMES: 'Same end user, opposite outcomes',
  NEAR_DUPLICATE_END_USER: 'Near-duplicate end users',
  GRANT_AFTER_DENIAL_WITHOUT_CONSULTATION: 'Grant after a denial without consultation',
  DESTINATION_OUTLIER: 'Destination outliers',
};

const form = byId<HTMLFormElement>('consistency-form');
const consortiumSelect = byId<HTMLSelectElement>('c-consortium');
const findingsStatus = byId('findings-status');
const findingsContainer = byId('findings-container');
const statsStatus = byId('dstats-status');
const statsContainer = byId('dstats-container');
const matchForm = byId<HTMLFormElement>('match-form');
const matchStatus = byId('match-status');
const matchContainer = byId('match-container');

let chart: Chart | null = null;
let controller: AbortController | null = null;

const value = (f: HTMLFormElement, name: string) => formText(new FormData(f), name);
const token = () => value(form, 'token').replace(/^Bearer\s+/i, '');

function needToken(where: HTMLElement): boolean {
  if (token()) return false;
  replace(where, notice('error', 'Paste a member’s, the secretariat’s or an analyst’s token first (field: Member token).'));
  byId<HTMLInputElement>('c-token').focus();
  return true;
}

async function showReport(): Promise<void> {
  if (needToken(findingsStatus)) return;
  controller?.abort();
  const mine = new AbortController();
  controller = mine;
  const consortiumId = value(form, 'consortiumId');
  const vars = { consortiumId, from: value(form, 'from') || null, to: value(form, 'to') || null, taxonomyPrefix: value(form, 'taxonomyPrefix') || null };
  busy(findingsContainer, true);
  replace(findingsStatus, 'Loading the findings…');
  replace(statsStatus, 'Loading the statistics…');
  const options = { signal: mine.signal, token: token() };
  const [report, stats] = await Promise.allSettled([
    gql<ConsistencyReportData>(CONSISTENCY_REPORT_QUERY, vars, options),
    gql<DestinationStatsData>(DESTINATION_STATS_QUERY, { consortiumId, groupBy: value(form, 'groupBy') || 'REGION' }, options),
  ]);
  if (controller !== mine) return;
  busy(findingsContainer, false);
  if (report.status === 'fulfilled') renderFindings(report.value.consistencyReport);
  else {
    findingsContainer.replaceChildren();
    replace(
      findingsStatus,
      isMissingRootField(report.reason, 'consistencyReport')
        ? notice('unavailable', 'The consistency report is not available on this server yet.')
        : notice('error', `Could not load the findings: ${describeError(report.reason)}`),
    );
  }
  if (stats.status === 'fulfilled') renderStats(stats.value.destinationStats);
  else {
    statsContainer.replaceChildren();
    replace(statsStatus, notice('error', `Could not load the statistics: ${describeError(stats.reason)}`));
  }
}

function renderFindings(findings: ConsistencyFindingView[]): void {
  replace(findingsStatus, findings.length ? `${plural(findings.length, 'finding')}.` : notice('info', 'No findings for these filters.'));
  const kinds = Object.keys(KIND_LABEL) as ConsistencyFindingView['kind'][];
  const summary = h(
    'table',
    { class: 'data-table', id: 'findings-summary' },
    h('caption', {}, 'Findings by kind'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Kind'), h('th', { scope: 'col' }, 'Findings'))),
    h(
      'tbody',
      {},
      kinds.map((k) =>
        h('tr', { 'data-kind': k }, h('th', { scope: 'row' }, KIND_LABEL[k]), h('td', { class: 'num' }, String(findings.filter((f) => f.kind === k).length))),
      ),
    ),
  );
  const sections = kinds
    .filter((k) => findings.some((f) => f.kind === k))
    .map((k) =>
      h(
        'section',
        { class: 'finding-group', 'data-kind': k },
        h('h3', {}, KIND_LABEL[k]),
        h(
          'ul',
          { class: 'finding-list' },
          findings
            .filter((f) => f.kind === k)
            .map((f) =>
              h(
                'li',
                { class: 'finding' },
                h('p', {}, f.detail),
                h(
                  'p',
                  { class: 'hint' },
                  `Members: ${f.jurisdictions.map((j) => j.code).join(', ')}; decisions: ${f.decisions.map((d) => `${d.jurisdiction.code} ${d.outcome.toLowerCase().replace(/_/g, ' ')} ${d.decidedAt.slice(0, 10)}`).join('; ')}`,
                ),
              ),
            ),
        ),
      ),
    );
  replace(findingsContainer, summary, ...sections);
}

function renderStats(rows: DestinationStatsRow[]): void {
  chart?.destroy();
  chart = null;
  if (!rows.length) {
    statsContainer.replaceChildren();
    replace(statsStatus, notice('info', 'No decisions to count yet.'));
    return;
  }
  replace(statsStatus, `Approval rate per destination group; “All members” counts every member together. Groups: ${rows[0].source}`);
  const groups = [...new Set(rows.map((r) => r.group))];
  const members = [...new Set(rows.map((r) => r.jurisdiction?.code ?? 'All members'))].sort((a, b) =>
    a === 'All members' ? -1 : b === 'All members' ? 1 : a.localeCompare(b),
  );
  const rate = (m: string, g: string) => {
    const r = rows.find((x) => (x.jurisdiction?.code ?? 'All members') === m && x.group === g);
    return r?.approvalRate === null || r?.approvalRate === undefined ? null : Math.round(r.approvalRate * 100);
  };
  const title = 'Approval rate (%) by destination group';
  const summaryText = members.map((m) => `${m}: ${groups.map((g) => `${g} ${rate(m, g) ?? 'none'}`).join(', ')}`).join('; ');
  const canvas = h('canvas', { id: 'chart-destinations', role: 'img', 'aria-label': `${title}. ${summaryText}` }, `${title}. ${summaryText}`);
  const table = h(
    'table',
    { class: 'data-table', id: 'destination-stats' },
    h('caption', { class: 'visually-hidden' }, title),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Member', 'Group', 'Decisions', 'Grants', 'Denials', 'Approval rate', 'Median days'].map((c) => h('th', { scope: 'col' }, c)),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, r.jurisdiction?.code ?? 'All members'),
          h('td', {}, r.group),
          h('td', { class: 'num' }, String(r.decisions)),
          h('td', { class: 'num' }, String(r.grants)),
          h('td', { class: 'num' }, String(r.denials)),
          h('td', { class: 'num' }, r.approvalRate === null ? '—' : `${Math.round(r.approvalRate * 100)}%`),
          h('td', { class: 'num' }, r.medianDays === null ? '—' : String(r.medianDays)),
        ),
      ),
    ),
  );
  const figure = h(
    'figure',
    { class: 'chart', 'aria-labelledby': 'chart-destinations-title' },
    h('figcaption', { id: 'chart-destinations-title' }, title),
    h('div', { class: 'chart-canvas' }, canvas),
    h('details', {}, h('summary', {}, 'Show the numbers'), h('div', { class: 'table-scroll' }, table)),
  );
  replace(statsContainer, figure);
  const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: groups,
      datasets: members.map((m, i) => ({ label: m, data: groups.map((g) => rate(m, g)), backgroundColor: SERIES[i % SERIES.length], borderWidth: 0 })),
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 250 },
      scales: { y: { beginAtZero: true, max: 100, title: { display: true, text: 'Approval rate (%)' } }, x: { ticks: { autoSkip: false } } },
      plugins: { legend: { display: true, position: 'bottom' } },
    },
  });
}

async function findMatches(): Promise<void> {
  if (needToken(matchStatus)) return;
  const name = value(matchForm, 'name');
  if (!name) {
    replace(matchStatus, notice('error', 'Give a name to look for (field: End user name).'));
    byId<HTMLInputElement>('m-name').focus();
    return;
  }
  replace(matchStatus, 'Looking…');
  try {
    const { endUserMatches } = await gql<EndUserMatchesData>(
      END_USER_MATCHES_QUERY,
      { name, country: value(matchForm, 'country') || null },
      { token: token() },
    );
    replace(
      matchStatus,
      endUserMatches.length ? `${plural(endUserMatches.length, 'similar end user')}, most similar first.` : notice('info', 'No end user with a similar name.'),
    );
    replace(
      matchContainer,
      endUserMatches.length
        ? h(
            'table',
            { class: 'data-table', id: 'match-table' },
            h('caption', { class: 'visually-hidden' }, 'Similar end users'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ['Name', 'Country', 'Similarity', 'Denials in force', 'Verifications'].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h(
              'tbody',
              {},
              endUserMatches.map((m) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, m.endUser.name),
                  h('td', {}, m.endUser.country),
                  h('td', { class: 'num' }, m.score.toFixed(2)),
                  h('td', { class: 'num' }, String(m.denials)),
                  h('td', { class: 'num' }, String(m.verifications)),
                ),
              ),
            ),
          )
        : '',
    );
  } catch (err) {
    matchContainer.replaceChildren();
    replace(matchStatus, notice('error', `Could not search: ${describeError(err)}`));
  }
}

async function init(): Promise<void> {
  try {
    const { consortia } = await gql<ConsortiaData>(CONSORTIA_QUERY);
    replace(
      consortiumSelect,
      consortia.map((c) => h('option', { value: c.id }, c.name)),
    );
  } catch (err) {
    replace(consortiumSelect, h('option', { value: '' }, 'No consortia'));
    replace(findingsStatus, notice('error', `Could not load the consortia: ${describeError(err)}`));
  }
  form.dataset.ready = 'true';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void showReport();
});
matchForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void findMatches();
});

void init();
