/**
 * Writing to the public register: called by the workflows inside the transaction of the
 * decision they publish, with public fields only: the callers never put an end user, applicant
 * or destination of a licence in a title, summary or rationale, nor PANEL_ONLY or
 * PARTIES_AND_PANEL material; structured details naming them are stripped here (public-fields.ts).
 * After the transaction commits, listeners (notifications) hear of it.
 */
import type { EntityManager } from 'typeorm';
import type { Clock } from '../../shared/clock';
import { RegisterEntry } from './register-entry.entity';
import { RegisterKind } from './register.enums';

/** The kinds of register entry, for the workflows that publish (they need not import the entity). */
export { RegisterKind };
import { emitEvent } from '../../shared/events';
import { publicDetails } from './public-fields';

export interface RegisterInput {
  kind: RegisterKind;
  consortiumId: string | null;
  subjectId: string;
  title: string;
  summary: string;
  rationale?: string;
  jurisdictions?: string[];
  details?: Record<string, unknown>;
}

export async function publishToRegister(m: EntityManager, clock: Clock, input: RegisterInput): Promise<RegisterEntry> {
  if (!m.queryRunner?.isTransactionActive) throw new Error("publishToRegister must run inside the decision's transaction");
  const entry = await m.save(
    m.create(RegisterEntry, {
      kind: input.kind,
      consortiumId: input.consortiumId,
      subjectId: input.subjectId,
      title: input.title,
      summary: input.summary,
      rationale: input.rationale ?? '',
      jurisdictions: input.jurisdictions ?? [],
      details: publicDetails(input.details ?? {}) as Record<string, unknown>,
      publishedAt: clock.now(),
    }),
  );
  // Notified to every instance at commit (never on rollback); public, so no audience filter.
  await emitEvent(m, clock, { type: 'REGISTER_ENTRY_PUBLISHED', id: entry.id, kind: entry.kind, audience: [] });
  return entry;
}
