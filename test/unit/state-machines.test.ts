import { StateMachine } from '../../src/shared/state-machine';
import { applicationMachine, authorizationMachine } from '../../src/modules/emergency/emergency.states';
import { mappingMachine } from '../../src/modules/taxonomy/mapping.states';
import { outcomeEvent, recognitionMachine, type RecognitionEvent } from '../../src/modules/recognition/recognition.states';
import { RecognitionStatus as S } from '../../src/modules/recognition/recognition.enums';

/** Every (state, event) pair: allowed ones lead where the table says, the rest are INVALID_TRANSITION. */
function walk<St extends string, E extends string, P extends string>(m: StateMachine<St, E, P>, events: E[], allowed: Record<string, St>) {
  for (const from of m.states) {
    for (const event of events) {
      const key = `${from} ${event}`;
      const rule = m.rule(from, event);
      if (key in allowed) {
        expect([key, rule?.to]).toEqual([key, allowed[key]]);
        expect(m.next(from, event, rule!.by)).toBe(allowed[key]);
      } else {
        expect([key, rule]).toEqual([key, undefined]);
        expect(() => m.next(from, event, ['SYSTEM', 'REQUESTER', 'CONCERNED', 'RULING', 'AUTHORIZER', 'REVIEWER', 'SECRETARIAT', 'PUBLICATION'] as unknown as P[])).toThrow(
          expect.objectContaining({ code: 'INVALID_TRANSITION' }),
        );
      }
    }
  }
}

describe('StateMachine', () => {
  it('refuses a table naming an unknown target state', () => {
    expect(() => new StateMachine<'A' | 'B', 'GO', 'X'>('T', ['A', 'B'], { A: { GO: { to: 'C' as 'B', by: ['X'] } } })).toThrow(/unknown state C/);
  });
  it('refuses a rule nobody may fire', () => {
    expect(() => new StateMachine<'A' | 'B', 'GO', 'X'>('T', ['A', 'B'], { A: { GO: { to: 'B', by: [] } } })).toThrow(/names nobody/);
  });
  it('is FORBIDDEN for the wrong party, INVALID_TRANSITION for a move the table lacks', () => {
    expect(() => recognitionMachine.next(S.DRAFT, 'SUBMIT', ['CONCERNED'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => recognitionMachine.next(S.LAPSED, 'SUBMIT', ['REQUESTER'])).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
});

describe('recognition table (DESIGN.md §2.1)', () => {
  const events: RecognitionEvent[] = ['SUBMIT', 'RESPOND', 'REQUEST_INFO', 'PROVIDE_INFO', 'RESUME_CLOCK', 'RESOLVE_RECOGNIZED', 'RESOLVE_PARTIAL', 'RESOLVE_DECLINED', 'LAPSE', 'WITHDRAW', 'REOPEN'];
  const open = (s: string) => ({
    [`${s} RESPOND`]: S.UNDER_REVIEW,
    [`${s} REQUEST_INFO`]: S.CLOCK_STOPPED,
    [`${s} RESOLVE_RECOGNIZED`]: S.RECOGNIZED,
    [`${s} RESOLVE_PARTIAL`]: S.PARTIALLY_RECOGNIZED,
    [`${s} RESOLVE_DECLINED`]: S.DECLINED,
    [`${s} LAPSE`]: S.LAPSED,
    [`${s} WITHDRAW`]: S.WITHDRAWN,
  });
  const ruled = (s: string) => ({
    [`${s} RESOLVE_RECOGNIZED`]: S.RECOGNIZED,
    [`${s} RESOLVE_PARTIAL`]: S.PARTIALLY_RECOGNIZED,
    [`${s} RESOLVE_DECLINED`]: S.DECLINED,
    [`${s} REOPEN`]: S.UNDER_REVIEW,
  });
  it('allows exactly the moves of the design', () => {
    walk(recognitionMachine, events, {
      'DRAFT SUBMIT': S.SUBMITTED,
      'DRAFT WITHDRAW': S.WITHDRAWN,
      ...open('SUBMITTED'),
      ...open('UNDER_REVIEW'),
      'CLOCK_STOPPED PROVIDE_INFO': S.UNDER_REVIEW,
      'CLOCK_STOPPED RESUME_CLOCK': S.UNDER_REVIEW,
      'CLOCK_STOPPED WITHDRAW': S.WITHDRAWN,
      ...ruled('DECLINED'),
      ...ruled('PARTIALLY_RECOGNIZED'),
      ...ruled('RECOGNIZED'),
    });
  });
  it('only the scheduler lapses a request, only the requester withdraws', () => {
    expect(recognitionMachine.rule(S.UNDER_REVIEW, 'LAPSE')!.by).toEqual(['SYSTEM']);
    expect(recognitionMachine.rule(S.UNDER_REVIEW, 'WITHDRAW')!.by).toEqual(['REQUESTER']);
    expect(recognitionMachine.rule(S.DECLINED, 'RESOLVE_RECOGNIZED')!.by).toEqual(['RULING']);
  });
  it('computes the outcome from the answers', () => {
    expect(outcomeEvent(3, 3)).toBe('RESOLVE_RECOGNIZED');
    expect(outcomeEvent(1, 3)).toBe('RESOLVE_PARTIAL');
    expect(outcomeEvent(0, 3)).toBe('RESOLVE_DECLINED');
  });
});

describe('mapping, application and authorization tables', () => {
  it('mapping review', () => {
    walk(mappingMachine, ['ACCEPT', 'REJECT', 'MARK_STALE', 'REOPEN'], {
      'PROPOSED ACCEPT': 'ACCEPTED', 'PROPOSED REJECT': 'REJECTED', 'ACCEPTED MARK_STALE': 'STALE',
      'ACCEPTED REJECT': 'REJECTED', 'REJECTED ACCEPT': 'ACCEPTED', 'ACCEPTED REOPEN': 'PROPOSED', 'REJECTED REOPEN': 'PROPOSED',
    } as never);
    expect(mappingMachine.rule('ACCEPTED' as never, 'REJECT')!.by).toEqual(['RULING']);
  });
  it('fast-track application', () => {
    walk(applicationMachine, ['APPROVE', 'REFUSE'], { 'SUBMITTED APPROVE': 'APPROVED' as never, 'SUBMITTED REFUSE': 'REFUSED' as never });
  });
  it('provisional authorization (DESIGN.md §2.2)', () => {
    const closing = (s: string) => ({ [`${s} EXPIRE`]: 'EXPIRED', [`${s} REVOKE`]: 'REVOKED', [`${s} CONFIRM`]: 'CONFIRMED' });
    walk(authorizationMachine, ['SUSPEND', 'REINSTATE', 'REPORT', 'EXPIRE', 'REVOKE', 'CONFIRM'], {
      'ACTIVE SUSPEND': 'SUSPENDED',
      'ACTIVE REPORT': 'ACTIVE',
      'SUSPENDED REINSTATE': 'ACTIVE',
      ...closing('ACTIVE'),
      ...closing('SUSPENDED'),
    } as never);
  });
});

describe('dispute table (DESIGN.md §2.3)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { disputeMachine } = require('../../src/modules/disputes/dispute.states') as typeof import('../../src/modules/disputes/dispute.states');
  const W = (s: string) => ({ [`${s} WITHDRAW`]: 'WITHDRAWN' });
  const settle = (s: string) => ({ [`${s} SETTLE`]: 'SETTLED' });
  it('allows exactly the moves of the design', () => {
    walk(disputeMachine, ['OPEN_CONSULTATION', 'SETTLE', 'REQUEST_PANEL', 'CONSTITUTE', 'SUBMIT', 'VOTE', 'ISSUE_RULING', 'APPEAL', 'CLOSE', 'WITHDRAW'], {
      'FILED OPEN_CONSULTATION': 'CONSULTATION', ...W('FILED'),
      ...settle('CONSULTATION'), 'CONSULTATION REQUEST_PANEL': 'PANEL_REQUESTED', ...W('CONSULTATION'),
      'PANEL_REQUESTED CONSTITUTE': 'PANEL_CONSTITUTED', ...settle('PANEL_REQUESTED'), ...W('PANEL_REQUESTED'),
      'PANEL_CONSTITUTED SUBMIT': 'SUBMISSIONS', 'PANEL_CONSTITUTED VOTE': 'DELIBERATION', ...settle('PANEL_CONSTITUTED'), ...W('PANEL_CONSTITUTED'),
      'SUBMISSIONS SUBMIT': 'SUBMISSIONS', 'SUBMISSIONS VOTE': 'DELIBERATION', ...settle('SUBMISSIONS'), ...W('SUBMISSIONS'),
      'DELIBERATION VOTE': 'DELIBERATION', 'DELIBERATION ISSUE_RULING': 'RULING_ISSUED', ...W('DELIBERATION'),
      'RULING_ISSUED APPEAL': 'APPEALED', 'RULING_ISSUED CLOSE': 'CLOSED',
      'APPEALED CONSTITUTE': 'APPEALED', 'APPEALED SUBMIT': 'APPEALED', 'APPEALED VOTE': 'APPEALED', 'APPEALED ISSUE_RULING': 'APPEAL_RULING_ISSUED',
      'APPEAL_RULING_ISSUED CLOSE': 'CLOSED',
    } as never);
    expect(disputeMachine.rule('CONSTITUTE' as never, 'CONSTITUTE')).toBeUndefined();
    expect(disputeMachine.rule('PANEL_REQUESTED' as never, 'CONSTITUTE')!.by).toEqual(['SECRETARIAT']);
    expect(disputeMachine.rule('CONSULTATION' as never, 'WITHDRAW')!.by).toEqual(['COMPLAINANT']);
  });
});
