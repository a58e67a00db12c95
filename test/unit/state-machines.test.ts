import { StateMachine } from '../../src/shared/state-machine';
import { applicationMachine, authorizationMachine } from '../../src/modules/emergency/emergency.states';
import { mappingMachine } from '../../src/modules/taxonomy/mapping.states';
import { deadlineEvent, outcomeEvent, recognitionMachine, type RecognitionEvent } from '../../src/modules/recognition/recognition.states';
import { RecognitionStatus as S } from '../../src/modules/recognition/recognition.enums';
import { disputeMachine, panelTimetable } from '../../src/modules/disputes/dispute.states';
import { versionMachine } from '../../src/modules/control-lists/control-list.states';
import { consultationMachine } from '../../src/modules/decisions/consultation.states';
import { deliveryMachine } from '../../src/modules/notifications/webhook.states';

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
        expect(() =>
          m.next(from, event, ['SYSTEM', 'REQUESTER', 'CONCERNED', 'RULING', 'AUTHORIZER', 'REVIEWER', 'SECRETARIAT', 'PUBLICATION'] as unknown as P[]),
        ).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
      }
    }
  }
}

describe('StateMachine', () => {
  it('refuses a table naming an unknown target state', () => {
    expect(() => new StateMachine<'A' | 'B', 'GO', 'X'>('T', ['A', 'B'], { A: { GO: { to: 'C' as 'B', by: ['X'] } } }, { audit: false })).toThrow(
      /unknown state C/,
    );
  });
  it('refuses a rule nobody may fire', () => {
    expect(() => new StateMachine<'A' | 'B', 'GO', 'X'>('T', ['A', 'B'], { A: { GO: { to: 'B', by: [] } } }, { audit: false })).toThrow(/names nobody/);
  });
  it('is FORBIDDEN for the wrong party, INVALID_TRANSITION for a move the table lacks', () => {
    expect(() => recognitionMachine.next(S.DRAFT, 'SUBMIT', ['CONCERNED'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => recognitionMachine.next(S.LAPSED, 'SUBMIT', ['REQUESTER'])).toThrow(expect.objectContaining({ code: 'INVALID_TRANSITION' }));
  });
});

describe('recognition table (DESIGN.md §2.1)', () => {
  const events: RecognitionEvent[] = [
    'SUBMIT',
    'RESPOND',
    'REQUEST_INFO',
    'PROVIDE_INFO',
    'RESUME_CLOCK',
    'RESOLVE_RECOGNIZED',
    'RESOLVE_PARTIAL',
    'RESOLVE_DECLINED',
    'LAPSE',
    'WITHDRAW',
    'REOPEN',
  ];
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
  it('at the deadline: the outcome over the answers given, silence as the policy says; LAPSE only when nobody answered', () => {
    // 2 of 3 answered, both recognized, 1 silent.
    expect(deadlineEvent(2, 2, 1, 'NO_ANSWER')).toBe('RESOLVE_RECOGNIZED');
    expect(deadlineEvent(2, 2, 1, 'LAPSE')).toBe('RESOLVE_RECOGNIZED'); // the former default reads as NO_ANSWER
    expect(deadlineEvent(2, 2, 1, 'DEEMED_RECOGNIZED')).toBe('RESOLVE_RECOGNIZED');
    expect(deadlineEvent(2, 2, 1, 'DEEMED_DECLINED')).toBe('RESOLVE_PARTIAL');
    expect(deadlineEvent(0, 1, 2, 'NO_ANSWER')).toBe('RESOLVE_DECLINED');
    expect(deadlineEvent(0, 1, 2, 'DEEMED_RECOGNIZED')).toBe('RESOLVE_PARTIAL');
    // Nobody answered.
    expect(deadlineEvent(0, 0, 3, 'NO_ANSWER')).toBe('LAPSE');
    expect(deadlineEvent(0, 0, 3, 'LAPSE')).toBe('LAPSE');
    expect(deadlineEvent(0, 0, 3, 'DEEMED_RECOGNIZED')).toBe('RESOLVE_RECOGNIZED');
    expect(deadlineEvent(0, 0, 3, 'DEEMED_DECLINED')).toBe('RESOLVE_DECLINED');
  });
});

describe('mapping, application and authorization tables', () => {
  it('mapping review', () => {
    walk(mappingMachine, ['ACCEPT', 'REJECT', 'MARK_STALE', 'REOPEN'], {
      'PROPOSED ACCEPT': 'ACCEPTED',
      'PROPOSED REJECT': 'REJECTED',
      'ACCEPTED MARK_STALE': 'STALE',
      'ACCEPTED REJECT': 'REJECTED',
      'REJECTED ACCEPT': 'ACCEPTED',
      'ACCEPTED REOPEN': 'PROPOSED',
      'REJECTED REOPEN': 'PROPOSED',
    } as never);
    expect(mappingMachine.rule('ACCEPTED' as never, 'REJECT')!.by).toEqual(['RULING']);
  });
  it('fast-track application', () => {
    walk(applicationMachine, ['APPROVE', 'REFUSE'], { 'SUBMITTED APPROVE': 'APPROVED' as never, 'SUBMITTED REFUSE': 'REFUSED' as never });
  });
  // This table changed: CONFIRMED is no longer terminal (monitored, suspended when a
  // report is overdue, expires at its sunset); EXTEND and AMEND_CONDITIONS keep the state.
  it('provisional authorization (DESIGN.md §2.2)', () => {
    const closing = (s: string) => ({ [`${s} EXPIRE`]: 'EXPIRED', [`${s} REVOKE`]: 'REVOKED', [`${s} CONFIRM`]: 'CONFIRMED' });
    const amend = (s: string) => ({ [`${s} EXTEND`]: s, [`${s} AMEND_CONDITIONS`]: s });
    walk(authorizationMachine, ['SUSPEND', 'REINSTATE', 'REINSTATE_CONFIRMED', 'REPORT', 'EXPIRE', 'REVOKE', 'CONFIRM', 'EXTEND', 'AMEND_CONDITIONS'], {
      'ACTIVE SUSPEND': 'SUSPENDED',
      'ACTIVE REPORT': 'ACTIVE',
      'SUSPENDED REINSTATE': 'ACTIVE',
      'SUSPENDED REINSTATE_CONFIRMED': 'CONFIRMED',
      ...closing('ACTIVE'),
      ...closing('SUSPENDED'),
      'CONFIRMED SUSPEND': 'SUSPENDED',
      'CONFIRMED REPORT': 'CONFIRMED',
      'CONFIRMED EXPIRE': 'EXPIRED',
      'CONFIRMED REVOKE': 'REVOKED',
      ...amend('ACTIVE'),
      ...amend('SUSPENDED'),
      ...amend('CONFIRMED'),
    } as never);
    expect(authorizationMachine.rule('CONFIRMED' as never, 'EXPIRE')!.by).toEqual(['SYSTEM']);
    expect(authorizationMachine.rule('ACTIVE' as never, 'EXTEND')!.by).toEqual(['AUTHORIZER', 'REVIEWER']);
    expect(authorizationMachine.isTerminal('CONFIRMED' as never)).toBe(false);
  });
});

describe('dispute table (DESIGN.md §2.3)', () => {
  const W = (s: string) => ({ [`${s} WITHDRAW`]: 'WITHDRAWN' });
  const settle = (s: string) => ({ [`${s} SETTLE`]: 'SETTLED' });
  const invoke = (s: string) => ({ [`${s} INVOKE_SECURITY_EXCEPTION`]: s });
  const join = (s: string) => ({ [`${s} JOIN_THIRD_PARTY`]: s });
  const events = [
    'OPEN_CONSULTATION',
    'SETTLE',
    'REQUEST_PANEL',
    'CONSTITUTE',
    'JOIN_THIRD_PARTY',
    'INVOKE_SECURITY_EXCEPTION',
    'SUBMIT',
    'VOTE',
    'INTERIM_REPORT',
    'COMMENT',
    'ISSUE_RULING',
    'APPEAL',
    'CLOSE',
    'WITHDRAW',
  ] as const;
  it('allows exactly the moves of the design', () => {
    walk(disputeMachine, [...events], {
      'FILED OPEN_CONSULTATION': 'CONSULTATION',
      ...W('FILED'),
      ...settle('CONSULTATION'),
      'CONSULTATION REQUEST_PANEL': 'PANEL_REQUESTED',
      ...invoke('CONSULTATION'),
      ...W('CONSULTATION'),
      'PANEL_REQUESTED CONSTITUTE': 'PANEL_CONSTITUTED',
      ...settle('PANEL_REQUESTED'),
      ...invoke('PANEL_REQUESTED'),
      ...join('PANEL_REQUESTED'),
      ...W('PANEL_REQUESTED'),
      'PANEL_CONSTITUTED SUBMIT': 'SUBMISSIONS',
      'PANEL_CONSTITUTED VOTE': 'DELIBERATION',
      ...settle('PANEL_CONSTITUTED'),
      ...invoke('PANEL_CONSTITUTED'),
      ...join('PANEL_CONSTITUTED'),
      ...W('PANEL_CONSTITUTED'),
      'SUBMISSIONS SUBMIT': 'SUBMISSIONS',
      'SUBMISSIONS VOTE': 'DELIBERATION',
      ...settle('SUBMISSIONS'),
      ...invoke('SUBMISSIONS'),
      ...join('SUBMISSIONS'),
      ...W('SUBMISSIONS'),
      'DELIBERATION VOTE': 'DELIBERATION',
      'DELIBERATION INTERIM_REPORT': 'INTERIM_REPORT',
      ...W('DELIBERATION'),
      'INTERIM_REPORT COMMENT': 'INTERIM_REPORT',
      'INTERIM_REPORT ISSUE_RULING': 'RULING_ISSUED',
      ...W('INTERIM_REPORT'),
      'RULING_ISSUED APPEAL': 'APPEALED',
      'RULING_ISSUED CLOSE': 'CLOSED',
      'APPEALED CONSTITUTE': 'APPEALED',
      'APPEALED SUBMIT': 'APPEALED',
      'APPEALED VOTE': 'APPEALED',
      'APPEALED ISSUE_RULING': 'APPEAL_RULING_ISSUED',
      'APPEAL_RULING_ISSUED CLOSE': 'CLOSED',
    } as never);
  });
  it('says who may fire each move', () => {
    const by = (from: string, event: string) => disputeMachine.rule(from as never, event as never)!.by;
    expect(by('PANEL_REQUESTED', 'CONSTITUTE')).toEqual(['SECRETARIAT']);
    expect(by('CONSULTATION', 'WITHDRAW')).toEqual(['COMPLAINANT']);
    expect(by('SUBMISSIONS', 'INVOKE_SECURITY_EXCEPTION')).toEqual(['RESPONDENT']);
    expect(by('PANEL_REQUESTED', 'JOIN_THIRD_PARTY')).toEqual(['MEMBER']);
    expect(by('SUBMISSIONS', 'SUBMIT')).toEqual(['COMPLAINANT', 'RESPONDENT', 'THIRD_PARTY']);
    expect(by('APPEALED', 'SUBMIT')).toEqual(['COMPLAINANT', 'RESPONDENT']); // third parties take part in the first round
    expect(by('DELIBERATION', 'INTERIM_REPORT')).toEqual(['PANELIST']);
    expect(by('INTERIM_REPORT', 'COMMENT')).toEqual(['COMPLAINANT', 'RESPONDENT']);
    expect(by('INTERIM_REPORT', 'ISSUE_RULING')).toEqual(['COMPLAINANT', 'RESPONDENT', 'SYSTEM']);
    expect(by('RULING_ISSUED', 'CLOSE')).toEqual(['SYSTEM', 'SECRETARIAT']);
    expect(() => disputeMachine.next('SUBMISSIONS' as never, 'INVOKE_SECURITY_EXCEPTION', ['COMPLAINANT', 'THIRD_PARTY'])).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() => disputeMachine.next('SUBMISSIONS' as never, 'VOTE', ['COMPLAINANT'])).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => disputeMachine.next('DELIBERATION' as never, 'SUBMIT', ['COMPLAINANT'], 'submissions closed with the first panel vote')).toThrow(
      expect.objectContaining({ code: 'INVALID_TRANSITION', message: 'submissions closed with the first panel vote' }),
    );
  });
  it('terminal states are the ends of a case', () => {
    expect(disputeMachine.states.filter((x) => disputeMachine.isTerminal(x)).sort()).toEqual(['CLOSED', 'SETTLED', 'WITHDRAWN']);
  });
});

describe('list versions, denial consultations, webhook deliveries', () => {
  it("a version is published by its list's writer and superseded by the next publication", () => {
    walk(versionMachine, ['PUBLISH', 'SUPERSEDE'], { 'DRAFT PUBLISH': 'PUBLISHED', 'PUBLISHED SUPERSEDE': 'SUPERSEDED' } as never);
    expect(versionMachine.rule('DRAFT' as never, 'PUBLISH')!.by).toEqual(['PUBLISHER']);
    expect(versionMachine.rule('PUBLISHED' as never, 'SUPERSEDE')!.by).toEqual(['PUBLICATION']);
    expect(mappingMachine.rule('ACCEPTED' as never, 'MARK_STALE')!.by).toEqual(['PUBLICATION']);
  });
  it('only a ruling changes a consultation outcome (its column is `outcome`)', () => {
    walk(consultationMachine, ['RULED_REFRAIN', 'RULED_PROCEED'], { 'PROCEED RULED_REFRAIN': 'REFRAIN', 'REFRAIN RULED_PROCEED': 'PROCEED' } as never);
    expect(consultationMachine.field).toBe('outcome');
    expect(consultationMachine.rule('PROCEED' as never, 'RULED_REFRAIN')!.by).toEqual(['RULING']);
  });
  it('a delivery is delivered, retried or given up by the sweep', () => {
    walk(deliveryMachine, ['DELIVER', 'GIVE_UP', 'RETRY'], {
      'PENDING DELIVER': 'DELIVERED',
      'PENDING GIVE_UP': 'FAILED',
      'PENDING RETRY': 'PENDING',
    } as never);
  });
  it('audit actions are <prefix>.<event>', () => {
    expect([
      recognitionMachine.actionPrefix,
      authorizationMachine.actionPrefix,
      applicationMachine.actionPrefix,
      mappingMachine.actionPrefix,
      versionMachine.actionPrefix,
      consultationMachine.actionPrefix,
    ]).toEqual(['RECOGNITION_REQUEST', 'PROVISIONAL_AUTHORIZATION', 'FAST_TRACK', 'ENTRY_MAPPING', 'CONTROL_LIST_VERSION', 'DENIAL_CONSULTATION']);
  });
});

describe('panel timetable', () => {
  const policy = {
    panelSubmissionDays: 30,
    panelRebuttalDays: 14,
    panelInterimReportDays: 30,
    panelFinalRulingDays: 14,
    urgentTrackDays: 44,
    appealRulingDays: 88,
  };
  const start = new Date('2026-01-01T00:00:00Z');
  it("adds the policy's stages one after the other", () => {
    expect(panelTimetable(start, policy, 'ORDINARY')).toEqual({
      firstSubmissionsDue: new Date('2026-01-31T00:00:00Z'),
      rebuttalsDue: new Date('2026-02-14T00:00:00Z'),
      interimReportDue: new Date('2026-03-16T00:00:00Z'),
      finalRulingDue: new Date('2026-03-30T00:00:00Z'),
      urgent: false,
    });
  });
  it('fits the urgent track in its days, keeping the proportions', () => {
    const t = panelTimetable(start, policy, 'URGENT');
    expect(t).toMatchObject({ urgent: true, firstSubmissionsDue: new Date('2026-01-16T00:00:00Z'), finalRulingDue: new Date('2026-02-14T00:00:00Z') });
  });
  it('runs an appeal on its own clock', () => {
    expect(panelTimetable(start, { ...policy, appealRulingDays: 44 }, 'APPEAL').finalRulingDue).toEqual(new Date('2026-02-14T00:00:00Z'));
  });
});
