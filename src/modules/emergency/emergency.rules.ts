/** Shared rules of the emergency workflow: time units, the earliest of dates, a declaration's state now. */
import { DeclarationStatus } from './emergency.enums';
import type { EmergencyDeclaration } from './emergency.entity';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** The earliest of the dates given (absent ones ignored). */
export const minDate = (...ds: (Date | null | undefined)[]) => new Date(Math.min(...ds.filter((d): d is Date => !!d).map((d) => d.getTime())));

export function declarationStatus(d: EmergencyDeclaration, now: Date): DeclarationStatus {
  if (now < d.startsAt) return DeclarationStatus.SCHEDULED;
  return now < d.effectiveEnd() ? DeclarationStatus.ACTIVE : DeclarationStatus.ENDED;
}
