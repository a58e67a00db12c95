/**
 * Near-duplicate end users by trigram similarity (PostgreSQL pg_trgm, created by the
 * ControlLists migration): "Institut Pasteur" and "Institut Pasteur de Dakar " are two
 * end-user records that name one institution. Used by endUserMatches, by the consistency
 * report and by the no-undercut check (decision.service.ts), which flags a grant whose end
 * user is a near-duplicate of one another member denied.
 */
type Q = { query: (sql: string, params?: unknown[]) => Promise<unknown> };

/** The similarity at or above which two end users of one country count as near-duplicates (the risk policy's default). */
export const NEAR_DUPLICATE_SIMILARITY = 0.6;

export interface NearDenial {
  denialId: string;
  deniedBy: string;
  endUserId: string;
  endUserName: string;
  similarity: number;
}

/**
 * Denials in force by other members of end users that are near-duplicates (not the same
 * record) of `endUserId`, for overlapping items, without a PROCEED consultation by `jurisdiction`.
 */
export async function nearDuplicateDenials(
  q: Q,
  jurisdiction: string,
  endUserId: string,
  codes: string[],
  today: string,
  threshold = NEAR_DUPLICATE_SIMILARITY,
): Promise<NearDenial[]> {
  const rows = (await q.query(
    `SELECT d.id, d.jurisdiction_code, u.id AS end_user_id, u.name, similarity(u.normalized_name, t.normalized_name) AS score
     FROM end_user t
     JOIN end_user u ON u.country = t.country AND u.id <> t.id AND similarity(u.normalized_name, t.normalized_name) >= $5
     JOIN licence_decision d ON d.end_user_id = u.id
     WHERE t.id = $1 AND d.outcome = 'DENIED' AND d.taxonomy_codes && $2 AND d.jurisdiction_code <> $3
       AND (d.valid_until IS NULL OR d.valid_until >= $4)
       AND NOT EXISTS (SELECT 1 FROM denial_consultation c WHERE c.denial_id = d.id AND c.jurisdiction_code = $3 AND c.outcome = 'PROCEED')
     ORDER BY score DESC, d.decided_at`,
    [endUserId, codes, jurisdiction, today, threshold],
  )) as { id: string; jurisdiction_code: string; end_user_id: string; name: string; score: number }[];
  return rows.map((r) => ({
    denialId: r.id,
    deniedBy: r.jurisdiction_code,
    endUserId: r.end_user_id,
    endUserName: r.name,
    similarity: Math.round(Number(r.score) * 1000) / 1000,
  }));
}
