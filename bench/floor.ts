/**
 * The floor: the same answers as Accord's `harmonizedItem` and `concordance` (for the
 * bench's selections, see bench/queries.ts), each produced by ONE hand-written SQL
 * statement through `pg` and served by a bare Node `http` handler — no GraphQL, no ORM,
 * no DataLoaders, no Express.
 *
 * The harmonization rules themselves (member status, divergences, most restrictive tier)
 * come from Accord's pure module src/modules/harmonized/harmonize.ts (no I/O), so the
 * comparison measures the data path — statements, ORM hydration, GraphQL execution —
 * and not two implementations of the rules. run.ts checks the answers are identical.
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
import { divergences, memberStatus, mostRestrictive, type ControlFact } from '../src/modules/harmonized/harmonize';
import { CoverageStatus } from '../src/modules/harmonized/harmonized.enums';

const MEMBERS_CTE = `
  mem AS (
    SELECT m.jurisdiction_code AS code, j.adopts_code
    FROM membership m JOIN jurisdiction j ON j.code = m.jurisdiction_code
    WHERE m.consortium_id = $1 AND m.role = 'MEMBER' AND m.until IS NULL
  ),
  lj AS (SELECT code AS j FROM mem UNION SELECT adopts_code FROM mem WHERE adopts_code IS NOT NULL)`;

/** One statement: the node, the members, the facts on the node and which lists cover it. */
export const ITEM_SQL = `
WITH ${MEMBERS_CTE}
SELECT
  (SELECT json_build_object('code', n.code, 'label', n.label) FROM taxonomy_node n WHERE n.code = $2) AS node,
  (SELECT json_agg(json_build_array(code, adopts_code) ORDER BY code) FROM mem) AS members,
  (SELECT json_agg(json_build_array(l.jurisdiction_code, em.relation, e.id, e.control_number, e.title, e.tier, e.parameters, e.exclusions)
                   ORDER BY l.jurisdiction_code, e.control_number)
     FROM entry_mapping em
     JOIN control_entry e ON e.id = em.entry_id
     JOIN control_list_version v ON v.id = e.version_id AND v.status = 'PUBLISHED'
     JOIN control_list l ON l.id = v.list_id
     WHERE em.status = 'ACCEPTED' AND em.taxonomy_code = $2 AND l.jurisdiction_code IN (SELECT j FROM lj)) AS facts,
  (SELECT json_agg(DISTINCT l.jurisdiction_code)
     FROM control_list_version v JOIN control_list l ON l.id = v.list_id CROSS JOIN LATERAL unnest(v.coverage) AS c(prefix)
     WHERE v.status = 'PUBLISHED' AND l.jurisdiction_code IN (SELECT j FROM lj)
       AND ($2 = c.prefix OR starts_with($2, c.prefix || '.'))) AS covered`;

/** One statement: the page of nodes (+1 to know if more follow), the total, members, facts and coverage. */
export const CONCORDANCE_SQL = `
WITH ${MEMBERS_CTE},
  scope AS (SELECT code, label FROM taxonomy_node WHERE $2::text IS NULL OR code = $2 OR code LIKE $3),
  page AS (SELECT code, label FROM scope WHERE $4::text IS NULL OR code > $4 ORDER BY code LIMIT $5::int + 1),
  rows AS (SELECT code FROM page ORDER BY code LIMIT $5::int)
SELECT
  (SELECT count(*)::int FROM scope) AS total,
  (SELECT json_agg(json_build_array(code, label) ORDER BY code) FROM page) AS nodes,
  (SELECT json_agg(json_build_array(code, adopts_code) ORDER BY code) FROM mem) AS members,
  (SELECT json_agg(json_build_array(em.taxonomy_code, l.jurisdiction_code, em.relation, e.id, e.control_number, e.tier)
                   ORDER BY em.taxonomy_code, l.jurisdiction_code, e.control_number)
     FROM entry_mapping em
     JOIN control_entry e ON e.id = em.entry_id
     JOIN control_list_version v ON v.id = e.version_id AND v.status = 'PUBLISHED'
     JOIN control_list l ON l.id = v.list_id
     WHERE em.status = 'ACCEPTED' AND em.taxonomy_code IN (SELECT code FROM rows) AND l.jurisdiction_code IN (SELECT j FROM lj)) AS facts,
  (SELECT json_agg(json_build_array(l.jurisdiction_code, v.coverage))
     FROM control_list_version v JOIN control_list l ON l.id = v.list_id
     WHERE v.status = 'PUBLISHED' AND l.jurisdiction_code IN (SELECT j FROM lj)) AS coverage`;

type ItemFact = [string, MappingRelation, string, string, string, LicensingTier, ParameterData[], ExclusionData[]];
type CellFact = [string, string, MappingRelation, string, string, LicensingTier];

const lists = (members: [string, string | null][]) => members.map(([code, adopts]) => ({ code, lists: adopts ? [code, adopts] : [code] }));

export async function floorItem(pool: Pool, consortiumId: string, code: string): Promise<unknown> {
  const { rows } = await pool.query(ITEM_SQL, [consortiumId, code]);
  const r = rows[0] as {
    node: { code: string; label: string } | null;
    members: [string, string | null][] | null;
    facts: ItemFact[] | null;
    covered: string[] | null;
  };
  if (!r.node) return { data: { harmonizedItem: null } };
  const members = lists(r.members ?? []);
  const covered = new Set(r.covered ?? []);
  const entries = new Map<string, ControlFact['entry'] & { title: string }>();
  const facts = (r.facts ?? []).map((f) => {
    let entry = entries.get(f[2]);
    if (!entry) entries.set(f[2], (entry = { id: f[2], controlNumber: f[3], title: f[4], tier: f[5], parameters: f[6], exclusions: f[7] }));
    return { listJurisdiction: f[0], relation: f[1], entry };
  });
  const statuses = members.map((m) => {
    const mine: ControlFact[] = facts.filter((f) => m.lists.includes(f.listJurisdiction)).map((f) => ({ jurisdiction: m.code, ...f }));
    return memberStatus(m.code, code, mine, m.lists.some((j) => covered.has(j)) ? [code] : []);
  });
  const divs = divergences(statuses);
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
              parameters: e.parameters.map((p) => ({ name: p.name, comparator: p.comparator, value: p.value, unit: p.unit })),
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
  const { rows } = await pool.query(CONCORDANCE_SQL, [consortiumId, prefix, prefix ? `${escapeLike(prefix)}.%` : null, afterCode, first]);
  const r = rows[0] as {
    total: number;
    nodes: [string, string][] | null;
    members: [string, string | null][] | null;
    facts: CellFact[] | null;
    coverage: [string, string[]][] | null;
  };
  const members = lists(r.members ?? []);
  const coverage = new Map<string, string[]>();
  for (const [j, cov] of r.coverage ?? []) coverage.set(j, [...(coverage.get(j) ?? []), ...cov]);
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
