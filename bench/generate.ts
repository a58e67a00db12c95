/**
 * The scale dataset: migrations and seeds first (as a real deployment has them), then
 * bulk, set-based SQL — `INSERT … SELECT generate_series` and multi-row `INSERT … SELECT
 * unnest($arrays)` — never one ORM save per row.
 *
 * Default scale: the seeded consortium grows to 40 members (the 11 seeded members and
 * X01…X29), 5,000 taxonomy nodes in four levels under BENCH, one PUBLISHED bench list of
 * 2,500 entries per member (100,000 entries) with parameters, tiers, exclusions and HS
 * codes, ≥ 1 ACCEPTED mapping per entry (plus BROADER, RELATED and PROPOSED ones), 10,000
 * recognition requests with their responses, and the audit events they imply — a valid
 * hash chain continuing after the seeds' last event.
 *
 * Everything is deterministic except uuids of requests and responses; entry, list,
 * version and mapping ids are md5-derived so set-based statements can refer to each
 * other without round trips.
 */
import cliProgress from 'cli-progress';
import { Client } from 'pg';
import { createDataSource } from '../ormconfig';
import { loadSeeds } from '../seeds/load';
import { ManualClock } from '../src/shared/clock';
import type { Scale } from './config';
import { writeAuditChain } from './generate-audit';
import { benchTaxonomy, generateCatalogue } from './generate-catalogue';
import type { GenerationContext } from './generate-context';
import { generateRecognition } from './generate-recognition';
import { DAY } from './words';

export interface GenerationResult {
  seconds: number;
  scale: string;
  consortiumId: string;
  counts: Record<string, number>;
  phases: Record<string, number>;
}

export async function generate(url: string, scale: Scale, log: (line: string) => void): Promise<GenerationResult> {
  const started = Date.now();
  const phases: Record<string, number> = {};
  let phaseStart = Date.now();
  const phase = (name: string) => {
    phases[name] = Math.round((Date.now() - phaseStart) / 100) / 10;
    phaseStart = Date.now();
  };
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);

  // --- migrations and seeds (the seeds' audit event is dated before everything else) ----
  const ds = createDataSource(url, { extra: { max: 2, application_name: 'accord-bench-generate' } });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    await loadSeeds(ds, { clock: new ManualClock(new Date(now.getTime() - 400 * DAY)) });
  } finally {
    await ds.destroy();
  }
  phase('migrations+seeds');

  const db = new Client({ connectionString: url, application_name: 'accord-bench-generate' });
  await db.connect();
  const taxonomy = benchTaxonomy(scale);
  const E = scale.entriesPerList;
  const estimatedRequests = scale.requests;
  const bar = new cliProgress.SingleBar(
    {
      format: 'generate [{bar}] {percentage}% | {value}/{total} rows | {phase} | {duration_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 3000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const estMappings = Math.round(scale.members * E * 1.4);
  const estResponses = estimatedRequests * 3;
  const estAudit = estimatedRequests * 2 + estResponses;
  bar.start(scale.nodes + scale.members * E + estMappings + estimatedRequests + estResponses + estAudit, 0, { phase: 'members' });
  try {
    await db.query('SET synchronous_commit = off');
    const ctx: GenerationContext = { db, scale, now, bar, phase, audit: [] };
    const catalogue = await generateCatalogue(ctx, taxonomy);
    const { consortiumId, members } = catalogue;
    await generateRecognition(ctx, catalogue);
    await writeAuditChain(ctx);

    bar.update({ phase: 'vacuum analyze' });
    await db.query('VACUUM ANALYZE');
    phase('vacuum');
    bar.stop();

    const counts: Record<string, number> = {};
    for (const table of [
      'jurisdiction',
      'membership',
      'taxonomy_node',
      'control_list',
      'control_list_version',
      'control_entry',
      'entry_mapping',
      'recognition_request',
      'recognition_response',
      'register_entry',
      'audit_event',
    ]) {
      counts[table] = Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    }
    counts.members = members.length;
    counts.acceptedMappings = Number((await db.query(`SELECT count(*)::int AS n FROM entry_mapping WHERE status = 'ACCEPTED'`)).rows[0].n);
    counts.openRequests = Number(
      (await db.query(`SELECT count(*)::int AS n FROM recognition_request WHERE status IN ('SUBMITTED', 'UNDER_REVIEW')`)).rows[0].n,
    );
    const result: GenerationResult = { seconds: Math.round((Date.now() - started) / 100) / 10, scale: scale.name, consortiumId, counts, phases };
    const [{ current_database: dbName }] = (await db.query('SELECT current_database()')).rows;
    await db.query(`COMMENT ON DATABASE "${dbName}" IS ${literal(JSON.stringify({ accordBench: result }))}`);
    log(
      `generated scale "${scale.name}" in ${result.seconds} s: ${Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    return result;
  } finally {
    bar.stop();
    await db.end();
  }
}

function literal(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The generation recorded on the database by a previous run (for --reuse). */
export async function previousGeneration(url: string): Promise<GenerationResult | null> {
  const db = new Client({ connectionString: url });
  try {
    await db.connect();
  } catch {
    return null;
  }
  try {
    const r = await db.query("SELECT shobj_description(oid, 'pg_database') AS d FROM pg_database WHERE datname = current_database()");
    const d = r.rows[0]?.d as string | null;
    return d ? ((JSON.parse(d).accordBench as GenerationResult) ?? null) : null;
  } catch {
    return null;
  } finally {
    await db.end();
  }
}
