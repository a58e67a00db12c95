/**
 * The floor: the same answers as Accord's `harmonizedItem` and `concordance` (for the
 * bench's selections, see bench/queries.ts), each produced by ONE hand-written SQL
 * statement through `pg` and served by a bare Node `http` handler — no GraphQL, no ORM,
 * no DataLoaders, no Express.
 *
 * The harmonization rules themselves (member status, divergences, most restrictive tier)
 * come from Accord's pure module src/modules/harmonized/harmonize.ts (no I/O), so the
 * comparison measures the data path — statements, ORM hydration, GraphQL execution —
 * and not two implementations of the rules. The floor reads the same facts Accord does —
 * accepted and STALE mappings of the list versions in force today, each list's coverage,
 * and a group node's subtree from the read model harmonized_subtree — over the same layout
 * (the mapping's copies of its entry's columns for a concordance cell). The in-process pass
 * checks the answers are identical (bench/inprocess.ts).
 *
 * Run as its own process: FLOOR_DATABASE_URL=… FLOOR_PORT=… node dist/bench/floor.js
 *   GET /item?c=<consortiumId>&code=<node code>
 *   GET /concordance?c=<consortiumId>&prefix=<code>&first=100&after=<cursor>
 */
import http from 'node:http';
import { Pool } from 'pg';
import { LicensingTier } from '../src/modules/control-lists/control-list.enums';
import { MappingRelation } from '../src/modules/taxonomy/taxonomy.enums';
import type { ExclusionData, ParameterData } from '../src/modules/control-lists/control-entry.types';
import { divergences, memberStatus, mostRestrictive, parametersFor, type ControlFact, type SubtreeSummary } from '../src/modules/harmonized/harmonize';
import { CoverageStatus } from '../src/modules/harmonized/harmonized.enums';

/** The consortium's members, the list jurisdictions that apply in them, and the version of each list in force on the date parameter `day`. */
const membersCte = (day: string) => `
  mem AS (
    SELECT m.jurisdiction_code AS code, j.adopts_code
    FROM membership m JOIN jurisdiction j ON j.code = m.jurisdiction_code
    WHERE m.consortium_id = $1 AND m.role = 'MEMBER' AND m.until IS NULL
  ),
  lj AS (SELECT code AS j FROM mem UNION SELECT adopts_code FROM mem WHERE adopts_code IS NOT NULL),
  inforce AS (
    SELECT * FROM (
      SELECT DISTINCT ON (v.list_id) v.id, v.coverage, v.effective_to, l.jurisdiction_code
      FROM control_list_version v JOIN control_list l ON l.id = v.list_id
      WHERE v.status IN ('PUBLISHED', 'SUPERSEDED', 'SCHEDULED') AND l.jurisdiction_code IN (SELECT j FROM lj)
        AND COALESCE(v.effective_from, '-infinity'::date) <= ${day}::date
      ORDER BY v.list_id, v.effective_from DESC NULLS LAST, v.published_at DESC NULLS LAST
    ) latest
    WHERE latest.effective_to IS NULL OR latest.effective_to > ${day}::date
  )`;

/** Per list jurisdiction and immediate child of each code in `codes`, the most restrictive tier beneath (the read model harmonized_subtree). */
const SUMMARIES = (codes: string) => `
  (SELECT json_agg(json_build_array(s.code, s.jurisdiction_code, s.child, s.rank))
     FROM (SELECT h.ancestor_code AS code, v.jurisdiction_code, h.child, max(CASE h.tier WHEN 'ENHANCED' THEN 3 WHEN 'STANDARD' THEN 2 ELSE 1 END) AS rank
             FROM harmonized_subtree h JOIN inforce v ON v.id = h.version_id
            WHERE h.ancestor_code IN (${codes})
            GROUP BY 1, 2, 3) s) AS summaries`;

/**
 * One statement: the node, the members, the facts on the node (accepted and STALE mappings
 * of the versions in force today), the subtree summary and the coverage of the lists in force.
 */
export const ITEM_SQL = `
WITH ${membersCte('$3')}
SELECT
  (SELECT json_build_object('code', n.code, 'label', n.label) FROM taxonomy_node n WHERE n.code = $2) AS node,
  (SELECT json_agg(json_build_array(code, adopts_code) ORDER BY code) FROM mem) AS members,
  (SELECT json_agg(json_build_array(v.jurisdiction_code, em.relation, e.id, e.control_number, e.title, e.tier, e.parameters, e.exclusions,
                                    e.tier_illustrative, e.exclusions_recorded)
                   ORDER BY v.jurisdiction_code, e.control_number)
     FROM entry_mapping em
     JOIN control_entry e ON e.id = em.entry_id
     JOIN inforce v ON v.id = e.version_id
     WHERE em.status IN ('ACCEPTED', 'STALE') AND em.taxonomy_code = $2) AS facts,
  ${SUMMARIES('$2')},
  (SELECT json_agg(json_build_array(jurisdiction_code, coverage)) FROM inforce) AS coverage`;

/** One statement: the page of nodes (+1 to know if more follow), the total, members, facts, summaries and coverage. */
export const CONCORDANCE_SQL = `
WITH ${membersCte('$6')},
  scope AS (SELECT code, label FROM taxonomy_node WHERE $2::text IS NULL OR code = $2 OR code LIKE $3),
  page AS (SELECT code, label FROM scope WHERE $4::text IS NULL OR code > $4 ORDER BY code LIMIT $5::int + 1),
  rows AS (SELECT code FROM page ORDER BY code LIMIT $5::int)
SELECT
  (SELECT count(*)::int FROM scope) AS total,
  (SELECT json_agg(json_build_array(code, label) ORDER BY code) FROM page) AS nodes,
  (SELECT json_agg(json_build_array(code, adopts_code) ORDER BY code) FROM mem) AS members,
  (SELECT json_agg(json_build_array(em.taxonomy_code, v.jurisdiction_code, em.relation, em.entry_id, em.entry_control_number, em.entry_tier)
                   ORDER BY em.taxonomy_code, v.jurisdiction_code, em.entry_control_number)
     FROM entry_mapping em
     JOIN inforce v ON v.id = em.entry_version_id
     WHERE em.status IN ('ACCEPTED', 'STALE') AND em.taxonomy_code IN (SELECT code FROM rows)) AS facts,
  ${SUMMARIES('SELECT code FROM rows')},
  (SELECT json_agg(json_build_array(jurisdiction_code, coverage)) FROM inforce) AS coverage`;

type ItemFact = [string, MappingRelation, string, string, string, LicensingTier, ParameterData[], ExclusionData[], boolean, boolean];
type CellFact = [string, string, MappingRelation, string, string, LicensingTier];
type Summary = [string, string, string, number];

const TIERS = [LicensingTier.DECLARATION, LicensingTier.STANDARD, LicensingTier.ENHANCED];
const lists = (members: [string, string | null][]) => members.map(([code, adopts]) => ({ code, lists: adopts ? [code, adopts] : [code] }));
const today = () => new Date().toISOString().slice(0, 10);

function coverageOf(rows: [string, string[]][] | null): Map<string, string[]> {
  const coverage = new Map<string, string[]>();
  for (const [j, cov] of rows ?? []) coverage.set(j, [...(coverage.get(j) ?? []), ...cov]);
  return coverage;
}

/** code → list jurisdiction → the children through which something beneath is controlled, and the most restrictive tier's rank. */
function summariesOf(rows: Summary[] | null): Map<string, Map<string, { children: string[]; rank: number }>> {
  const out = new Map<string, Map<string, { children: string[]; rank: number }>>();
  for (const [code, j, child, rank] of rows ?? []) {
    let byList = out.get(code);
    if (!byList) out.set(code, (byList = new Map()));
    const s = byList.get(j);
    if (s) {
      s.children.push(`${code}.${child}`);
      s.rank = Math.max(s.rank, rank);
    } else byList.set(j, { children: [`${code}.${child}`], rank });
  }
  return out;
}

/** A member's summary over the lists that apply in it. */
function memberSummary(byList: Map<string, { children: string[]; rank: number }> | undefined, memberLists: string[]): SubtreeSummary | null {
  if (!byList) return null;
  const children = new Set<string>();
  let rank = 0;
  for (const j of memberLists) {
    const s = byList.get(j);
    if (!s) continue;
    for (const c of s.children) children.add(c);
    rank = Math.max(rank, s.rank);
  }
  return children.size ? { children: [...children], tier: TIERS[rank - 1] } : null;
}

export async function floorItem(pool: Pool, consortiumId: string, code: string): Promise<unknown> {
  const { rows } = await pool.query(ITEM_SQL, [consortiumId, code, today()]);
  const r = rows[0] as {
    node: { code: string; label: string } | null;
    members: [string, string | null][] | null;
    facts: ItemFact[] | null;
    summaries: Summary[] | null;
    coverage: [string, string[]][] | null;
  };
  if (!r.node) return { data: { harmonizedItem: null } };
  const members = lists(r.members ?? []);
  const coverage = coverageOf(r.coverage);
  const summaries = summariesOf(r.summaries).get(code);
  const entries = new Map<string, ControlFact['entry'] & { title: string }>();
  const facts = (r.facts ?? []).map((f) => {
    let entry = entries.get(f[2]);
    if (!entry)
      entries.set(
        f[2],
        (entry = {
          id: f[2],
          controlNumber: f[3],
          title: f[4],
          tier: f[5],
          parameters: f[6],
          exclusions: f[7],
          tierIllustrative: f[8],
          exclusionsRecorded: f[9],
        }),
      );
    return { listJurisdiction: f[0], relation: f[1], entry };
  });
  const statuses = members.map((m) => {
    const mine: ControlFact[] = facts.filter((f) => m.lists.includes(f.listJurisdiction)).map((f) => ({ jurisdiction: m.code, ...f }));
    return memberStatus(
      m.code,
      code,
      mine,
      m.lists.flatMap((j) => coverage.get(j) ?? []),
      memberSummary(summaries, m.lists),
    );
  });
  const divs = divergences(statuses, code);
  return {
    data: {
      harmonizedItem: {
        node: r.node,
        mostRestrictiveTier: mostRestrictive(statuses.map((s) => s.tier)),
        unilateral: divs.some((d) => d.kind === 'UNILATERAL'),
        controls: statuses.flatMap((s) =>
          s.controls.map((c) => {
            const e = c.entry as ControlFact['entry'] & { title: string };
            return {
              jurisdiction: { code: c.jurisdiction },
              listJurisdiction: { code: c.listJurisdiction },
              relation: c.relation,
              tier: e.tier,
              entry: { id: e.id, controlNumber: e.controlNumber, title: e.title },
              parameters: parametersFor(c, code).map((p) => ({ name: p.name, comparator: p.comparator, value: p.value, unit: p.unit })),
            };
          }),
        ),
        members: statuses.map((s) => ({ jurisdiction: { code: s.jurisdiction }, status: s.status, tier: s.tier })),
        divergences: divs.map((d) => ({ kind: d.kind, jurisdictions: d.jurisdictions, detail: d.detail })),
      },
    },
  };
}

const cursorOf = (code: string) => Buffer.from(JSON.stringify(code)).toString('base64url');
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function floorConcordance(pool: Pool, consortiumId: string, prefix: string | null, first: number, after: string | null): Promise<unknown> {
  const afterCode = after ? (JSON.parse(Buffer.from(after, 'base64url').toString('utf8')) as string) : null;
  const { rows } = await pool.query(CONCORDANCE_SQL, [consortiumId, prefix, prefix ? `${escapeLike(prefix)}.%` : null, afterCode, first, today()]);
  const r = rows[0] as {
    total: number;
    nodes: [string, string][] | null;
    members: [string, string | null][] | null;
    facts: CellFact[] | null;
    summaries: Summary[] | null;
    coverage: [string, string[]][] | null;
  };
  const members = lists(r.members ?? []);
  const coverage = coverageOf(r.coverage);
  const summaries = summariesOf(r.summaries);
  const byNode = new Map<string, CellFact[]>();
  for (const f of r.facts ?? []) {
    const list = byNode.get(f[0]);
    if (list) list.push(f);
    else byNode.set(f[0], [f]);
  }
  const nodes = r.nodes ?? [];
  const page = nodes.slice(0, first);
  const edges = page.map(([code, label]) => {
    const facts = byNode.get(code) ?? [];
    const cells = members.map((m) => {
      const mine: ControlFact[] = facts
        .filter((f) => m.lists.includes(f[1]))
        .map((f) => ({
          jurisdiction: m.code,
          listJurisdiction: f[1],
          relation: f[2],
          entry: { id: f[3], controlNumber: f[4], tier: f[5], parameters: [], exclusions: [] },
        }));
      const s = memberStatus(
        m.code,
        code,
        mine,
        m.lists.flatMap((j) => coverage.get(j) ?? []),
        memberSummary(summaries.get(code), m.lists),
      );
      const seen = new Set<string>();
      const entries: { controlNumber: string }[] = [];
      for (const c of s.controls)
        if (!seen.has(c.entry.id)) {
          seen.add(c.entry.id);
          entries.push({ controlNumber: c.entry.controlNumber });
        }
      return {
        jurisdiction: { code: m.code },
        status: s.status,
        controlled: s.status === CoverageStatus.UNKNOWN ? null : s.status === CoverageStatus.CONTROLLED,
        tier: s.tier,
        entries,
      };
    });
    return { cursor: cursorOf(code), node: { node: { code, label }, cells } };
  });
  return {
    data: {
      concordance: {
        totalCount: r.total,
        pageInfo: { hasNextPage: nodes.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
        edges,
      },
    },
  };
}

export function createFloorServer(pool: Pool): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    };
    const c = url.searchParams.get('c') ?? '';
    let work: Promise<unknown>;
    if (url.pathname === '/item') work = floorItem(pool, c, (url.searchParams.get('code') ?? '').trim().toUpperCase());
    else if (url.pathname === '/concordance') {
      const first = Math.min(100, Math.max(1, Number(url.searchParams.get('first') ?? 20)));
      work = floorConcordance(pool, c, url.searchParams.get('prefix') || null, first, url.searchParams.get('after') || null);
    } else if (url.pathname === '/readyz') work = pool.query('SELECT 1').then(() => ({ status: 'ready' }));
    else {
      send(404, { errors: [{ message: 'not found' }] });
      return;
    }
    work.then(
      (body) => send(200, body),
      (err: Error) => send(500, { errors: [{ message: err.message }] }),
    );
  });
}

if (require.main === module) {
  const url = process.env.FLOOR_DATABASE_URL;
  const port = Number(process.env.FLOOR_PORT || 0);
  if (!url) {
    process.stderr.write('FLOOR_DATABASE_URL is required\n');
    process.exit(2);
  }
  const pool = new Pool({ connectionString: url, max: Number(process.env.PG_POOL_MAX || 10), application_name: 'accord-bench-floor' });
  const server = createFloorServer(pool);
  server.listen(port, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`floor listening on ${typeof address === 'object' && address ? address.port : port}\n`);
  });
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
