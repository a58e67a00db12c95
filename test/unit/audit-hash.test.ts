import { GENESIS_HASH, hashAuditEvent } from '../../src/modules/audit/audit-chain';
import { Role } from '../../src/shared/role';

const event = {
  seq: 1,
  occurredAt: new Date('2026-03-01T10:00:00Z'),
  actorId: 'p1',
  actorRole: Role.SECRETARIAT,
  actorJurisdiction: null,
  action: 'CONSORTIUM.POLICY_UPDATED',
  subjectType: 'Consortium',
  subjectId: 'c1',
  before: { panelSize: 3, recognitionReviewDays: 90 },
  after: { panelSize: 5, recognitionReviewDays: 90 },
  rationale: 'larger panels',
  prevHash: GENESIS_HASH,
};

describe('hashAuditEvent', () => {
  it('is a SHA-256 hex digest, stable for the same event', () => {
    expect(hashAuditEvent(event)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashAuditEvent({ ...event })).toBe(hashAuditEvent(event));
  });
  it('does not depend on the key order of before/after (jsonb reorders keys)', () => {
    expect(hashAuditEvent({ ...event, after: { recognitionReviewDays: 90, panelSize: 5 } })).toBe(hashAuditEvent(event));
  });
  it.each([
    ['seq', { seq: 2 }],
    ['time', { occurredAt: new Date('2026-03-01T10:00:00.001Z') }],
    ['actor', { actorId: 'p2' }],
    ['action', { action: 'X' }],
    ['subject', { subjectId: 'c2' }],
    ['after', { after: { panelSize: 7 } }],
    ['rationale', { rationale: 'other' }],
    ['link', { prevHash: 'f'.repeat(64) }],
  ])('changes when the %s changes', (_name, change) => {
    expect(hashAuditEvent({ ...event, ...change })).not.toBe(hashAuditEvent(event));
  });
});
