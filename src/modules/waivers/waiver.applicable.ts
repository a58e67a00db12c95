/**
 * Which humanitarian waivers apply to a transaction, per member (read by the transaction
 * assessment): an ACTIVE waiver valid today whose destinations include the destination,
 * whose items cover every item (a code covers its descendants) and whose beneficiaries
 * include the end user (same normalised name and country). It applies for its sponsor and
 * for the members whose recognition stands — never for another member.
 */
type Q = { query: (sql: string, params?: unknown[]) => Promise<unknown> };

export async function applicableWaivers(
  q: Q,
  t: {
    consortiumId: string;
    destination: string;
    codes: string[];
    endUserId: string | null;
    endUserName: string | null;
    endUserCountry: string | null;
    today: string;
  },
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!t.endUserId && !(t.endUserName && t.endUserCountry)) return out;
  const rows = (await q.query(
    `WITH w AS (
       SELECT w.id, w.sponsor_jurisdiction FROM humanitarian_waiver w
       WHERE w.consortium_id = $1 AND w.status = 'ACTIVE' AND w.valid_from <= $7::date AND w.valid_to >= $7::date AND $2 = ANY(w.destinations)
         AND NOT EXISTS (SELECT 1 FROM unnest($3::text[]) c WHERE NOT EXISTS (SELECT 1 FROM unnest(w.taxonomy_codes) x WHERE c = x OR c LIKE x || '.%'))
         AND EXISTS (SELECT 1 FROM humanitarian_waiver_beneficiary b WHERE b.waiver_id = w.id AND (
               (b.normalized_name = $5 AND b.country = $6)
               OR EXISTS (SELECT 1 FROM end_user u WHERE u.id = $4::uuid AND u.normalized_name = b.normalized_name AND u.country = b.country)))
     )
     SELECT id, sponsor_jurisdiction AS jurisdiction FROM w
     UNION ALL
     SELECT w.id, r.jurisdiction_code FROM w JOIN humanitarian_waiver_recognition r ON r.waiver_id = w.id AND r.status = 'RECOGNIZED'`,
    [t.consortiumId, t.destination, t.codes, t.endUserId, t.endUserName, t.endUserCountry, t.today],
  )) as { id: string; jurisdiction: string }[];
  for (const r of rows) out.set(r.jurisdiction, [...(out.get(r.jurisdiction) ?? []), r.id]);
  return out;
}
