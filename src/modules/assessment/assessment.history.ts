import type { EntityManager } from 'typeorm';
import type { AuthPrincipal } from '../../shared/actor';
import { Role } from '../../shared/role';
import { normalizeName } from '../decisions/decision.service';
import type { TransactionInputData } from './assessment.service';
import { DEFAULT_RISK_POLICY, type EndUserHistory } from './risk';

/**
 * End-user history (members only), one statement: this and near-identical end users (same
 * country, name similarity from the policy), their decisions and valid verifications, the
 * members' denials to the destination, and the recognitions that apply.
 */
export async function loadEndUserHistory(
  q: Pick<EntityManager, 'query'>,
  visible: boolean,
  input: TransactionInputData,
  codes: string[],
  destination: string,
  consortiumId: string,
  today: string,
  principal: AuthPrincipal | null,
) {
  const history: EndUserHistory = {
    visible,
    endUserGiven: !!(input.endUserId || input.endUser),
    endUserCountry: null,
    denials: [],
    grants: 0,
    verifications: [],
  };
  let endUserId: string | null = input.endUserId ?? null;
  let destinationDenials = 0;
  const recognitions = new Map<string, string[]>();
  if (!visible) return { history, endUserId, destinationDenials, recognitions };
  const name = input.endUser ? normalizeName(input.endUser.name) : null;
  const country = input.endUser?.country.trim().toUpperCase() ?? null;
  const rows: Record<string, unknown>[] = await q.query(
    `WITH sim AS (
         SELECT COALESCE((SELECT (policy->>'nearDuplicateSimilarity')::float FROM risk_policy WHERE consortium_id = $8), $5) AS threshold
       ),
       target AS (
         SELECT id, normalized_name, country FROM end_user WHERE id = $1::uuid OR (normalized_name = $2 AND country = $3)
       ),
       near AS (
         SELECT u.id, u.name, u.country, (u.id IN (SELECT id FROM target)) AS exact
         FROM end_user u
         WHERE u.id IN (SELECT id FROM target)
            OR EXISTS (SELECT 1 FROM target t WHERE u.country = t.country AND similarity(u.normalized_name, t.normalized_name) >= (SELECT threshold FROM sim))
            OR ($2::text IS NOT NULL AND u.country = $3 AND similarity(u.normalized_name, $2) >= (SELECT threshold FROM sim))
       )
       SELECT 'D' AS kind, d.id, d.jurisdiction_code, s.name, s.exact, s.id AS end_user_id, s.country, d.outcome, d.taxonomy_codes, d.decided_at::text AS at, NULL::date AS valid_until
       FROM licence_decision d JOIN near s ON s.id = d.end_user_id
       WHERE (d.outcome <> 'DENIED' AND s.exact AND (NOT d.confidential OR d.jurisdiction_code = $9 OR $10::boolean)) OR (d.outcome = 'DENIED' AND d.taxonomy_codes && $4 AND (d.valid_until IS NULL OR d.valid_until >= $6))
       UNION ALL
       SELECT 'V', v.id, v.jurisdiction_code, s.name, s.exact, s.id, s.country, NULL, NULL, v.verified_at::text, v.valid_until
       FROM end_user_verification v JOIN near s ON s.id = v.end_user_id AND s.exact
       WHERE v.valid_until IS NULL OR v.valid_until >= $6
       UNION ALL
       SELECT 'U', t.id, NULL, NULL, true, t.id, t.country, NULL, NULL, NULL, NULL FROM target t
       UNION ALL
       SELECT 'X', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, count(*)::text, NULL
       FROM licence_decision d WHERE d.outcome = 'DENIED' AND d.destination = $7
       UNION ALL
       SELECT 'R', q.id, r.jurisdiction_code, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
       FROM recognition_request q JOIN recognition_response r ON r.request_id = q.id AND r.remanded_by_dispute_id IS NULL AND r.decision <> 'DECLINE'
       WHERE q.consortium_id = $8 AND q.status IN ('RECOGNIZED', 'PARTIALLY_RECOGNIZED') AND (q.effect_valid_until IS NULL OR q.effect_valid_until >= $6) AND (
         (q.subject_kind = 'LICENCE_DECISION' AND EXISTS (SELECT 1 FROM licence_decision d JOIN near s ON s.id = d.end_user_id AND s.exact
            WHERE d.id = q.subject_id AND d.taxonomy_codes && $4 AND d.outcome <> 'DENIED'))
         OR (q.subject_kind = 'END_USER_VERIFICATION' AND EXISTS (SELECT 1 FROM end_user_verification v JOIN near s ON s.id = v.end_user_id AND s.exact WHERE v.id = q.subject_id)))`,
    [
      endUserId,
      name,
      country,
      codes,
      DEFAULT_RISK_POLICY.nearDuplicateSimilarity,
      today,
      destination,
      consortiumId,
      // Another member's confidential grants are not counted (their existence is theirs to tell).
      principal?.jurisdiction ?? '',
      principal?.role === Role.SECRETARIAT,
    ],
  );
  for (const r of rows) {
    if (r.kind === 'X') destinationDenials = Number(r.at);
    else if (r.kind === 'R') recognitions.set(r.jurisdiction_code as string, [...(recognitions.get(r.jurisdiction_code as string) ?? []), r.id as string]);
    else if (r.kind === 'U') {
      endUserId = r.end_user_id as string;
      history.endUserCountry = r.country as string;
    } else if (r.kind === 'V')
      history.verifications.push({
        jurisdiction: r.jurisdiction_code as string,
        verifiedAt: r.at as string,
        validUntil: (r.valid_until as string | null) ?? null,
      });
    else if (r.outcome === 'DENIED') {
      history.denials.push({
        decisionId: r.id as string,
        jurisdiction: r.jurisdiction_code as string,
        endUserName: r.name as string,
        exactEndUser: !!r.exact,
        taxonomyCodes: (r.taxonomy_codes as string[]).filter((c) => codes.includes(c)),
        decidedAt: r.at as string,
      });
    } else history.grants += 1;
  }
  return { history, endUserId, destinationDenials, recognitions };
}
