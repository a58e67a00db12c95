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
import { createHash, randomUUID } from 'node:crypto';
import cliProgress from 'cli-progress';
import { Client } from 'pg';
import { createDataSource } from '../ormconfig';
import { loadSeeds } from '../seeds/load';
import consortia from '../seeds/data/consortia.json';
import { GENESIS_HASH, hashAuditEvent } from '../src/modules/audit/audit-chain';
import { toJsonValue } from '../src/shared/canonical-json';
import { ManualClock } from '../src/shared/clock';
import type { Scale } from './config';

const DAY = 86_400_000;

export const ADJECTIVES = ['continuous', 'batch', 'high-containment', 'sterile', 'disposable', 'automated', 'benchtop', 'industrial', 'sealed', 'multi-parameter', 'high-throughput', 'modular'];
export const NOUNS = [
  'fermenter', 'bioreactor', 'centrifuge', 'cytometer', 'sequencer', 'synthesizer', 'autoclave', 'freeze-dryer', 'spray-dryer', 'biosafety cabinet',
  'isolator', 'aerosol chamber', 'cross-flow filter', 'homogenizer', 'incubator', 'chromatograph', 'mass spectrometer', 'protective suit', 'decontamination shower', 'nucleic acid assembler',
];
const SUFFIXES = ['system', 'unit', 'assembly', 'equipment', 'installation', 'module'];
const AGENTS = ['pathogenic microorganisms', 'viruses', 'toxins', 'genetic elements', 'recombinant cells', 'fungal spores', 'prions', 'bacterial cultures'];
const USES = ['cultivation', 'separation', 'containment', 'analysis', 'aerosolisation', 'purification', 'drying', 'assembly'];
const TIERS = ['DECLARATION', 'STANDARD', 'ENHANCED'];

export interface Member {
  j: number;
  code: string;
  adopts: string | null;
}

export interface GenerationResult {
  seconds: number;
  scale: string;
  consortiumId: string;
  counts: Record<string, number>;
  phases: Record<string, number>;
}

/** uuid from md5, exactly as PostgreSQL's md5(text)::uuid formats it. */
export function md5Uuid(s: string): string {
  const h = createHash('md5').update(s).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const p2 = (n: number) => String(n).padStart(2, '0');
const p4 = (n: number) => String(n).padStart(4, '0');

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

interface AuditRow {
  occurredAt: Date;
  actorId: string | null;
  actorRole: string;
  actorJurisdiction: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: unknown;
  after: unknown;
  rationale: string | null;
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
  const { l1, l2, l3, l4 } = benchTaxonomy(scale);
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
      ...l3.map((code, c) => ({ code, parent: code.slice(0, code.lastIndexOf('.')), label: `${ADJECTIVES[c % ADJECTIVES.length]} ${NOUNS[c % NOUNS.length]}s`, hs: `8419.${p2(10 + (c % 90))}` })),
      ...l4.map((n, i) => ({ code: n.code, parent: n.parent, label: `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[(i >> 2) % NOUNS.length]}, class ${i}`, hs: i % 3 === 0 ? `8421.${p2(10 + (i % 90))}` : null })),
    ];
    await db.query(
      `INSERT INTO taxonomy_node (code, parent_code, label, description, kind, hs_codes, created_at)
       SELECT code, parent, label, 'Synthetic bench node ' || code, 'EQUIPMENT', CASE WHEN hs IS NULL THEN '{}'::text[] ELSE ARRAY[hs] END, $5
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(code, parent, label, hs)`,
      [nodeRows.map((n) => n.code), nodeRows.map((n) => n.parent), nodeRows.map((n) => n.label), nodeRows.map((n) => n.hs), new Date(now.getTime() - 320 * DAY)],
    );
    await db.query('CREATE TEMP TABLE bench_l4 (idx int PRIMARY KEY, code text NOT NULL, l3 text NOT NULL)');
    await db.query('INSERT INTO bench_l4 SELECT * FROM unnest($1::int[], $2::text[], $3::text[])', [l4.map((_, i) => i), l4.map((n) => n.code), l4.map((n) => n.parent)]);
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

    // --- recognition requests, responses and their audit events (built in Node) -----------
    bar.update({ phase: 'recognition' });
    const rand = prng(20260301);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const audit: AuditRow[] = [];
    const regulator = (code: string) => ({ actorId: `bench-regulator-${code.toLowerCase()}`, actorRole: 'REGULATOR', actorJurisdiction: code });
    for (const m of members) {
      audit.push({
        occurredAt: listAt, ...regulator(m.code), action: 'CONTROL_LIST.IMPORTED', subjectType: 'ControlListVersion', subjectId: md5Uuid(`bench-version-${m.code}`),
        before: null, after: { listId: md5Uuid(`bench-list-${m.code}`), label: 'bench-1', format: 'bench', entries: E }, rationale: null,
      });
      audit.push({
        occurredAt: new Date(listAt.getTime() + 60_000), ...regulator(m.code), action: 'CONTROL_LIST_VERSION.PUBLISHED', subjectType: 'ControlListVersion',
        subjectId: md5Uuid(`bench-version-${m.code}`), before: { status: 'DRAFT', supersedes: null },
        after: { status: 'PUBLISHED', effectiveFrom: '2026-01-01', carriedMappings: 0, staleMappings: 0 }, rationale: null,
      });
    }
    type Status = 'DRAFT' | 'SUBMITTED' | 'UNDER_REVIEW' | 'RECOGNIZED' | 'PARTIALLY_RECOGNIZED' | 'DECLINED' | 'LAPSED' | 'WITHDRAWN';
    const closedMix: [Status, number][] = [['DRAFT', 0.03], ['RECOGNIZED', 0.3], ['PARTIALLY_RECOGNIZED', 0.22], ['DECLINED', 0.15], ['LAPSED', 0.18], ['WITHDRAWN', 0.12]];
    const req = { id: [] as string[], requesting: [] as string[], concerned: [] as string[], subject: [] as string[], justification: [] as string[], status: [] as string[],
      submitted: [] as (Date | null)[], deadline: [] as (Date | null)[], closed: [] as (Date | null)[], withdrawal: [] as (string | null)[], createdBy: [] as string[], created: [] as Date[] };
    const resp = { id: [] as string[], request: [] as string[], jurisdiction: [] as string[], decision: [] as string[], rationale: [] as (string | null)[],
      conditions: [] as string[], criteria: [] as string[], by: [] as string[], at: [] as Date[] };
    const reg = { id: [] as string[], subject: [] as string[], title: [] as string[], summary: [] as string[], rationale: [] as string[], jurisdictions: [] as string[],
      details: [] as string[], at: [] as Date[] };
    for (let r = 0; r < scale.requests; r++) {
      const requester = members[r % members.length];
      const others = members.filter((m) => m.code !== requester.code).map((m) => m.code);
      const k = Math.min(others.length, 2 + Math.floor(rand() * 6));
      const concerned = [...others].sort(() => rand() - 0.5).slice(0, k).sort();
      let status: Status;
      const u = rand();
      if (u < scale.openShare) status = u < scale.openShare * 0.45 ? 'SUBMITTED' : 'UNDER_REVIEW';
      else {
        let v = rand();
        status = closedMix[closedMix.length - 1][0];
        for (const [s, w] of closedMix) {
          if (v < w) { status = s; break; }
          v -= w;
        }
      }
      const open = status === 'SUBMITTED' || status === 'UNDER_REVIEW';
      const ageDays = status === 'DRAFT' ? rand() * 30 : open ? 1 + rand() * 59 : status === 'LAPSED' ? 95 + rand() * 100 : 10 + rand() * 190;
      const created = new Date(now.getTime() - ageDays * DAY);
      const submitted = status === 'DRAFT' ? null : new Date(created.getTime() + 3600_000);
      const deadline = submitted ? new Date(submitted.getTime() + 90 * DAY) : null;
      const id = randomUUID();
      const subjectId = md5Uuid(`bench-map-${requester.j}-${Math.floor(rand() * E)}-0`);
      const justification = `Bench request ${r}: ${requester.code} asks recognition of its classification of ${pick(NOUNS)}s.`;
      const actor = regulator(requester.code);
      audit.push({
        occurredAt: created, ...actor, action: 'RECOGNITION_REQUEST.FILED', subjectType: 'RecognitionRequest', subjectId: id, before: null,
        after: { status: 'DRAFT', subjectKind: 'CLASSIFICATION', subjectId, concerned }, rationale: justification,
      });
      if (submitted) {
        audit.push({
          occurredAt: submitted, ...actor, action: 'RECOGNITION_REQUEST.SUBMIT', subjectType: 'RecognitionRequest', subjectId: id,
          before: { status: 'DRAFT' }, after: { status: 'SUBMITTED', deadline }, rationale: null,
        });
      }
      // How many answer, and how.
      let answers = 0;
      if (status === 'UNDER_REVIEW') answers = 1 + Math.floor(rand() * (k - 1));
      else if (status === 'RECOGNIZED' || status === 'PARTIALLY_RECOGNIZED' || status === 'DECLINED') answers = k;
      else if (status === 'LAPSED' || status === 'WITHDRAWN') answers = Math.floor(rand() * k);
      const decisions: string[] = [];
      for (let i = 0; i < answers; i++) {
        if (status === 'RECOGNIZED') decisions.push(rand() < 0.75 ? 'RECOGNIZE' : 'RECOGNIZE_WITH_CONDITIONS');
        else if (status === 'DECLINED') decisions.push('DECLINE');
        else if (status === 'PARTIALLY_RECOGNIZED') decisions.push(i === 0 ? 'DECLINE' : i === 1 ? 'RECOGNIZE' : pick(['RECOGNIZE', 'DECLINE', 'RECOGNIZE_WITH_CONDITIONS']));
        else decisions.push(pick(['RECOGNIZE', 'RECOGNIZE', 'RECOGNIZE_WITH_CONDITIONS', 'DECLINE']));
      }
      const endOfAnswers = open ? now.getTime() - 60_000 : status === 'LAPSED' ? deadline!.getTime() - DAY : Math.min(now.getTime() - 60_000, submitted ? submitted.getTime() + 60 * DAY : 0);
      const gap = submitted ? (endOfAnswers - submitted.getTime()) / (answers + 1) : 0;
      let current: Status = 'SUBMITTED';
      let lastAt = submitted;
      let recognitions = 0;
      const respondents = [...concerned].sort(() => rand() - 0.5).slice(0, answers);
      for (let i = 0; i < answers; i++) {
        const at = new Date(submitted!.getTime() + gap * (i + 1));
        lastAt = at;
        const decision = decisions[i];
        if (decision !== 'DECLINE') recognitions += 1;
        const rationale = decision === 'RECOGNIZE' ? null : decision === 'DECLINE' ? 'Criteria 2 and 4 are not met (bench).' : 'Recognized subject to end-use checks (bench).';
        const conditions = decision === 'RECOGNIZE_WITH_CONDITIONS' ? ['post-shipment verification'] : [];
        const criteria = decision === 'DECLINE' ? ['C2', 'C4'] : [];
        const respId = randomUUID();
        const who = respondents[i];
        resp.id.push(respId); resp.request.push(id); resp.jurisdiction.push(who); resp.decision.push(decision); resp.rationale.push(rationale);
        resp.conditions.push(conditions.join('|')); resp.criteria.push(criteria.join('|')); resp.by.push(regulator(who).actorId); resp.at.push(at);
        audit.push({
          occurredAt: at, ...regulator(who), action: 'RECOGNITION_REQUEST.RESPONDED', subjectType: 'RecognitionRequest', subjectId: id, before: null,
          after: { responseId: respId, jurisdiction: who, decision, conditions, criteria }, rationale,
        });
        const last = i + 1 === k;
        if (last) {
          const event = recognitions === k ? 'RESOLVE_RECOGNIZED' : recognitions > 0 ? 'RESOLVE_PARTIAL' : 'RESOLVE_DECLINED';
          audit.push({
            occurredAt: at, ...regulator(who), action: `RECOGNITION_REQUEST.${event}`, subjectType: 'RecognitionRequest', subjectId: id,
            before: { status: current }, after: { status, recognitions, concerned: k }, rationale: null,
          });
        }
        current = 'UNDER_REVIEW';
      }
      let closed: Date | null = null;
      let withdrawal: string | null = null;
      if (status === 'RECOGNIZED' || status === 'PARTIALLY_RECOGNIZED' || status === 'DECLINED') closed = lastAt;
      if (status === 'LAPSED') {
        closed = deadline;
        audit.push({
          occurredAt: deadline!, actorId: null, actorRole: 'SYSTEM', actorJurisdiction: null, action: 'RECOGNITION_REQUEST.LAPSE', subjectType: 'RecognitionRequest',
          subjectId: id, before: { status: current }, after: { status: 'LAPSED', deadline, silent: concerned.filter((c) => !respondents.includes(c)), policy: 'LAPSE' }, rationale: null,
        });
      }
      if (status === 'WITHDRAWN') {
        closed = new Date(Math.min(now.getTime() - 30_000, (lastAt ?? created).getTime() + DAY));
        withdrawal = 'Superseded by a new licence (bench).';
        audit.push({
          occurredAt: closed, ...actor, action: 'RECOGNITION_REQUEST.WITHDRAW', subjectType: 'RecognitionRequest', subjectId: id,
          before: { status: submitted ? current : 'DRAFT' }, after: { status: 'WITHDRAWN' }, rationale: withdrawal,
        });
      }
      // A closed outcome (RESOLVE_* or LAPSE) goes to the public register, as publishOutcome writes it.
      if (closed && status !== 'WITHDRAWN') {
        const answered = respondents
          .map((who, i) => ({ who, decision: decisions[i], at: resp.at[resp.at.length - answers + i], conditions: decisions[i] === 'RECOGNIZE_WITH_CONDITIONS' ? ['post-shipment verification'] : [], criteria: decisions[i] === 'DECLINE' ? ['C2', 'C4'] : [] }))
          .sort((a, b) => a.who.localeCompare(b.who));
        const silent = concerned.filter((c) => !respondents.includes(c));
        const summary = [answered.map((a) => `${a.who}: ${a.decision}${a.conditions.length ? ` (conditions: ${a.conditions.join('; ')})` : ''}`).join('; '), silent.length ? `no answer from ${silent.join(', ')}` : '']
          .filter(Boolean).join('; ') || 'no answers';
        reg.id.push(randomUUID()); reg.subject.push(id); reg.title.push(`${requester.code} request for recognition of its classification: ${status}`);
        reg.summary.push(summary);
        reg.rationale.push(answered.filter((a) => a.decision !== 'RECOGNIZE').map((a) => `${a.who}: ${a.decision === 'DECLINE' ? 'Criteria 2 and 4 are not met (bench).' : 'Recognized subject to end-use checks (bench).'}`).join('\n'));
        reg.jurisdictions.push([requester.code, ...concerned].join('|'));
        reg.details.push(JSON.stringify({
          status, subjectKind: 'CLASSIFICATION', submittedAt: submitted, closedAt: closed,
          answers: answered.map((a) => ({ jurisdiction: a.who, decision: a.decision, conditions: a.conditions, criteria: a.criteria, respondedAt: a.at })), silent,
        }));
        reg.at.push(closed);
      }
      req.id.push(id); req.requesting.push(requester.code); req.concerned.push(concerned.join('|')); req.subject.push(subjectId); req.justification.push(justification);
      req.status.push(status); req.submitted.push(submitted); req.deadline.push(deadline); req.closed.push(closed); req.withdrawal.push(withdrawal);
      req.createdBy.push(actor.actorId); req.created.push(created);
    }
    bar.setTotal(scale.nodes + members.length * E + estMappings + req.id.length + resp.id.length + reg.id.length + audit.length);
    const BATCH = 2000;
    for (let s = 0; s < req.id.length; s += BATCH) {
      const sl = <T,>(xs: T[]) => xs.slice(s, s + BATCH);
      await db.query(
        `INSERT INTO recognition_request (id, consortium_id, requesting_jurisdiction, concerned_jurisdiction_codes, subject_kind, effect, subject_id, justification,
           status, submitted_at, deadline, closed_at, withdrawal_reason, created_by_id, created_at)
         SELECT id, $1, rq, string_to_array(cc, '|'), 'CLASSIFICATION', 'CLASSIFICATION_ADOPTED', subj, just, st, sub, dl, cl, wd, cb, cr
         FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[],
                     $11::text[], $12::text[], $13::timestamptz[]) AS t(id, rq, cc, subj, just, st, sub, dl, cl, wd, cb, cr)`,
        [consortiumId, sl(req.id), sl(req.requesting), sl(req.concerned), sl(req.subject), sl(req.justification), sl(req.status), sl(req.submitted),
          sl(req.deadline), sl(req.closed), sl(req.withdrawal), sl(req.createdBy), sl(req.created)],
      );
      bar.increment(Math.min(BATCH, req.id.length - s), { phase: 'recognition requests' });
    }
    for (let s = 0; s < resp.id.length; s += BATCH) {
      const sl = <T,>(xs: T[]) => xs.slice(s, s + BATCH);
      await db.query(
        `INSERT INTO recognition_response (id, request_id, jurisdiction_code, decision, rationale, conditions, criteria, responded_by_id, responded_at)
         SELECT id, rq, j, d, r, string_to_array(co, '|'), string_to_array(cr, '|'), b, a
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) AS t(id, rq, j, d, r, co, cr, b, a)`,
        [sl(resp.id), sl(resp.request), sl(resp.jurisdiction), sl(resp.decision), sl(resp.rationale), sl(resp.conditions), sl(resp.criteria), sl(resp.by), sl(resp.at)],
      );
      bar.increment(Math.min(BATCH, resp.id.length - s), { phase: 'recognition responses' });
    }
    for (let s = 0; s < reg.id.length; s += BATCH) {
      const sl = <T,>(xs: T[]) => xs.slice(s, s + BATCH);
      await db.query(
        `INSERT INTO register_entry (id, kind, consortium_id, subject_id, title, summary, rationale, jurisdictions, details, published_at)
         SELECT id, 'RECOGNITION_OUTCOME', $1, subj, ti, su, ra, string_to_array(js, '|'), de::jsonb, at
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[]) AS t(id, subj, ti, su, ra, js, de, at)`,
        [consortiumId, sl(reg.id), sl(reg.subject), sl(reg.title), sl(reg.summary), sl(reg.rationale), sl(reg.jurisdictions), sl(reg.details), sl(reg.at)],
      );
      bar.increment(Math.min(BATCH, reg.id.length - s), { phase: 'public register' });
    }
    phase('recognition');

    // --- the audit chain: continue after the seeds' last event, hashes computed here ------
    bar.update({ phase: 'audit chain' });
    audit.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    const last = (await db.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1')).rows[0] as { seq: string; hash: string } | undefined;
    let seq = last ? Number(last.seq) : 0;
    let prevHash = last ? last.hash : GENESIS_HASH;
    for (let s = 0; s < audit.length; s += BATCH) {
      const cols = { seq: [] as number[], at: [] as Date[], actorId: [] as (string | null)[], role: [] as string[], aj: [] as (string | null)[], action: [] as string[],
        st: [] as string[], sid: [] as string[], before: [] as (string | null)[], after: [] as (string | null)[], rationale: [] as (string | null)[], prev: [] as string[], hash: [] as string[] };
      for (const e of audit.slice(s, s + BATCH)) {
        seq += 1;
        const fields = {
          seq, occurredAt: e.occurredAt, actorId: e.actorId, actorRole: e.actorRole, actorJurisdiction: e.actorJurisdiction, action: e.action,
          subjectType: e.subjectType, subjectId: e.subjectId, before: toJsonValue(e.before ?? null), after: toJsonValue(e.after ?? null),
          rationale: e.rationale ?? null, prevHash,
        };
        const hash = hashAuditEvent(fields as Parameters<typeof hashAuditEvent>[0]);
        cols.seq.push(seq); cols.at.push(e.occurredAt); cols.actorId.push(e.actorId); cols.role.push(e.actorRole); cols.aj.push(e.actorJurisdiction);
        cols.action.push(e.action); cols.st.push(e.subjectType); cols.sid.push(e.subjectId);
        cols.before.push(fields.before === null ? null : JSON.stringify(fields.before)); cols.after.push(fields.after === null ? null : JSON.stringify(fields.after));
        cols.rationale.push(fields.rationale); cols.prev.push(prevHash); cols.hash.push(hash);
        prevHash = hash;
      }
      await db.query(
        `INSERT INTO audit_event (seq, occurred_at, actor_id, actor_role, actor_jurisdiction, action, subject_type, subject_id, before, after, rationale, prev_hash, hash)
         SELECT s, a, ai, r, aj, ac, st, si, b::jsonb, af::jsonb, ra, p, h
         FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
           AS t(s, a, ai, r, aj, ac, st, si, b, af, ra, p, h)`,
        [cols.seq, cols.at, cols.actorId, cols.role, cols.aj, cols.action, cols.st, cols.sid, cols.before, cols.after, cols.rationale, cols.prev, cols.hash],
      );
      bar.increment(cols.seq.length);
    }
    phase('audit');

    bar.update({ phase: 'vacuum analyze' });
    await db.query('VACUUM ANALYZE');
    phase('vacuum');
    bar.stop();

    const counts: Record<string, number> = {};
    for (const table of ['jurisdiction', 'membership', 'taxonomy_node', 'control_list', 'control_list_version', 'control_entry', 'entry_mapping', 'recognition_request', 'recognition_response', 'register_entry', 'audit_event']) {
      counts[table] = Number((await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    }
    counts.members = members.length;
    counts.acceptedMappings = Number((await db.query(`SELECT count(*)::int AS n FROM entry_mapping WHERE status = 'ACCEPTED'`)).rows[0].n);
    counts.openRequests = Number((await db.query(`SELECT count(*)::int AS n FROM recognition_request WHERE status IN ('SUBMITTED', 'UNDER_REVIEW')`)).rows[0].n);
    const result: GenerationResult = { seconds: Math.round((Date.now() - started) / 100) / 10, scale: scale.name, consortiumId, counts, phases };
    const [{ current_database: dbName }] = (await db.query('SELECT current_database()')).rows;
    await db.query(`COMMENT ON DATABASE "${dbName}" IS ${literal(JSON.stringify({ accordBench: result }))}`);
    log(`generated scale "${scale.name}" in ${result.seconds} s: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
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
    const r = await db.query('SELECT shobj_description(oid, \'pg_database\') AS d FROM pg_database WHERE datname = current_database()');
    const d = r.rows[0]?.d as string | null;
    return d ? (JSON.parse(d).accordBench as GenerationResult) ?? null : null;
  } catch {
    return null;
  } finally {
    await db.end();
  }
}
