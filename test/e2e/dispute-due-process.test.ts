/** Dispute due process: the timetable, third parties, the security exception, cases on behalf of an institution, the ruling-date warning. */
import { ADD_DISPUTE_SUBMISSION_STATUS, CAST_PANEL_VOTE_STATUS, RECORD_LICENCE_DECISION } from '../support/operations';
import { errorCode } from '../support/test-app';
import {
  useDisputeApp,
  t,
  consortiumId,
  T0,
  declined,
  FILE,
  requestPanel,
  constitute,
  vote,
  submit,
  getCase,
  hear,
  rule,
  sweep,
  toPanel,
} from '../support/dispute-fixtures';

useDisputeApp();

describe('due process', () => {
  it('a vote before the parties have filed is refused, saying why; the case has a timetable; the first-submission date lifts the hold', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']);
    const c = await getCase(disputeId);
    expect(c.timetable).toEqual({
      firstSubmissionsDue: '2026-04-01T09:00:00.000Z',
      rebuttalsDue: '2026-04-15T09:00:00.000Z',
      interimReportDue: '2026-05-15T09:00:00.000Z',
      finalRulingDue: '2026-05-29T09:00:00.000Z',
      urgent: false,
      overdue: false,
    });
    const early = await vote(disputeId, 'panelist-nz', 'UPHOLD');
    expect(errorCode(early)).toBe('INVALID_TRANSITION');
    expect(early.errors![0].message).toContain('DE and NL have not filed yet');
    await submit(disputeId, 'de-regulator', 'DE first submission', 'PUBLIC');
    const still = await vote(disputeId, 'panelist-nz', 'UPHOLD');
    expect(errorCode(still)).toBe('INVALID_TRANSITION');
    expect(still.errors![0].message).toContain('NL has not filed yet');
    expect(await t.ds.query('SELECT 1 FROM dispute_vote WHERE dispute_id = $1', [disputeId])).toHaveLength(0);
    t.clock.set('2026-04-01T09:00:00Z'); // NL let its deadline pass
    expect((await vote(disputeId, 'panelist-nz', 'UPHOLD')).data!.castPanelVote.status).toBe('DELIBERATION');
    t.clock.set(T0);
  });

  it('another member joins as a third party within the period: it reads the first submissions and files PUBLIC or PARTIES_AND_PANEL material', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']);
    const join = (as: string) =>
      t.gql(`mutation($id: ID!) { joinDisputeAsThirdParty(id: $id) { thirdParties { jurisdiction { code } } } }`, { id: disputeId }, as);
    expect(errorCode(await join('nl-regulator'))).toBe('FORBIDDEN'); // a party
    expect(errorCode(await join('panelist-za'))).toBe('FORBIDDEN');
    expect((await join('us-regulator')).data).toEqual({ joinDisputeAsThirdParty: { thirdParties: [{ jurisdiction: { code: 'US' } }] } });
    expect(errorCode(await join('us-regulator'))).toBe('INVALID_TRANSITION'); // once
    await submit(disputeId, 'de-regulator', 'DE first submission SHARED-1', 'PARTIES_AND_PANEL');
    // Before the first panel, new evidence is admitted (on appeal it is not: see the appeal test).
    const nlEvidence = await t.gql(
      ADD_DISPUTE_SUBMISSION_STATUS,
      { i: { disputeId, title: 'NL evidence PANEL-1', body: 'Lab results', confidentiality: 'PANEL_ONLY', nature: 'EVIDENCE' } },
      'nl-regulator',
    );
    expect(nlEvidence.errors).toBeUndefined();
    expect(await t.ds.query(`SELECT nature FROM dispute_submission WHERE dispute_id = $1 AND title = 'NL evidence PANEL-1'`, [disputeId])).toEqual([
      { nature: 'EVIDENCE' },
    ]);
    const asPanel = await t.ok<{ disputeCase: { submissions: { title: string; nature: string }[] } }>(
      `query($id: ID!) { disputeCase(id: $id) { submissions { title nature } } }`,
      { id: disputeId },
      'panelist-nz',
    );
    expect(asPanel.disputeCase.submissions).toEqual(
      expect.arrayContaining([
        { title: 'NL evidence PANEL-1', nature: 'EVIDENCE' },
        { title: 'DE first submission SHARED-1', nature: 'ARGUMENT' },
      ]),
    );
    expect((await submit(disputeId, 'us-regulator', 'US view as a third party', 'PARTIES_AND_PANEL')).errors).toBeUndefined();
    expect((await submit(disputeId, 'us-regulator', 'US evidence', 'PANEL_ONLY')).errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.confidentiality',
    });
    const seen = (await getCase(disputeId, 'us-regulator')).submissions.map((s: any) => s.title).sort();
    expect(seen).toEqual(['DE first submission SHARED-1', 'US view as a third party']);
    expect((await getCase(disputeId, 'fr-regulator')).submissions).toEqual([]); // not a third party
    t.clock.advanceDays(11);
    expect(errorCode(await join('fr-regulator'))).toBe('DEADLINE_PASSED');
    t.clock.set(T0);
  });

  it('only the respondent invokes the security exception; every vote and the ruling address it', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('fr', 'us', ['panelist-nz', 'panelist-sg', 'panelist-de']);
    const invoke = (as: string) =>
      t.gql(
        `mutation($id: ID!) { invokeSecurityException(id: $id, statement: "Necessary to protect essential security interests: dual-use fermenters") { securityException { invoked statement } } }`,
        { id: disputeId },
        as,
      );
    expect(errorCode(await invoke('fr-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await invoke('de-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await invoke('secretariat'))).toBe('FORBIDDEN');
    expect((await invoke('us-regulator')).data!.invokeSecurityException.securityException).toEqual({
      invoked: true,
      statement: 'Necessary to protect essential security interests: dual-use fermenters',
    });
    expect(errorCode(await invoke('us-regulator'))).toBe('INVALID_TRANSITION'); // once
    await hear(disputeId, ['fr-regulator', 'us-regulator']);
    const bare = await vote(disputeId, 'panelist-nz', 'OVERTURN');
    expect(bare.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.securityExceptionAssessment' });
    const V = CAST_PANEL_VOTE_STATUS;
    for (const as of ['panelist-nz', 'panelist-de']) {
      await t.ok(
        V,
        {
          i: {
            disputeId,
            vote: 'OVERTURN',
            reasoning: `${as}: the decline cites no criterion`,
            securityExceptionAssessment:
              'Invoked in good faith? The statement names no emergency in international relations; the measure is not plausibly connected to it.',
          },
        },
        as,
      );
    }
    for (const as of ['fr-regulator', 'us-regulator']) await submit(disputeId, as, `${as} comments`, 'PUBLIC');
    const c = await getCase(disputeId);
    expect(c.status).toBe('RULING_ISSUED');
    expect(c.securityException.assessment).toContain('not plausibly connected');
    const [reg] = await t.ds.query(`SELECT summary, rationale FROM register_entry WHERE subject_id = $1 AND kind = 'DISPUTE_RULING'`, [disputeId]);
    expect(reg.summary).toContain('security exception');
    expect(reg.rationale).toContain('Security exception: Invoked in good faith?');
  });

  it('a licence denial is contested on behalf of an institution of the filing member; the register does not name it', async () => {
    t.clock.set(T0);
    const denial = (
      await t.ok<{ recordLicenceDecision: any }>(
        RECORD_LICENCE_DECISION,
        {
          i: {
            applicant: 'Fermentis SARL',
            endUser: { name: 'Helmholtz Bioprocess Lab', country: 'DE' },
            destination: 'DE',
            taxonomyCodes: ['DT.FERM'],
            outcome: 'DENIED',
            rationale: 'end user not known to us',
          },
        },
        'fr-regulator',
      )
    ).recordLicenceDecision;
    const fileFor = (onBehalfOf: unknown, as = 'de-regulator') =>
      t.gql<{ fileDispute: any }>(
        FILE,
        {
          i: {
            contestedKind: 'LICENCE_DECISION',
            contestedId: denial.id,
            grounds: 'The same laboratory receives French grants of the same item for other suppliers: the denial is inconsistent.',
            onBehalfOf,
          },
        },
        as,
      );
    expect((await fileFor(null)).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.onBehalfOf' });
    expect(errorCode(await fileFor({ name: 'Helmholtz Bioprocess Lab', country: 'DE' }, 'fr-regulator'))).toBe('FORBIDDEN'); // its own decision
    const r = await declined('nl', ['fr'], 'fr');
    expect(
      (
        await t.gql(
          FILE,
          { i: { contestedKind: 'RECOGNITION_RESPONSE', contestedId: r.responseId, grounds: 'g', onBehalfOf: { name: 'X', country: 'NL' } } },
          'nl-regulator',
        )
      ).errors![0].extensions,
    ).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.onBehalfOf' });
    const d = (await fileFor({ name: 'Helmholtz Bioprocess Lab', country: 'DE' })).data!.fileDispute;
    expect(d.parties).toEqual([
      { role: 'COMPLAINANT', party: 'DE' },
      { role: 'RESPONDENT', party: 'FR' },
    ]);
    const who = `query($id: ID!) { disputeCase(id: $id) { contestedKind onBehalfOf { name country } } }`;
    expect((await t.ok<{ disputeCase: any }>(who, { id: d.id }, 'de-regulator')).disputeCase).toEqual({
      contestedKind: 'LICENCE_DECISION',
      onBehalfOf: { name: 'Helmholtz Bioprocess Lab', country: 'DE' },
    });
    expect((await t.ok<{ disputeCase: any }>(who, { id: d.id }, 'us-regulator')).disputeCase.onBehalfOf).toEqual({ name: null, country: 'DE' });
    await requestPanel(d.id, 'de-regulator');
    await requestPanel(d.id, 'fr-regulator');
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-no'])).errors).toBeUndefined();
    await hear(d.id, ['de-regulator', 'fr-regulator']);
    await rule(d.id, ['panelist-nz', 'panelist-sg'], 'OVERTURN', ['de-regulator', 'fr-regulator']);
    const reg = await t.ok<{ publicRegister: any }>(
      `{ publicRegister(kind: DISPUTE_RULING, first: 100) { edges { node { subjectId title summary rationale details } } } }`,
    );
    const entry = reg.publicRegister.edges.map((e: any) => e.node).find((n: any) => n.subjectId === d.id);
    expect(entry.summary).toContain('on behalf of an institution in DE');
    expect(JSON.stringify(reg)).not.toContain('Helmholtz');
    t.clock.advanceDays(31);
    await sweep();
    const applied = await t.ds.query(`SELECT rationale FROM audit_event WHERE action = 'LICENCE_DECISION.RULING_APPLIED' AND subject_id = $1`, [denial.id]);
    expect(applied).toHaveLength(1);
    expect(applied[0].rationale).toContain('FR reconsiders the application');
    t.clock.set(T0);
  });

  it('a panel near its final-ruling date is warned once; past it, the register counts the case overdue', async () => {
    t.clock.set(T0);
    const { disputeId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']);
    const stats = async () =>
      (await t.ok<{ transparencyStats: any }>(`query($c: ID!) { transparencyStats(consortiumId: $c) { overdueDisputes } }`, { c: consortiumId }))
        .transparencyStats.overdueDisputes;
    const before = await stats();
    const warnings = async () =>
      (await t.ds.query(`SELECT 1 FROM audit_event WHERE action = 'DISPUTE.RULING_DUE_WARNING' AND subject_id = $1`, [disputeId])).length;
    t.clock.set('2026-05-21T09:00:00Z'); // 8 days before the final-ruling date (policy: warn 7 days before)
    await sweep();
    expect(await warnings()).toBe(0);
    t.clock.set('2026-05-23T09:00:00Z');
    await sweep();
    await sweep();
    expect(await warnings()).toBe(1);
    expect((await getCase(disputeId)).timetable.overdue).toBe(false);
    t.clock.set('2026-05-30T09:00:00Z');
    expect((await getCase(disputeId)).timetable.overdue).toBe(true);
    expect(await stats()).toBeGreaterThanOrEqual(before + 1);
    t.clock.set(T0);
  });
});
