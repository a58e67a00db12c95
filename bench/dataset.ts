/** The bench's dataset: generated into its own database, or reused (with the migrations added since), and what the load draws from it. */
import { Client } from 'pg';
import { createDataSource } from '../ormconfig';
import type { BenchOptions } from './config';
import { generate, previousGeneration, type GenerationResult } from './generate';
import { adminQuery, log } from './processes';

export async function prepareDataset(opts: BenchOptions, adminUrl: string, url: string, notes: string[]): Promise<GenerationResult & { reused: boolean }> {
  // --- the dataset ----------------------------------------------------------------------
  let generation: GenerationResult & { reused: boolean };
  const previous = opts.reuse ? await previousGeneration(url) : null;
  if (previous && previous.scale === opts.scale.name) {
    log(`reusing ${opts.database} (scale ${previous.scale}, generated in ${previous.seconds} s)`);
    generation = { ...previous, reused: true };
    // A reused dataset gets the migrations added since it was generated (as a deployment would).
    const ds = createDataSource(url, { extra: { max: 1, application_name: 'accord-bench-migrate' } });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      if (applied.length) {
        notes.push(`reused dataset: applied ${applied.map((m) => m.name).join(', ')} first, then VACUUM ANALYZE`);
        // A migration that rewrites rows leaves the visibility map and statistics stale: index-only
        // reads would visit the table until autovacuum came by. A deployment would vacuum too.
        log('vacuuming after the migrations');
        await ds.query('VACUUM ANALYZE');
      }
    } finally {
      await ds.destroy();
    }
    notes.push('dataset reused from a previous run (--reuse): earlier write runs have answered part of the open requests');
  } else {
    log(`creating database ${opts.database} (dropped if it exists)`);
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${opts.database}" WITH (FORCE)`);
    await adminQuery(adminUrl, `CREATE DATABASE "${opts.database}"`);
    generation = { ...(await generate(url, opts.scale, log)), reused: false };
  }
  return generation;
}

export interface Draws {
  benchCodes: string[];
  memberCodes: string[];
  pairRows: { request_id: string; jurisdiction: string }[];
  versionIds: string[];
}

/** The taxonomy codes, members, open (request, member) pairs and list versions the load draws from. */
export async function loadDraws(url: string, consortiumId: string): Promise<Draws> {
  // --- what the load draws from ------------------------------------------------------
  const db = new Client({ connectionString: url });
  await db.connect();
  const benchCodes: string[] = (await db.query(`SELECT code FROM taxonomy_node WHERE code = 'BENCH' OR code LIKE 'BENCH.%' ORDER BY code`)).rows.map(
    (r) => r.code,
  );
  const memberCodes: string[] = (
    await db.query(`SELECT jurisdiction_code AS code FROM membership WHERE consortium_id = $1 AND role = 'MEMBER' AND until IS NULL ORDER BY 1`, [consortiumId])
  ).rows.map((r) => r.code);
  const pairRows: { request_id: string; jurisdiction: string }[] = (
    await db.query(
      `SELECT r.id AS request_id, c AS jurisdiction FROM recognition_request r CROSS JOIN LATERAL unnest(r.concerned_jurisdiction_codes) c
       WHERE r.status IN ('SUBMITTED', 'UNDER_REVIEW') AND r.deadline > now() + interval '1 day'
         AND NOT EXISTS (SELECT 1 FROM recognition_response s WHERE s.request_id = r.id AND s.jurisdiction_code = c)`,
    )
  ).rows;
  const versionIds: string[] = (await db.query(`SELECT id FROM control_list_version WHERE label = 'bench-1' AND status = 'PUBLISHED' ORDER BY id`)).rows.map(
    (r) => r.id,
  );
  await db.end();
  return { benchCodes, memberCodes, pairRows, versionIds };
}

/** What the report should say of the dataset: seeds missing from the build, a node count off the scale. */
export async function datasetNotes(url: string, opts: BenchOptions, benchCodes: string[]): Promise<string[]> {
  const out: string[] = [];
  const seedCheck = new Client({ connectionString: url });
  await seedCheck.connect();
  const seededNodes = Number((await seedCheck.query(`SELECT count(*)::int AS n FROM taxonomy_node WHERE code NOT LIKE 'BENCH%'`)).rows[0].n);
  await seedCheck.end();
  if (seededNodes === 0) {
    out.push(
      'the seeds loaded from the build (dist/seeds) hold no taxonomy and no control lists: seedDataDir() in seeds/lists.ts finds dist/seeds/data ' +
        '(where tsc copied the imported jurisdictions.json) and reads taxonomy.json and lists/ from there, where they are missing — `npm start` on an empty database has the same gap',
    );
  }
  if (benchCodes.length !== opts.scale.nodes) out.push(`expected ${opts.scale.nodes} BENCH nodes, found ${benchCodes.length}`);
  return out;
}
