/** The public register (anonymous reads), transparency statistics (computed in SQL) and the Atom feed. */
import { queryPrepared } from '../../db/prepared';
import type { ServiceDeps } from '../../shared/service-deps';
import { NotFoundError, ValidationError } from '../../shared/errors';
import { decodeCursor, lazyCount, pageSize, toConnection, type ConnectionShape } from '../../shared/pagination';
import { checkDate } from '../../shared/validate';
import { Consortium } from '../jurisdictions/consortium.entity';
import { isUuid } from '../../shared/ids';
import { RegisterEntry } from './register-entry.entity';
import type { RegisterKind } from './register.enums';
import { publicEntry } from './public-fields';

export interface MemberStatsRow {
  jurisdiction: string;
  answers: number;
  medianDaysToAnswer: number | null;
  p90DaysToAnswer: number | null;
  recognitionRate: number | null;
  requestsLapsed: number;
  requestsFiled: number;
  ownRequestsRecognized: number;
  emergencyDecided: number;
  emergencyDecidedInWindow: number;
  disputesFiled: number;
  disputesWon: number;
  disputesLost: number;
}

/** RegisterEntry fields and their columns (id and published_at are always read: key and cursor). */
const REGISTER_COLUMNS: Record<string, string> = {
  kind: 'r.kind',
  subjectId: 'r.subject_id',
  title: 'r.title',
  summary: 'r.summary',
  rationale: 'r.rationale',
  jurisdictions: 'r.jurisdictions',
  details: 'r.details',
};

const escapeXml = (s: string) => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export class RegisterService {
  constructor(private readonly deps: ServiceDeps) {}

  /**
   * Newest first (then by id), keyset-paged (cursor: [publishedAt ISO, id]). One statement
   * reading only the columns of `fields` (the GraphQL fields selected; all when absent);
   * the total is counted only when GraphQL resolves totalCount. Licence parties are
   * stripped from `details` whenever it is read (public-fields.ts).
   */
  async list(
    filter: { kind?: RegisterKind | null; consortiumId?: string | null },
    first?: number | null,
    after?: string | null,
    fields?: ReadonlySet<string>,
  ): Promise<ConnectionShape<RegisterEntry>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (value: unknown) => (params.push(value), `$${params.length}`);
    if (filter.kind) where.push(`r.kind = ${p(filter.kind)}`);
    if (filter.consortiumId) {
      if (!isUuid(filter.consortiumId)) throw new ValidationError('consortiumId is not an id', 'consortiumId');
      where.push(`r.consortium_id = ${p(filter.consortiumId)}`);
    }
    const countSql = `SELECT count(*)::int AS n FROM register_entry r${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
    const countParams = [...params];
    if (cursor) {
      const at = new Date(cursor[0]);
      const year = at.getUTCFullYear();
      if (Number.isNaN(at.getTime()) || year < 1900 || year > 9999 || at.toISOString() !== cursor[0] || !isUuid(cursor[1])) {
        throw new ValidationError('after is not a valid cursor', 'after');
      }
      where.push(`(r.published_at, r.id) < (${p(cursor[0])}::timestamptz, ${p(cursor[1])}::uuid)`);
    }
    const columns = [
      'r.id',
      'r.published_at',
      ...Object.entries(REGISTER_COLUMNS)
        .filter(([f]) => !fields || fields.has(f))
        .map(([, c]) => c),
      ...(fields ? [] : ['r.consortium_id']),
    ];
    const rows = await queryPrepared<Record<string, unknown>>(
      this.deps.dataSource,
      `SELECT ${columns.join(', ')} FROM register_entry r${where.length ? ` WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.published_at DESC, r.id DESC LIMIT ${size + 1}`,
      params,
    );
    const entries = rows.map((r) => {
      const e = new RegisterEntry();
      e.id = r.id as string;
      e.publishedAt = r.published_at as Date;
      if ('kind' in r) e.kind = r.kind as RegisterKind;
      if ('subject_id' in r) e.subjectId = r.subject_id as string;
      if ('consortium_id' in r) e.consortiumId = r.consortium_id as string | null;
      if ('title' in r) e.title = r.title as string;
      if ('summary' in r) e.summary = r.summary as string;
      if ('rationale' in r) e.rationale = r.rationale as string;
      if ('jurisdictions' in r) e.jurisdictions = r.jurisdictions as string[];
      if ('details' in r) e.details = r.details as Record<string, unknown>;
      return 'details' in r ? publicEntry(e) : e;
    });
    const total = lazyCount(async () => (await queryPrepared<{ n: number }>(this.deps.dataSource, countSql, countParams))[0].n);
    return toConnection(entries, size, total, (r) => [r.publishedAt.toISOString(), r.id]);
  }

  /**
   * Per member, over [from, to): days from submission to each of its answers (median and
   * 90th percentile), the share of its answers that recognized (as first given), requests
   * that lapsed while it stayed silent, its own requests and how many were recognized,
   * fast-track applications it decided and how many inside the window, disputes it filed,
   * won and lost (by the final ruling).
   */
  async stats(
    consortiumId: string,
    from?: Date | null,
    to?: Date | null,
  ): Promise<{ consortium: Consortium; from: Date; to: Date; members: MemberStatsRow[] }> {
    const consortium = isUuid(consortiumId) ? await this.deps.dataSource.getRepository(Consortium).findOneBy({ id: consortiumId }) : null;
    if (!consortium) throw new NotFoundError('Consortium', consortiumId);
    const start = from ?? new Date('1970-01-01T00:00:00Z');
    const end = to ?? new Date(this.deps.clock.now().getTime() + 1);
    checkDate(from, 'from');
    checkDate(to, 'to');
    if (end <= start) throw new ValidationError('to must be after from', 'to');
    const rows: Record<string, string | number | null>[] = await this.deps.dataSource.query(
      `WITH members AS (
         SELECT jurisdiction_code AS code FROM membership WHERE consortium_id = $1 AND role = 'MEMBER' AND until IS NULL
       ),
       answers AS (
         SELECT r.jurisdiction_code AS code,
                EXTRACT(EPOCH FROM (r.responded_at - q.submitted_at)) / 86400.0 AS days,
                (COALESCE(r.original_decision, r.decision) <> 'DECLINE') AS recognized
         FROM recognition_response r JOIN recognition_request q ON q.id = r.request_id
         WHERE q.consortium_id = $1 AND r.responded_at >= $2 AND r.responded_at < $3
       ),
       answer_stats AS (
         SELECT code, count(*)::int AS answers,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY days) AS median,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY days) AS p90,
                avg(recognized::int) AS rate
         FROM answers GROUP BY code
       ),
       lapsed AS (
         SELECT c.code, count(*)::int AS n
         FROM recognition_request q CROSS JOIN LATERAL unnest(q.concerned_jurisdiction_codes) AS c(code)
         WHERE q.consortium_id = $1 AND q.status = 'LAPSED' AND q.closed_at >= $2 AND q.closed_at < $3
           AND NOT EXISTS (SELECT 1 FROM recognition_response r WHERE r.request_id = q.id AND r.jurisdiction_code = c.code AND r.remanded_by_dispute_id IS NULL)
         GROUP BY c.code
       ),
       own AS (
         SELECT requesting_jurisdiction AS code, count(*)::int AS filed,
                count(*) FILTER (WHERE status IN ('RECOGNIZED', 'PARTIALLY_RECOGNIZED'))::int AS recognized
         FROM recognition_request WHERE consortium_id = $1 AND submitted_at >= $2 AND submitted_at < $3
         GROUP BY requesting_jurisdiction
       ),
       emergency AS (
         SELECT a.jurisdiction_code AS code, count(*)::int AS decided, count(*) FILTER (WHERE a.late_by_ms IS NULL)::int AS in_window
         FROM fast_track_application a JOIN emergency_declaration d ON d.id = a.declaration_id
         WHERE d.consortium_id = $1 AND a.decided_at >= $2 AND a.decided_at < $3
         GROUP BY a.jurisdiction_code
       ),
       final_rulings AS (
         SELECT DISTINCT ON (r.dispute_id) r.dispute_id, r.outcome, r.issued_at FROM dispute_ruling r WHERE NOT r.interim ORDER BY r.dispute_id, r.round DESC
       ),
       disputes AS (
         SELECT m.code,
                count(*) FILTER (WHERE d.complainant = m.code AND d.filed_at >= $2 AND d.filed_at < $3)::int AS filed,
                count(*) FILTER (WHERE f.issued_at >= $2 AND f.issued_at < $3 AND (
                  (d.complainant = m.code AND f.outcome IN ('OVERTURN', 'REMAND')) OR (d.respondent = m.code AND f.outcome = 'UPHOLD')))::int AS won,
                count(*) FILTER (WHERE f.issued_at >= $2 AND f.issued_at < $3 AND (
                  (d.complainant = m.code AND f.outcome = 'UPHOLD') OR (d.respondent = m.code AND f.outcome IN ('OVERTURN', 'REMAND'))))::int AS lost
         FROM members m JOIN dispute_case d ON d.consortium_id = $1 AND (d.complainant = m.code OR d.respondent = m.code)
         LEFT JOIN final_rulings f ON f.dispute_id = d.id
         GROUP BY m.code
       )
       SELECT m.code AS jurisdiction, COALESCE(a.answers, 0) AS answers, a.median, a.p90, a.rate,
              COALESCE(l.n, 0) AS lapsed, COALESCE(o.filed, 0) AS filed, COALESCE(o.recognized, 0) AS own_recognized,
              COALESCE(e.decided, 0) AS emergency_decided, COALESCE(e.in_window, 0) AS emergency_in_window,
              COALESCE(x.filed, 0) AS disputes_filed, COALESCE(x.won, 0) AS disputes_won, COALESCE(x.lost, 0) AS disputes_lost
       FROM members m
       LEFT JOIN answer_stats a ON a.code = m.code
       LEFT JOIN lapsed l ON l.code = m.code
       LEFT JOIN own o ON o.code = m.code
       LEFT JOIN emergency e ON e.code = m.code
       LEFT JOIN disputes x ON x.code = m.code
       ORDER BY m.code`,
      [consortium.id, start, end],
    );
    const num = (v: string | number | null) => (v === null ? null : Math.round(Number(v) * 1000) / 1000);
    return {
      consortium,
      from: start,
      to: end,
      members: rows.map((r) => ({
        jurisdiction: String(r.jurisdiction),
        answers: Number(r.answers),
        medianDaysToAnswer: num(r.median),
        p90DaysToAnswer: num(r.p90),
        recognitionRate: num(r.rate),
        requestsLapsed: Number(r.lapsed),
        requestsFiled: Number(r.filed),
        ownRequestsRecognized: Number(r.own_recognized),
        emergencyDecided: Number(r.emergency_decided),
        emergencyDecidedInWindow: Number(r.emergency_in_window),
        disputesFiled: Number(r.disputes_filed),
        disputesWon: Number(r.disputes_won),
        disputesLost: Number(r.disputes_lost),
      })),
    };
  }

  /** The latest register entries as an Atom 1.0 feed. */
  async atom(baseUrl: string, kind?: RegisterKind | null, limit = 50): Promise<string> {
    const entries = (await this.list({ kind }, Math.min(Math.max(limit, 1), 100))).edges.map((e) => e.node);
    const updated = (entries[0]?.publishedAt ?? new Date(0)).toISOString();
    const items = entries
      .map(
        (e) => `  <entry>
    <id>urn:uuid:${e.id}</id>
    <title>${escapeXml(e.title)}</title>
    <updated>${e.publishedAt.toISOString()}</updated>
    <category term="${e.kind}"/>
    <summary>${escapeXml(e.summary)}</summary>
    <content type="text">${escapeXml(e.rationale || e.summary)}</content>
    <link rel="alternate" href="${escapeXml(`${baseUrl}/register#${e.id}`)}"/>
  </entry>`,
      )
      .join('\n');
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(`${baseUrl}/register.atom`)}</id>
  <title>Accord public register</title>
  <subtitle>Published rationales of recognition outcomes, emergency declarations, provisional authorizations and dispute rulings</subtitle>
  <updated>${updated}</updated>
  <link rel="self" href="${escapeXml(`${baseUrl}/register.atom`)}"/>
  <author><name>Accord</name></author>
${items}
</feed>
`;
  }
}
