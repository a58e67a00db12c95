import type { EntityManager } from 'typeorm';
import type { Clock } from '../../shared/clock';
import { emitEvent } from '../../shared/events';
import { RegisterKind } from '../register/register.enums';
import { publishToRegister } from '../register/register.writer';
import { AuthorizationStatus } from './emergency.enums';
import { EmergencyDeclaration, type FastTrackApplication, type ProvisionalAuthorization } from './emergency.entity';

/** Publish the authorization's current standing (public fields only: no end user, applicant or destination). */
export async function publishAuthorizationStanding(
  m: EntityManager,
  clock: Clock,
  a: ProvisionalAuthorization,
  event: string,
  rationale: string | null,
): Promise<void> {
  const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
  const until = a.sunsetAt.toISOString();
  const standing: Record<AuthorizationStatus, string> = {
    ACTIVE: `In force until ${until}`,
    SUSPENDED: `Suspended since ${(a.suspendedAt ?? clock.now()).toISOString()}: not in force until reinstated (sunset ${until})`,
    CONFIRMED: `Confirmed at post-approval review; in force and monitored until ${until}`,
    EXPIRED: `Expired at its sunset ${until}: no longer in force`,
    REVOKED: 'Revoked: no longer in force',
  };
  const parts = [standing[a.status]];
  if (a.windDownUntil && (a.status === AuthorizationStatus.ACTIVE || a.status === AuthorizationStatus.CONFIRMED || a.status === AuthorizationStatus.SUSPENDED))
    parts.push(`emergency ended: wind-down until ${a.windDownUntil.toISOString()}`);
  if (a.authorizedQuantity !== null) parts.push(`${a.shippedQuantity} of ${a.authorizedQuantity} ${a.quantityUnit} shipped`);
  if (a.conditions.length) parts.push(`conditions: ${a.conditions.join('; ')}`);
  await publishToRegister(m, clock, {
    kind: RegisterKind.PROVISIONAL_AUTHORIZATION,
    consortiumId: d.consortiumId,
    subjectId: a.id,
    title: `${a.jurisdictionCode} provisional authorization for ${a.taxonomyCodes.join(', ')}: ${a.status}`,
    summary: parts.join('; '),
    rationale: rationale ?? '',
    jurisdictions: [a.jurisdictionCode],
    details: {
      status: a.status,
      event,
      scope: a.taxonomyCodes,
      sunsetAt: a.sunsetAt,
      windDownUntil: a.windDownUntil,
      conditions: a.conditions,
      authorizedQuantity: a.authorizedQuantity,
      shippedQuantity: a.shippedQuantity,
      quantityUnit: a.quantityUnit,
    },
  });
  await emitEvent(m, clock, { type: 'PROVISIONAL_AUTHORIZATION_UPDATED', id: a.id, event, status: a.status, audience: d.jurisdictionCodes });
}

/** Publish a new grant (on approval of its application) and tell the declaration's members. */
export async function publishGrant(m: EntityManager, clock: Clock, a: FastTrackApplication, auth: ProvisionalAuthorization, rationale: string): Promise<void> {
  const conditions = auth.conditions;
  const d = await m.getRepository(EmergencyDeclaration).findOneByOrFail({ id: a.declarationId });
  await publishToRegister(m, clock, {
    kind: RegisterKind.PROVISIONAL_AUTHORIZATION,
    consortiumId: d.consortiumId,
    subjectId: auth.id,
    title: `${auth.jurisdictionCode} provisional authorization for ${auth.taxonomyCodes.join(', ')}`,
    summary: `In force until ${auth.sunsetAt.toISOString()}${auth.authorizedQuantity !== null ? `; for ${auth.authorizedQuantity} ${auth.quantityUnit}` : ''}${conditions.length ? `; conditions: ${conditions.join('; ')}` : ''}; monitoring every ${auth.monitoringEveryDays} days; review due ${auth.reviewDueAt.toISOString()}`,
    rationale,
    jurisdictions: [auth.jurisdictionCode],
    details: {
      status: auth.status,
      scope: auth.taxonomyCodes,
      sunsetAt: auth.sunsetAt,
      conditions,
      monitoringEveryDays: auth.monitoringEveryDays,
      lateByMs: a.lateByMs,
      authorizedQuantity: auth.authorizedQuantity,
      quantityUnit: auth.quantityUnit,
    },
  });
  // The other members hear that an authorization took effect (subscriptions and webhooks).
  await emitEvent(m, clock, { type: 'PROVISIONAL_AUTHORIZATION_UPDATED', id: auth.id, event: 'GRANTED', status: auth.status, audience: d.jurisdictionCodes });
}
