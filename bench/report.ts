/**
 * The bench report: a table on stdout, bench/results/<date>.json, and bench/RESULTS.md
 * (the latest table, the targets, the machine, the SQL counts and the EXPLAIN plans).
 */
import fs from 'node:fs';
import path from 'node:path';
import { GENERIC_READS } from './generic';
import type { GenerationResult } from './generate';
import type { InProcessResult } from './inprocess';
import type { LoadResult } from './load';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  node: string;
  postgres: string;
  postgresSettings: Record<string, string>;
  poolMax: number;
  embeddedPostgres: boolean;
}

export interface Run extends LoadResult {
  scenario: string;
  target: 'accord' | 'floor' | 'postgraphile';
  /** The machine's 1-minute load average just before the run (other processes share it). */
  loadAvg1?: number;
}

/** The generic reads' answers from Accord and PostGraphile, compared. */
export interface SameRows {
  scenario: string;
  compared: number;
  identical: number;
  firstDifference: string | null;
}

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | null;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  command: string;
  label: string | null;
  serverEnv: Record<string, string>;
  scale: string;
  durationSec: number;
  connections: number[];
  machine: Machine;
  generation: GenerationResult & { reused: boolean };
  inProcess: InProcessResult;
  runs: Run[];
  targets: TargetCheck[];
  /** Generic reads: Accord's and PostGraphile's answers for the same inputs. */
  sameRows?: SameRows[];
  notes: string[];
}

const SQL_OF: Record<string, string> = {
  harmonizedItem: 'harmonizedItem',
  'concordance(first:100)': 'concordance first 100',
  'controlEntries(text)': 'controlEntries text (all kinds)',
  respondToRecognitionRequest: 'respondToRecognitionRequest',
  publicRegister: 'publicRegister',
  assessTransaction: 'assessTransaction',
  ...Object.fromEntries(GENERIC_READS.map((g) => [g.scenario, g.sqlOperation])),
};

function sqlPerOp(report: Pick<BenchReport, 'inProcess'>, run: Run): string {
  if (run.target === 'floor') return '1';
  if (run.target === 'postgraphile') return '–';
  const c = report.inProcess.counts.find((x) => x.operation === SQL_OF[baseScenario(run.scenario)]);
  if (!c) return '–';
  return c.min === c.max ? String(c.median) : `${c.min}–${c.max}`;
}

/** Suffix of the scenarios measured with the response cache off (HARMONIZED_CACHE=false). */
export const CACHE_OFF = ' [cache off]';
/** The scenario without its cache variant: what the floor's run is named. */
export const baseScenario = (scenario: string) => scenario.replace(CACHE_OFF, '');

export function floorRatio(runs: Run[], run: Run, against: 'floor' | 'postgraphile' = 'floor'): number | null {
  if (run.target !== 'accord') return null;
  const f = runs.find((r) => r.target === against && r.scenario === baseScenario(run.scenario) && r.connections === run.connections);
  return f && f.rps > 0 ? Math.round((run.rps / f.rps) * 100) / 100 : null;
}

/** Accord beside PostGraphile v4 for the generic reads: one row per read and connection level. */
export function genericRows(report: Pick<BenchReport, 'runs' | 'inProcess' | 'sameRows'>): string[][] {
  const header = [
    'read',
    'conns',
    'Accord req/s',
    'Accord p95 ms',
    'PostGraphile req/s',
    'PostGraphile p95 ms',
    'Accord/PostGraphile',
    'CPU ms/req (A / P)',
    'Accord SQL/op',
    'same rows',
    'load avg (A / P)',
  ];
  const rows: string[][] = [];
  for (const g of GENERIC_READS) {
    for (const a of report.runs.filter((r) => r.target === 'accord' && r.scenario === g.scenario)) {
      const p = report.runs.find((r) => r.target === 'postgraphile' && r.scenario === g.scenario && r.connections === a.connections);
      const ratio = floorRatio(report.runs, a, 'postgraphile');
      const same = report.sameRows?.find((x) => x.scenario === g.scenario);
      rows.push([
        g.scenario,
        String(a.connections),
        fmt(a.rps),
        fmt(a.p95),
        fmt(p?.rps),
        fmt(p?.p95),
        ratio === null ? '–' : `${ratio.toFixed(2)}×`,
        `${fmt(a.cpuMsPerRequest, 2)} / ${fmt(p?.cpuMsPerRequest, 2)}`,
        sqlPerOp(report, a),
        same ? `${same.identical}/${same.compared}` : '–',
        `${fmt(a.loadAvg1)} / ${fmt(p?.loadAvg1)}`,
      ]);
    }
  }
  return rows.length ? [header, ...rows] : [];
}

const fmt = (n: number | null | undefined, d = 1) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(d));

export function tableRows(report: Pick<BenchReport, 'runs' | 'inProcess'>): string[][] {
  const header = [
    'operation',
    'server',
    'conns',
    'req/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'errors',
    'SQL/op',
    'bytes/resp',
    'RSS peak MB',
    'CPU ms/op',
    'Accord/floor',
  ];
  const rows = report.runs.map((r) => {
    const errors = r.non2xx + r.gqlErrors + r.connErrors;
    const ratio = floorRatio(report.runs, r);
    // No response within the run: every latency exceeds the run's duration.
    const lat = (v: number | null) => (v === null ? `>${Math.round(r.seconds * 1000)}` : fmt(v));
    return [
      r.scenario,
      r.target,
      String(r.connections),
      fmt(r.rps),
      lat(r.p50),
      lat(r.p95),
      lat(r.p99),
      `${errors}/${r.requests}`,
      sqlPerOp(report, r),
      String(r.avgBytes),
      fmt(r.rssPeakMb),
      fmt(r.cpuMsPerRequest, 2),
      ratio === null ? '' : `${ratio.toFixed(2)}×`,
    ];
  });
  return [header, ...rows];
}

export function textTable(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i <= 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function markdownTable(rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${rows[0].map(esc).join(' | ')} |`,
    `|${rows[0].map((_, i) => (i <= 1 ? '---' : '---:')).join('|')}|`,
    ...rows.slice(1).map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

export function checkTargets(report: Pick<BenchReport, 'runs' | 'inProcess' | 'scale'>): TargetCheck[] {
  const at = (scenario: string, target: 'accord' | 'floor', conns = 16) =>
    report.runs.find((r) => r.scenario === scenario && r.target === target && r.connections === conns);
  const out: TargetCheck[] = [];
  const c10 = report.inProcess.counts.find((c) => c.operation === 'concordance first 10');
  const c100 = report.inProcess.counts.find((c) => c.operation === 'concordance first 100');
  if (c10 && c100) {
    out.push({
      target: 'concordance: same SQL statements for first 10 and first 100',
      measured: `${c10.max} vs ${c100.max}`,
      met: c10.max === c100.max && c10.min === c100.min,
    });
  }
  // The engine without the response cache (the rows " [cache off]"), and memory with it.
  const p95 = (scenario: string, limit: number, label: string) => {
    const a = at(scenario, 'accord');
    const measured = !a ? 'not measured' : a.p95 === null ? `no response within ${a.seconds} s (${a.abandoned} requests abandoned)` : `${fmt(a.p95)} ms`;
    out.push({ target: `${label} p95 ≤ ${limit} ms at 16 connections`, measured, met: a ? a.p95 !== null && a.p95 <= limit : null });
  };
  for (const [scenario, name, limit] of [
    ['harmonizedItem', 'harmonizedItem', 50],
    ['concordance(first:100)', 'concordance(first: 100)', 300],
  ] as const) {
    const a = at(scenario + CACHE_OFF, 'accord');
    const ratio = a ? floorRatio(report.runs, a) : null;
    out.push({
      target: `${name}, cache off: throughput ≥ 0.5× the floor (16 connections)`,
      measured: ratio === null ? 'not measured' : `${ratio.toFixed(2)}× (${fmt(a!.rps)} vs ${fmt(at(scenario, 'floor')?.rps)} req/s)`,
      met: ratio === null ? null : ratio >= 0.5,
    });
    p95(scenario + CACHE_OFF, limit, `${name}, cache off,`);
  }
  p95('controlEntries(text)' + CACHE_OFF, 50, 'full-text search (varied terms), cache off,');
  p95('assessTransaction', 100, 'assessTransaction');
  for (const g of GENERIC_READS) {
    const a = report.runs.find((r) => r.scenario === g.scenario && r.target === 'accord' && r.connections === 16);
    if (!a) continue;
    const ratio = floorRatio(report.runs, a, 'postgraphile');
    const p = report.runs.find((r) => r.scenario === g.scenario && r.target === 'postgraphile' && r.connections === 16);
    out.push({
      target: `${g.scenario} throughput ≥ 0.8× PostGraphile v4 (16 connections)`,
      measured: ratio === null ? 'not measured' : `${ratio.toFixed(2)}× (${fmt(a.rps)} vs ${fmt(p?.rps)} req/s)`,
      met: ratio === null ? null : ratio >= 0.8,
    });
  }
  const rss = report.runs.filter((r) => r.target === 'accord' && !r.scenario.endsWith(CACHE_OFF)).map((r) => r.rssPeakMb ?? 0);
  if (rss.length) out.push({ target: 'server RSS ≤ 400 MB under load, cache on', measured: `${fmt(Math.max(...rss))} MB peak`, met: Math.max(...rss) <= 400 });
  const scans = report.inProcess.explains.flatMap((e) => e.seqScans.map((t) => `${e.operation}: ${t}`));
  out.push({
    target: 'hot-query plans use indexes (no Seq Scan discarding > 1,000 rows)',
    measured: scans.length ? `Seq Scan in ${[...new Set(scans)].join('; ')}` : 'index scans (or Seq Scans of small tables / of nearly all rows)',
    met: scans.length === 0,
  });
  if (report.scale !== 'default') for (const t of out) t.target += ' [targets are for the default scale]';
  return out;
}

export function stdoutReport(report: BenchReport): string {
  const lines = [
    '',
    `Accord bench — scale ${report.scale}, ${report.durationSec} s per run, ${report.machine.cpus} CPUs (${report.machine.cpuModel}), Node ${report.machine.node}, PostgreSQL ${report.machine.postgres}`,
    `dataset: generated in ${report.generation.seconds} s${report.generation.reused ? ' (reused)' : ''}; ${Object.entries(report.generation.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    '',
    textTable(tableRows(report)),
    '',
    ...(genericRows(report).length ? ['Generic reads, Accord beside PostGraphile v4:', textTable(genericRows(report)), ''] : []),
    ...(report.sameRows ?? []).filter((x) => x.firstDifference).map((x) => `  ${x.scenario}: first difference ${x.firstDifference}`),
    'SQL statements per operation (in-process, countSql): ' +
      report.inProcess.counts.map((c) => `${c.operation} ${c.min === c.max ? c.median : `${c.min}–${c.max}`}`).join('; '),
    `floor answers identical: ${report.inProcess.correctness.itemsCompared - report.inProcess.correctness.itemMismatches}/${report.inProcess.correctness.itemsCompared} items, ${report.inProcess.correctness.pagesCompared - report.inProcess.correctness.pageMismatches}/${report.inProcess.correctness.pagesCompared} concordance pages`,
    '',
    'targets:',
    ...report.targets.map((t) => `  [${t.met === null ? ' ? ' : t.met ? 'met' : 'MISSED'}] ${t.target}: ${t.measured}`),
    ...(report.notes.length ? ['', 'notes:', ...report.notes.map((n) => `  - ${n}`)] : []),
    '',
  ];
  return lines.join('\n');
}

export function writeResults(report: BenchReport, benchDir: string): { json: string; markdown: string } {
  const resultsDir = path.join(benchDir, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const stamp = report.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const json = path.join(resultsDir, `${stamp}-${report.scale}${report.label ? `-${report.label.replace(/[^\w.-]/g, '_')}` : ''}.json`);
  fs.writeFileSync(json, JSON.stringify(report, null, 2) + '\n');
  const markdown = path.join(benchDir, 'RESULTS.md');
  fs.writeFileSync(markdown, renderMarkdown(report, path.relative(benchDir, json)));
  return { json, markdown };
}

export function renderMarkdown(report: BenchReport, jsonName: string): string {
  const m = report.machine;
  const g = report.generation;
  const ip = report.inProcess;
  const out: string[] = [];
  out.push('# Accord benchmark — latest results', '');
  out.push(
    `Run of \`${report.command}\` on ${report.startedAt.slice(0, 19).replace('T', ' ')} UTC, scale **${report.scale}**, ${report.durationSec} s per measured run` +
      ` (after an unrecorded warm-up), connections ${report.connections.join(', ')}${report.label ? `, label **${report.label}**` : ''}` +
      `${
        Object.keys(report.serverEnv).length
          ? `, server environment ${Object.entries(report.serverEnv)
              .map(([k, v]) => `\`${k}=${v}\``)
              .join(' ')}`
          : ''
      }. Raw numbers: \`bench/${jsonName}\`.`,
    '',
  );
  out.push('## Machine', '');
  out.push('| | |', '|---|---|');
  out.push(
    `| CPUs (nproc) | ${m.cpus} |`,
    `| CPU model | ${m.cpuModel} |`,
    `| memory | ${m.memoryGb} GB |`,
    `| OS | ${m.os} |`,
    `| Node.js | ${m.node} |`,
    `| PostgreSQL | ${m.postgres}${m.embeddedPostgres ? ' (embedded)' : ''} |`,
    `| PostgreSQL settings | ${Object.entries(m.postgresSettings)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')} |`,
    `| Accord pool (PG_POOL_MAX) | ${m.poolMax} |`,
  );
  out.push('', 'Server, load generator (autocannon, in the bench process), the floor and PostgreSQL share the same machine.', '');
  out.push('## Dataset', '');
  out.push(
    `${g.reused ? 'Reused from a previous run; generated' : 'Generated'} in **${g.seconds} s** (${Object.entries(g.phases)
      .map(([k, v]) => `${k} ${v} s`)
      .join(', ')}).`,
    '',
  );
  out.push('| table | rows |', '|---|---:|', ...Object.entries(g.counts).map(([k, v]) => `| ${k} | ${v} |`), '');
  out.push('## Results', '');
  out.push(markdownTable(tableRows(report)), '');
  out.push(
    'errors = non-2xx + responses carrying GraphQL `errors` + connection errors, over requests completed. bytes/resp include HTTP headers. ' +
      'SQL/op: statements per operation counted in-process (below); the floor runs one statement by construction. RSS: peak VmRSS of the server process sampled every 200 ms during the run. ' +
      "CPU ms/op: the server process's CPU time (user + system, from /proc) over the run per request answered. " +
      'A latency shown as >N: no response completed within the run (N ms); those requests were abandoned when the run stopped.',
    '',
  );
  const generic = genericRows(report);
  if (generic.length) {
    out.push('## Generic reads: Accord beside PostGraphile v4', '');
    out.push(
      'Each read against Accord (production mode) and against PostGraphile 4 (bench/postgraphile, its own lock file) over the same database, one server at a time, ' +
        'same connections and duration. "same rows": answers of both for the same inputs, normalised (bench/generic.ts) and compared before the load. ' +
        '"load avg": the machine\'s 1-minute load average before each run — other processes share this machine.',
      '',
    );
    out.push(markdownTable(generic), '');
    for (const x of report.sameRows ?? []) if (x.firstDifference) out.push(`- ${x.scenario}: first difference \`${x.firstDifference.slice(0, 400)}\``);
    out.push('');
  }
  out.push('## Targets (2-core machine, default scale)', '');
  out.push(
    '| target | measured | met |',
    '|---|---|---|',
    ...report.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met === null ? '?' : t.met ? 'yes' : '**no**'} |`),
    '',
  );
  out.push('## SQL statements per operation', '');
  out.push('Counted with `countSql` around Apollo `executeOperation` on the real app (resolvers and DataLoaders included).', '');
  out.push(
    '| operation | samples | min | median | max | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...ip.counts.map((c) => `| ${c.operation} | ${c.samples} | ${c.min} | ${c.median} | ${c.max} | ${c.errors} |`),
    '',
  );
  out.push(
    `Floor answers compared with Accord's: ${ip.correctness.itemsCompared - ip.correctness.itemMismatches}/${ip.correctness.itemsCompared} harmonizedItem and ` +
      `${ip.correctness.pagesCompared - ip.correctness.pageMismatches}/${ip.correctness.pagesCompared} concordance pages identical.` +
      (ip.correctness.firstMismatch ? ` First difference: \`${ip.correctness.firstMismatch.slice(0, 300)}\`` : ''),
    '',
  );
  if (ip.auditChain)
    out.push(`Audit chain after generation: valid = ${ip.auditChain.valid}, ${ip.auditChain.checkedEvents} events verified in ${ip.auditChain.seconds} s.`, '');
  out.push(`publicRegister: ${ip.register.note}.`, '');
  if (report.notes.length) out.push('## Notes', '', ...report.notes.map((n) => `- ${n}`), '');
  out.push('## Query plans', '');
  out.push(
    `EXPLAIN (ANALYZE, BUFFERS) of the statements the services ran for one request of each hot operation, captured in-process at scale ${report.scale} (second, warm execution).`,
    '',
  );
  for (const e of ip.explains) {
    out.push(`### ${e.operation} — ${e.executionMs === null ? '?' : `${e.executionMs} ms`}${e.seqScans.length ? ` (${e.seqScans.join(', ')})` : ''}`, '');
    out.push('```sql', e.sql.replace(/\s+\n/g, '\n'), '```');
    out.push(`params: \`${JSON.stringify(e.params).slice(0, 300)}\``, '');
    out.push('```', e.plan, '```', '');
  }
  return out.join('\n');
}
