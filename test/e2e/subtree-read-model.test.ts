/**
 * The read model of group summaries (harmonized_subtree, kept by triggers on entry_mapping
 * in the writing transaction): after every kind of write — a mapping proposed, accepted,
 * rejected, moved, deleted; an entry's tier changed; a new version copying the entries;
 * concurrent writers; a rolled-back write — it equals the counts recomputed from the
 * mappings themselves, and a group node's answers follow it.
 */
import type { DataSource } from 'typeorm';
import { checkSubtreeModel, rebuildSubtreeModel } from '../../src/modules/harmonized/read-model';
import { createNodes } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;

const CREATE = `mutation($input: CreateControlListVersionInput!) { createControlListVersion(input: $input) { id } }`;
const UPSERT = `mutation($v: ID!, $entries: [ControlEntryInput!]!) { upsertControlEntries(versionId: $v, entries: $entries) { id controlNumber } }`;
const PUBLISH = `mutation($id: ID!) { publishControlListVersion(id: $id) { id status } }`;
const PROPOSE = `mutation($input: ProposeMappingInput!) { proposeMapping(input: $input) { id status } }`;
const REVIEW = `mutation($id: ID!, $d: MappingDecision!) { reviewMapping(id: $id, decision: $d, note: "read-model test") { id status } }`;
const GROUP = `{ harmonizedItem(code: "RM") { members { jurisdiction { code } status tier } } }`;

/** The counts the model must hold, recomputed here from the mappings (not with the database's function). */
async function expected(ds: DataSource): Promise<string[]> {
  const rows: { taxonomy_code: string; status: string; relation: string; entry_version_id: string | null; entry_tier: string | null }[] = await ds.query(
    `SELECT taxonomy_code, status, relation, entry_version_id, entry_tier FROM entry_mapping`,
  );
  const counts = new Map<string, number>();
  for (const r of rows) {
    if (!['ACCEPTED', 'STALE'].includes(r.status) || r.relation === 'RELATED' || !r.entry_version_id || !r.entry_tier) continue;
    const parts = r.taxonomy_code.split('.');
    for (let i = 1; i < parts.length; i++) {
      const key = [parts.slice(0, i).join('.'), r.entry_version_id, parts[i], r.entry_tier].join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([k, n]) => `${k} ${n}`).sort();
}

async function held(ds: DataSource): Promise<string[]> {
  const rows: { k: string }[] = await ds.query(`SELECT concat_ws(' ', ancestor_code, version_id, child, tier, mappings) AS k FROM harmonized_subtree`);
  return rows.map((r) => r.k).sort();
}

const consistent = async () => expect(await held(t.ds)).toEqual(await expected(t.ds));
const ch = async () => (await t.ok<any>(GROUP, {}, 'analyst')).harmonizedItem.members.find((m: any) => m.jurisdiction.code === 'CH');

let version: string;
let entries: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp({ start: '2026-05-10T12:00:00Z' });
  await createNodes(t.ds, [
    { code: 'RM', label: 'Read-model group' },
    { code: 'RM.A', parentCode: 'RM', label: 'A' },
    { code: 'RM.A.X', parentCode: 'RM.A', label: 'A.X' },
    { code: 'RM.B', parentCode: 'RM', label: 'B' },
  ]);
  version = (
    await t.ok<any>(
      CREATE,
      { input: { jurisdiction: 'CH', listName: 'CH read-model list', label: 'v1', coverage: ['RM'], effectiveFrom: '2026-05-01' } },
      'ch-regulator',
    )
  ).createControlListVersion.id;
  const made = (
    await t.ok<any>(
      UPSERT,
      {
        v: version,
        entries: [
          { controlNumber: 'RM-1', title: 'Read-model item one', text: 'One', tier: 'STANDARD' },
          { controlNumber: 'RM-2', title: 'Read-model item two', text: 'Two', tier: 'ENHANCED' },
        ],
      },
      'ch-regulator',
    )
  ).upsertControlEntries;
  entries = Object.fromEntries(made.map((e: any) => [e.controlNumber, e.id]));
  await t.ok(PUBLISH, { id: version }, 'ch-regulator');
});
afterAll(() => t.close());

const propose = async (entry: string, code: string, relation = 'EXACT') =>
  (await t.ok<any>(PROPOSE, { input: { entryId: entries[entry], taxonomyCode: code, relation } }, 'ch-regulator')).proposeMapping.id as string;
const review = (id: string, d: 'ACCEPT' | 'REJECT') => t.ok(REVIEW, { id, d }, 'secretariat');

describe('harmonized_subtree', () => {
  it('follows mappings proposed, accepted and rejected through the API, and the group summary reads it', async () => {
    await consistent();
    expect(await ch()).toMatchObject({ status: 'NOT_CONTROLLED', tier: null });
    const a = await propose('RM-1', 'RM.A.X');
    await consistent();
    expect((await held(t.ds)).filter((k) => k.startsWith('RM'))).toEqual([]); // PROPOSED counts for nothing
    await review(a, 'ACCEPT');
    await consistent();
    expect(await ch()).toMatchObject({ status: 'CONTROLLED', tier: 'STANDARD' });
    const b = await propose('RM-2', 'RM.B');
    await review(b, 'ACCEPT');
    await consistent();
    expect(await ch()).toMatchObject({ status: 'CONTROLLED', tier: 'ENHANCED' });
    const related = await propose('RM-2', 'RM.A', 'RELATED');
    await review(related, 'ACCEPT');
    await consistent(); // RELATED counts for nothing
    const rejected = await propose('RM-2', 'RM.A.X');
    await review(rejected, 'REJECT');
    await consistent();
  });

  it('follows an entry whose tier changes, a mapping moved to another code, and a deleted mapping', async () => {
    await t.ds.query(`UPDATE control_entry SET tier = 'DECLARATION' WHERE id = $1`, [entries['RM-2']]);
    await consistent();
    expect(await ch()).toMatchObject({ status: 'CONTROLLED', tier: 'STANDARD' });
    await t.ds.query(`UPDATE entry_mapping SET taxonomy_code = 'RM.A.X' WHERE entry_id = $1 AND taxonomy_code = 'RM.B'`, [entries['RM-2']]);
    await consistent();
    await t.ds.query(`DELETE FROM entry_mapping WHERE entry_id = $1`, [entries['RM-1']]);
    await consistent();
    expect(await ch()).toMatchObject({ status: 'CONTROLLED', tier: 'DECLARATION' });
    await t.ds.query(`UPDATE entry_mapping SET status = 'STALE' WHERE entry_id = $1 AND status = 'ACCEPTED'`, [entries['RM-2']]);
    await consistent(); // STALE still counts
    expect(await ch()).toMatchObject({ status: 'CONTROLLED' });
  });

  it('follows a new version that copies the entries, and its publication', async () => {
    const v2 = (
      await t.ok<any>(
        CREATE,
        { input: { jurisdiction: 'CH', listName: 'CH read-model list', label: 'v2', coverage: ['RM'], effectiveFrom: '2026-05-05', copyFromCurrent: true } },
        'ch-regulator',
      )
    ).createControlListVersion.id;
    await consistent();
    await t.ok(UPSERT, { v: v2, entries: [{ controlNumber: 'RM-2', title: 'Read-model item two', text: 'Two, revised', tier: 'ENHANCED' }] }, 'ch-regulator');
    await consistent();
    await t.ok(PUBLISH, { id: v2 }, 'ch-regulator');
    await consistent();
  });

  it('keeps both of two concurrent writers under one ancestor, and nothing of a rolled-back one', async () => {
    const entry = entries['RM-1']; // no live mapping left (deleted above)
    const insert = `INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status) VALUES ($1, $2, 'EXACT', 'ACCEPTED')`;
    const one = t.ds.createQueryRunner();
    const two = t.ds.createQueryRunner();
    try {
      await one.startTransaction();
      await two.startTransaction();
      await one.query(insert, [entry, 'RM.A']);
      // The second waits on the first's count row (same ancestor, version, child and tier), then adds to it.
      const second = two.query(insert, [entry, 'RM.A.X']).then(() => two.commitTransaction());
      await new Promise((r) => setTimeout(r, 100));
      await one.commitTransaction();
      await second;
      await consistent();
      await one.startTransaction();
      const count = async () => (await held(t.ds)).filter((k) => k.startsWith(`RM ${version} B `));
      const before = await count();
      await one.query(insert, [entry, 'RM.B']);
      await one.rollbackTransaction();
      await consistent();
      expect(await count()).toEqual(before);
    } finally {
      await one.release();
      await two.release();
    }
  });

  it('takes concurrent opposite tier changes under shared keys without a deadlock', async () => {
    // Two entries mapped under the same keys; their tiers flip in opposite directions at once,
    // so each statement takes one tier's count away and adds to the other's: unless every
    // statement locks its keys in one order, two of them wait on each other.
    const made: { id: string }[] = await t.ds.query(
      `INSERT INTO control_entry (version_id, control_number, title, text, parameters, exclusions, hs_codes, tier, exclusions_recorded, tier_illustrative)
       VALUES ($1, 'RM-3', 'Read-model item three', 'Three', '[]', '[]', '{}', 'STANDARD', false, false),
              ($1, 'RM-4', 'Read-model item four', 'Four', '[]', '[]', '{}', 'ENHANCED', false, false) RETURNING id`,
      [version],
    );
    for (const e of made)
      await t.ds.query(`INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status) VALUES ($1, 'RM.A.X', 'EXACT', 'ACCEPTED')`, [e.id]);
    await t.ds.query(`INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status) VALUES ($1, 'RM.A', 'EXACT', 'ACCEPTED')`, [made[0].id]);
    const flip = `UPDATE control_entry SET tier = CASE tier WHEN 'STANDARD' THEN 'ENHANCED' ELSE 'STANDARD' END WHERE id = $1`;
    const failures: string[] = [];
    await Promise.all(
      made.map(async (e) => {
        for (let i = 0; i < 40; i++) await t.ds.query(flip, [e.id]).catch((err: Error) => failures.push(err.message));
      }),
    );
    expect(failures).toEqual([]);
    await consistent();
  });

  it('is checked against the mappings, and rebuilt from them after writes that bypassed its triggers', async () => {
    const agreeing = await checkSubtreeModel(t.ds);
    expect(agreeing).toMatchObject({ missing: 0, extra: 0, differing: 0 });
    expect(agreeing.rows).toBe((await held(t.ds)).length);
    const wanted = await held(t.ds);
    // A count changed, a row removed, a stray row: as writes with the triggers disabled would leave it.
    await t.ds.query(`UPDATE harmonized_subtree SET mappings = mappings + 1 WHERE (ancestor_code, child) = ('RM', 'A')`);
    await t.ds.query(`DELETE FROM harmonized_subtree WHERE ancestor_code = 'RM.A'`);
    await t.ds.query(`INSERT INTO harmonized_subtree VALUES ('RM', $1, 'Z', 'ENHANCED', 3)`, [version]);
    const drifted = await checkSubtreeModel(t.ds);
    expect(drifted.missing).toBeGreaterThan(0);
    expect(drifted.differing).toBeGreaterThan(0);
    expect(drifted.extra).toBe(1);
    expect(await rebuildSubtreeModel(t.ds)).toMatchObject({ rows: wanted.length, missing: 0, extra: 0, differing: 0 });
    expect(await held(t.ds)).toEqual(wanted);
    await consistent();
  });

  it('is emptied with the mappings, deleted or truncated', async () => {
    const [{ id: entry }] = await t.ds.query(`SELECT entry_id AS id FROM entry_mapping WHERE status = 'ACCEPTED' LIMIT 1`);
    expect((await held(t.ds)).length).toBeGreaterThan(0);
    await t.ds.query(`DELETE FROM entry_mapping`);
    expect(await held(t.ds)).toEqual([]);
    await consistent();
    await t.ds.query(`INSERT INTO entry_mapping (entry_id, taxonomy_code, relation, status) VALUES ($1, 'RM.A.X', 'EXACT', 'ACCEPTED')`, [entry]);
    expect((await held(t.ds)).length).toBeGreaterThan(0);
    await t.ds.query(`TRUNCATE entry_mapping CASCADE`);
    expect(await held(t.ds)).toEqual([]);
    await consistent();
  });
});
