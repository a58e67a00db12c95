/** The catalogue of the bench dataset: members, the BENCH taxonomy, one published list per member, its entries and their mappings. */
import consortia from '../seeds/data/consortia.json';
import type { Scale } from './config';
import type { Catalogue, GenerationContext, Member } from './generate-context';
import { ADJECTIVES, AGENTS, DAY, NOUNS, p2, p4, SUFFIXES, TIERS, USES } from './words';

/** Codes of the BENCH taxonomy, level by level. */
export function benchTaxonomy(scale: Scale) {
  const [A, B, C] = scale.fanout;
  const l1: string[] = [];
  const l2: string[] = [];
  const l3: string[] = [];
  for (let a = 1; a <= A; a++) {
    l1.push(`BENCH.D${p2(a)}`);
    for (let b = 1; b <= B; b++) {
      l2.push(`BENCH.D${p2(a)}.G${p2(b)}`);
      for (let c = 1; c <= C; c++) l3.push(`BENCH.D${p2(a)}.G${p2(b)}.F${p2(c)}`);
    }
  }
  const nL4 = scale.nodes - 1 - l1.length - l2.length - l3.length;
  if (nL4 < 3) throw new Error(`scale ${scale.name}: too few nodes for fan-out ${scale.fanout.join('×')}`);
  const l4 = Array.from({ length: nL4 }, (_, n) => ({ code: `${l3[n % l3.length]}.I${p4(n)}`, parent: l3[n % l3.length] }));
  return { l1, l2, l3, l4 };
}

export type BenchTaxonomy = ReturnType<typeof benchTaxonomy>;

export async function generateCatalogue(ctx: GenerationContext, taxonomy: BenchTaxonomy): Promise<Catalogue> {
  const { db, scale, now, bar, phase } = ctx;
  const { l1, l2, l3, l4 } = taxonomy;
  const E = scale.entriesPerList;

  // --- members ---------------------------------------------------------------------
  const seeded = consortia[0];
  const [{ id: consortiumId }] = (await db.query('SELECT id FROM consortium WHERE name = $1', [seeded.name])).rows;
  const seededMembers = seeded.members.filter((m) => m.role === 'MEMBER').map((m) => m.jurisdiction);
  const extra = Math.max(0, scale.members - seededMembers.length);
  if (extra > 0) {
    await db.query(
      `INSERT INTO jurisdiction (code, name, kind) SELECT 'X' || lpad(i::text, 2, '0'), 'Bench state ' || lpad(i::text, 2, '0'), 'STATE'
       FROM generate_series(1, $1::int) i`,
      [extra],
    );
    await db.query(
      `INSERT INTO membership (consortium_id, jurisdiction_code, role, since)
       SELECT $1, 'X' || lpad(i::text, 2, '0'), 'MEMBER', '2026-01-01' FROM generate_series(1, $2::int) i`,
      [consortiumId, extra],
    );
  } else {
    // Fewer members than seeded: the others' memberships end (they leave the harmonized views).
    await db.query(`UPDATE membership SET until = '2026-01-02' WHERE consortium_id = $1 AND role = 'MEMBER' AND NOT (jurisdiction_code = ANY($2))`, [
      consortiumId,
      seededMembers.slice(0, scale.members),
    ]);
  }
  const members: Member[] = (
    await db.query(
      `SELECT m.jurisdiction_code AS code, j.adopts_code AS adopts FROM membership m JOIN jurisdiction j ON j.code = m.jurisdiction_code
       WHERE m.consortium_id = $1 AND m.role = 'MEMBER' AND m.until IS NULL ORDER BY m.jurisdiction_code`,
      [consortiumId],
    )
  ).rows.map((r, j) => ({ j, code: r.code, adopts: r.adopts }));
  if (members.length !== scale.members) throw new Error(`expected ${scale.members} members, found ${members.length}`);
  phase('members');

  // --- taxonomy --------------------------------------------------------------------
  bar.update({ phase: 'taxonomy' });
  const nodeRows: { code: string; parent: string | null; label: string; hs: string | null }[] = [
    { code: 'BENCH', parent: null, label: 'Bench taxonomy root', hs: null },
    ...l1.map((code, a) => ({ code, parent: 'BENCH', label: `Bench division ${a + 1}`, hs: null })),
    ...l2.map((code, b) => ({ code, parent: code.slice(0, code.lastIndexOf('.')), label: `Bench group ${b + 1}: ${NOUNS[b % NOUNS.length]}s`, hs: null })),
    ...l3.map((code, c) => ({
      code,
      parent: code.slice(0, code.lastIndexOf('.')),
      label: `${ADJECTIVES[c % ADJECTIVES.length]} ${NOUNS[c % NOUNS.length]}s`,
      hs: `8419.${p2(10 + (c % 90))}`,
    })),
    ...l4.map((n, i) => ({
      code: n.code,
      parent: n.parent,
      label: `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[(i >> 2) % NOUNS.length]}, class ${i}`,
      hs: i % 3 === 0 ? `8421.${p2(10 + (i % 90))}` : null,
    })),
  ];
  await db.query(
    `INSERT INTO taxonomy_node (code, parent_code, label, description, kind, hs_codes, created_at)
     SELECT code, parent, label, 'Synthetic bench node ' || code, 'EQUIPMENT', CASE WHEN hs IS NULL THEN '{}'::text[] ELSE ARRAY[hs] END, $5
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(code, parent, label, hs)`,
    [nodeRows.map((n) => n.code), nodeRows.map((n) => n.parent), nodeRows.map((n) => n.label), nodeRows.map((n) => n.hs), new Date(now.getTime() - 320 * DAY)],
  );
  await db.query('CREATE TEMP TABLE bench_l4 (idx int PRIMARY KEY, code text NOT NULL, l3 text NOT NULL)');
  await db.query('INSERT INTO bench_l4 SELECT * FROM unnest($1::int[], $2::text[], $3::text[])', [
    l4.map((_, i) => i),
    l4.map((n) => n.code),
    l4.map((n) => n.parent),
  ]);
  bar.increment(nodeRows.length);
  phase('taxonomy');

  // --- lists and versions ------------------------------------------------------------
  bar.update({ phase: 'lists' });
  const listAt = new Date(now.getTime() - 300 * DAY);
  const partial = l1.slice(0, Math.max(1, Math.ceil(l1.length / 2)));
  const coverage = members.map((m) => (m.j % 6 === 5 ? partial : ['BENCH']).join('|'));
  await db.query('CREATE TEMP TABLE bench_member (j int PRIMARY KEY, code text NOT NULL, list_id uuid NOT NULL, version_id uuid NOT NULL)');
  await db.query(
    `INSERT INTO bench_member SELECT j, code, md5('bench-list-' || code)::uuid, md5('bench-version-' || code)::uuid
     FROM unnest($1::int[], $2::text[]) AS t(j, code)`,
    [members.map((m) => m.j), members.map((m) => m.code)],
  );
  await db.query(
    `INSERT INTO control_list (id, jurisdiction_code, name, instrument, created_at)
     SELECT list_id, code, 'Bench list ' || code, 'Accord bench dataset (synthetic)', $1 FROM bench_member`,
    [listAt],
  );
  await db.query(
    `INSERT INTO control_list_version (id, list_id, label, status, effective_from, source, coverage, created_by_id, created_at, published_at)
     SELECT m.version_id, m.list_id, 'bench-1', 'PUBLISHED', '2026-01-01', 'synthetic', string_to_array(c.cov, '|'), 'bench', $1, $1
     FROM bench_member m JOIN unnest($2::int[], $3::text[]) AS c(j, cov) ON c.j = m.j`,
    [listAt, members.map((m) => m.j), coverage],
  );
  phase('lists');

  // --- entries and mappings, a few lists per statement ---------------------------------
  const stride = Math.max(1, Math.floor(l4.length / members.length));
  const chunk = Math.max(1, Math.floor(20000 / E));
  for (let lo = 0; lo < members.length; lo += chunk) {
    const hi = Math.min(members.length, lo + chunk) - 1;
    bar.update({ phase: `entries ${members[lo].code}…${members[hi].code}` });
    const entries = await db.query(
      `INSERT INTO control_entry (id, version_id, control_number, parent_number, title, text, parameters, reasons_for_control,
         regime_references, hs_codes, notes, exclusions, tier, tier_illustrative, source)
       SELECT md5('bench-entry-' || m.j || '-' || i)::uuid, m.version_id,
         format('%s.%s%s%s', m.code, 1 + i % 9, chr(65 + (i / 9) % 5), lpad((i / 45)::text, 3, '0')),
         NULL,
         format('%s %s %s', ($3::text[])[1 + i % 12], ($4::text[])[1 + (i / 12 + m.j) % 20], ($5::text[])[1 + (i / 240) % 6]),
         format('%s %s for the %s of %s, %s; model series bx%sk%s. Controlled when designed for %s in containment level %s, excluding medical devices.',
           initcap(($3::text[])[1 + (i / 7) % 12]), ($4::text[])[1 + (i / 12 + m.j) % 20], ($7::text[])[1 + i % 8], ($6::text[])[1 + (i / 3) % 8],
           CASE WHEN i % 2 = 0 THEN 'with a capacity of ' || (20 * (1 + (i + m.j) % 4)) || ' litres or more' ELSE 'with aerosol-tight seals' END,
           m.j, i, ($6::text[])[1 + (i / 5 + m.j) % 8], 2 + i % 3),
         CASE i % 3
           WHEN 0 THEN jsonb_build_array(jsonb_build_object('name', 'total internal volume', 'comparator', 'GTE', 'value', 20 * (1 + (i + m.j) % 4), 'unit', 'L'))
           WHEN 1 THEN jsonb_build_array(jsonb_build_object('name', 'flow rate', 'comparator', 'GT', 'value', 100 * (1 + (i + m.j) % 3), 'unit', 'L/h'))
           ELSE '[]'::jsonb END,
         ARRAY['CB'], ARRAY['AG'],
         ARRAY[format('%s.%s', (ARRAY['8419', '8421', '9027', '8479', '3002'])[1 + i % 5], lpad(((i / 5) % 90 + 10)::text, 2, '0'))],
         NULL,
         CASE WHEN i % 7 = 0 THEN '[{"kind": "VACCINE", "description": "Vaccines."}]'::jsonb ELSE '[]'::jsonb END,
         ($8::text[])[1 + (i + m.j) % 3], true, 'Accord bench dataset (synthetic)'
       FROM bench_member m CROSS JOIN generate_series(0, $9::int - 1) i
       WHERE m.j BETWEEN $1 AND $2`,
      [lo, hi, ADJECTIVES, NOUNS, SUFFIXES, AGENTS, USES, TIERS, E],
    );
    bar.increment(entries.rowCount ?? 0);
    bar.update({ phase: `mappings ${members[lo].code}…${members[hi].code}` });
    const mappings = await db.query(
      `INSERT INTO entry_mapping (id, entry_id, taxonomy_code, relation, status, note, proposed_by_id, proposed_at, reviewed_by_id, reviewed_at, review_note)
       SELECT md5('bench-map-' || x.j || '-' || x.i || '-' || x.k)::uuid, md5('bench-entry-' || x.j || '-' || x.i)::uuid, x.code, x.relation, x.status,
              NULL, 'bench', $3::timestamptz, CASE WHEN x.status = 'ACCEPTED' THEN 'bench-secretariat' END,
              CASE WHEN x.status = 'ACCEPTED' THEN $3::timestamptz END, CASE WHEN x.status = 'ACCEPTED' THEN 'bench: bulk-accepted' END
       FROM (
         SELECT m.j, i, 0 AS k, n.code, (ARRAY['EXACT', 'EXACT', 'EXACT', 'NARROWER', 'OVERLAP'])[1 + i % 5] AS relation, 'ACCEPTED' AS status
         FROM bench_member m CROSS JOIN generate_series(0, $6::int - 1) i JOIN bench_l4 n ON n.idx = (i + m.j * $4::int) % $5::int
         WHERE m.j BETWEEN $1 AND $2
         UNION ALL
         SELECT m.j, i, 1, n.l3, 'BROADER', 'ACCEPTED'
         FROM bench_member m CROSS JOIN generate_series(0, $6::int - 1) i JOIN bench_l4 n ON n.idx = (i + m.j * $4::int) % $5::int
         WHERE m.j BETWEEN $1 AND $2 AND i % 4 = 0
         UNION ALL
         SELECT m.j, i, 2, n.code, 'RELATED', 'ACCEPTED'
         FROM bench_member m CROSS JOIN generate_series(0, $6::int - 1) i JOIN bench_l4 n ON n.idx = (i + m.j * $4::int + 1) % $5::int
         WHERE m.j BETWEEN $1 AND $2 AND i % 10 = 1
         UNION ALL
         SELECT m.j, i, 3, n.code, 'EXACT', 'PROPOSED'
         FROM bench_member m CROSS JOIN generate_series(0, $6::int - 1) i JOIN bench_l4 n ON n.idx = (i + m.j * $4::int + 2) % $5::int
         WHERE m.j BETWEEN $1 AND $2 AND i % 20 = 3
       ) x`,
      [lo, hi, listAt, stride, l4.length, E],
    );
    bar.increment(mappings.rowCount ?? 0);
  }
  phase('entries+mappings');

  return { consortiumId, members, listAt };
}
