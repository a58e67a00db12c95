/**
 * The in-process pass, before the load: Accord's own app (createApp) on the bench
 * database, operations run through Apollo's executeOperation with `countSql` — the
 * same counter the tests and `extensions.sql` use — so the statement counts cover the
 * whole GraphQL stack (resolvers, DataLoaders), not just the services.
 *
 * Why in-process rather than a second server in development mode: a development server
 * can only return the count, while here a capturing TypeORM logger also records the
 * exact SQL text and parameters of each hot query, which are then fed to
 * EXPLAIN (ANALYZE, BUFFERS) — whatever the services run today, not a copy of it.
 *
 * The same pass checks the floor's answers against Accord's and verifies the audit chain.
 */
import { isDeepStrictEqual } from 'node:util';
import { Client, Pool } from 'pg';
import type { QueryRunner } from 'typeorm';
import { createDataSource } from '../ormconfig';
import { readConfig } from '../src/config/env';
import { CountingSqlLogger, countSql } from '../src/db/sql-counter';
import { buildAppSchema } from '../src/app/schema';
import { createApp } from '../src/http/app';
import { createLogger } from '../src/shared/logger';
import type { AuthPrincipal } from '../src/shared/actor';
import { Role } from '../src/shared/role';
import { systemClock } from '../src/shared/clock';
import { floorConcordance, floorItem } from './floor';
import { GENERIC_READS } from './generic';
import { ASSESS, assessInput, CONCORDANCE, DECISIONS, ITEM, publicRegisterQuery, REQUESTS, RESPOND, SEARCH } from './queries';

export interface CountStat {
  operation: string;
  samples: number;
  min: number;
  median: number;
  max: number;
  errors: number;
}

export interface ExplainedQuery {
  operation: string;
  sql: string;
  params: unknown[];
  plan: string;
  executionMs: number | null;
  seqScans: string[];
}

export interface InProcessResult {
  counts: CountStat[];
  explains: ExplainedQuery[];
  correctness: { itemsCompared: number; itemMismatches: number; pagesCompared: number; pageMismatches: number; firstMismatch: string | null };
  auditChain: { valid: boolean; checkedEvents: number; seconds: number } | null;
  register: { query: string | null; note: string };
}

interface Captured {
  sql: string;
  params: unknown[];
}

class CapturingLogger extends CountingSqlLogger {
  capture: Captured[] | null = null;
  logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    super.logQuery(query, parameters, queryRunner);
    this.capture?.push({ sql: query, params: parameters ?? [] });
  }
}

export interface InProcessInput {
  url: string;
  consortiumId: string;
  itemCodes: () => string;
  concordanceAfter: () => string | null;
  terms: string[];
  pairs: { requestId: string; jurisdiction: string }[];
  /** PUBLISHED versions of the bench lists, for the generic reads. */
  versionIds: string[];
  samples: number;
  log: (line: string) => void;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN;
};

export async function inProcessPass(input: InProcessInput): Promise<InProcessResult> {
  const logger = new CapturingLogger();
  const ds = createDataSource(input.url, { logger, extra: { max: 4, application_name: 'accord-bench-inprocess' } });
  await ds.initialize();
  const config = readConfig({ NODE_ENV: 'test', JWT_SECRET: 'bench-in-process-secret-0123456789abcdef' });
  const app = await createApp({ dataSource: ds, config, clock: systemClock, logger: createLogger('silent') });
  const pool = new Pool({ connectionString: input.url, max: 2 });
  const secretariat: AuthPrincipal = { id: 'bench-secretariat', role: Role.SECRETARIAT, jurisdiction: null, handle: 'bench-secretariat' };
  const analyst: AuthPrincipal = { id: 'bench-analyst', role: Role.ANALYST, jurisdiction: null, handle: 'bench-analyst' };

  const exec = async (query: string, variables: Record<string, unknown>, principal: AuthPrincipal | null = null) => {
    const { result, stats } = await countSql(() => app.apollo.executeOperation({ query, variables }, { contextValue: app.createContext(principal) }));
    if (result.body.kind !== 'single') throw new Error('incremental delivery is not used');
    const body = JSON.parse(JSON.stringify(result.body.singleResult)) as { data?: unknown; errors?: { message: string }[] };
    return { body, statements: stats.statements };
  };

  const counts: CountStat[] = [];
  const explainTargets: { operation: string; captured: Captured[] }[] = [];
  const measure = async (
    operation: string,
    runs: { query: string; variables: Record<string, unknown>; principal?: AuthPrincipal | null }[],
    capture = false,
  ) => {
    const n: number[] = [];
    let errors = 0;
    for (const [i, r] of runs.entries()) {
      if (capture && i === 0) logger.capture = [];
      const { body, statements } = await exec(r.query, r.variables, r.principal ?? null);
      if (capture && i === 0) {
        explainTargets.push({ operation, captured: logger.capture ?? [] });
        logger.capture = null;
      }
      if (body.errors?.length) {
        errors += 1;
        if (errors === 1) input.log(`  ${operation}: ${body.errors[0].message}`);
      }
      n.push(statements);
    }
    counts.push({ operation, samples: n.length, min: Math.min(...n), median: median(n), max: Math.max(...n), errors });
  };

  const register = publicRegisterQuery(await buildAppSchema());
  try {
    const k = input.samples;
    const c = input.consortiumId;
    // Warm the pool and the caches once so the first sample is not an outlier in time.
    await exec(ITEM, { code: input.itemCodes(), c });
    await measure(
      'harmonizedItem',
      Array.from({ length: k }, () => ({ query: ITEM, variables: { code: input.itemCodes(), c } })),
      true,
    );
    const afters = Array.from({ length: k }, () => input.concordanceAfter());
    await measure(
      'concordance first 10',
      afters.map((after) => ({ query: CONCORDANCE, variables: { c, p: 'BENCH', first: 10, after } })),
    );
    await measure(
      'concordance first 100',
      afters.map((after) => ({ query: CONCORDANCE, variables: { c, p: 'BENCH', first: 100, after } })),
      true,
    );
    await measure(
      'controlEntries text (common word)',
      input.terms.slice(0, k).map((text) => ({ query: SEARCH, variables: { text, first: 20 } })),
      true,
    );
    // Every 6th term: common words, phrases, model tokens, control numbers and typos alike.
    await measure(
      'controlEntries text (all kinds)',
      input.terms.filter((_, i) => i % 6 === 0).map((text) => ({ query: SEARCH, variables: { text, first: 20 } })),
    );
    const number = input.terms.find((t) => /^[A-Z0-9]+\.\d[A-Z]\d{3}$/.test(t));
    if (number) await measure('controlEntries text (control number)', [{ query: SEARCH, variables: { text: number, first: 20 } }], true);
    const typo = input.terms.find((t) => t === 'fermentr');
    if (typo) await measure('controlEntries text (typo)', [{ query: SEARCH, variables: { text: typo, first: 20 } }], true);
    await measure(
      'mutualRecognitionRequests first 20',
      Array.from({ length: 3 }, () => ({ query: REQUESTS, variables: { first: 20 }, principal: secretariat })),
    );
    await measure(
      'mutualRecognitionRequests first 100',
      Array.from({ length: 3 }, () => ({ query: REQUESTS, variables: { first: 100 }, principal: secretariat })),
    );
    // assessTransaction: a bench item (every member has entries for it) and the seeded fermenter (real rules), as an analyst (end-user history read).
    await measure(
      'assessTransaction',
      Array.from({ length: k }, () => ({ query: ASSESS, variables: assessInput(input.itemCodes()), principal: analyst })),
      true,
    );
    await measure(
      'assessTransaction (seeded fermenter)',
      Array.from({ length: 3 }, (_, i) => ({ query: ASSESS, variables: assessInput('BIO.EQP.FERMENTER', 10 + 40 * i), principal: analyst })),
    );
    if (register.query)
      await measure(
        'publicRegister',
        Array.from({ length: 3 }, () => ({ query: register.query!, variables: {} })),
        true,
      );
    // The generic reads, as the load sends them; the plans of each.
    for (const g of GENERIC_READS) {
      const versions = g.perVersion ? input.versionIds.slice(0, 5) : [null, null, null];
      await measure(
        g.sqlOperation,
        versions.map((v) => ({ query: g.accord, variables: v ? { v } : {} })),
        true,
      );
    }
    const pairs = input.pairs.slice(0, 3);
    if (pairs.length) {
      await measure(
        'respondToRecognitionRequest',
        pairs.map((p, i) => ({
          query: RESPOND,
          variables: { input: { requestId: p.requestId, ...DECISIONS[i % DECISIONS.length] } },
          principal: { id: `bench-regulator-${p.jurisdiction.toLowerCase()}`, role: Role.REGULATOR, jurisdiction: p.jurisdiction },
        })),
      );
    }

    // The floor must give the same answers.
    const correctness = { itemsCompared: 0, itemMismatches: 0, pagesCompared: 0, pageMismatches: 0, firstMismatch: null as string | null };
    for (let i = 0; i < 3 * k; i++) {
      const code = input.itemCodes();
      const [a, f] = await Promise.all([exec(ITEM, { code, c }), floorItem(pool, c, code)]);
      correctness.itemsCompared += 1;
      if (!isDeepStrictEqual(a.body.data, (f as { data: unknown }).data)) {
        correctness.itemMismatches += 1;
        correctness.firstMismatch ??= `harmonizedItem ${code}: accord ${JSON.stringify(a.body.data).slice(0, 400)} / floor ${JSON.stringify((f as { data: unknown }).data).slice(0, 400)}`;
      }
    }
    for (let i = 0; i < k; i++) {
      const after = input.concordanceAfter();
      const [a, f] = await Promise.all([exec(CONCORDANCE, { c, p: 'BENCH', first: 100, after }), floorConcordance(pool, c, 'BENCH', 100, after)]);
      correctness.pagesCompared += 1;
      if (!isDeepStrictEqual(a.body.data, (f as { data: unknown }).data)) {
        correctness.pageMismatches += 1;
        correctness.firstMismatch ??= `concordance after ${after}: accord ${JSON.stringify(a.body.data).slice(0, 400)} / floor ${JSON.stringify((f as { data: unknown }).data).slice(0, 400)}`;
      }
    }

    // The audit chain the generator wrote (and the in-process writes appended to) must verify.
    let auditChain: InProcessResult['auditChain'] = null;
    const t0 = Date.now();
    const chain = await exec('{ auditChainStatus { valid checkedEvents reason } }', {}, analyst);
    const status = (chain.body.data as { auditChainStatus?: { valid: boolean; checkedEvents: number; reason: string | null } } | undefined)?.auditChainStatus;
    if (status) auditChain = { valid: status.valid, checkedEvents: status.checkedEvents, seconds: Math.round((Date.now() - t0) / 100) / 10 };
    if (status && !status.valid) input.log(`  audit chain broken: ${status.reason}`);

    const explains = await explainAll(input.url, explainTargets);
    return { counts, explains, correctness, auditChain, register };
  } finally {
    await app.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
  }
}

/**
 * Seq Scans that read and threw away more than 1,000 rows (summed over loops) — what an
 * index would avoid. A Seq Scan of a small table, or of nearly all of a table, is fine.
 */
export function wastefulSeqScans(plan: string): string[] {
  const out: string[] = [];
  const lines = plan.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /Seq Scan on (\w+).*?loops=(\d+)\)/.exec(lines[i]);
    if (!m) continue;
    for (let k = i + 1; k < lines.length && !lines[k].includes('->'); k++) {
      const r = /Rows Removed by Filter: (\d+)/.exec(lines[k]);
      if (r) {
        const removed = Number(r[1]) * Number(m[2]);
        if (removed > 1000) out.push(`Seq Scan on ${m[1]} discarding ${removed} rows`);
        break;
      }
    }
  }
  return [...new Set(out)];
}

/** EXPLAIN (ANALYZE, BUFFERS) of each distinct read statement captured (run twice; the warm plan is kept). */
async function explainAll(url: string, targets: { operation: string; captured: Captured[] }[]): Promise<ExplainedQuery[]> {
  const db = new Client({ connectionString: url, application_name: 'accord-bench-explain' });
  await db.connect();
  const out: ExplainedQuery[] = [];
  try {
    const seen = new Set<string>();
    for (const t of targets) {
      for (const q of t.captured) {
        const sql = q.sql.trim();
        if (!/^(SELECT|WITH)\b/i.test(sql) || /^SELECT 1$/i.test(sql)) continue;
        const key = `${t.operation}\u0000${sql.replace(/\s+/g, ' ')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const params = q.params.map((p) => (p instanceof Date ? p.toISOString() : p));
        await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        const res = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        const plan = res.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
        const m = /Execution Time: ([\d.]+) ms/.exec(plan);
        out.push({ operation: t.operation, sql, params, plan, executionMs: m ? Number(m[1]) : null, seqScans: wastefulSeqScans(plan) });
      }
    }
  } finally {
    await db.end();
  }
  return out;
}
