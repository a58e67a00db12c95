/**
 * Who may read what: panelists reach the cases they sit on; a confidential licence decision
 * hides its destination from other members.
 */
import { createNodes } from '../support/factories';
import {
  ADD_DISPUTE_SUBMISSION,
  APPEAL_RULING,
  CAST_PANEL_VOTE,
  CONSTITUTE_PANEL,
  FILE_DISPUTE,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  RECORD_LICENCE_DECISION,
  REQUEST_PANEL,
  WITHDRAW_DISPUTE,
} from '../support/operations';
import { PANEL, pid, workflowFixtures } from '../support/workflow-fixtures';
import { useVisibilityApp, t, consortiumId } from '../support/visibility-app';

useVisibilityApp();

describe('panelists reach the cases they sit on', () => {
  const fx = workflowFixtures({ t: () => t, consortiumId: () => consortiumId, root: 'VIS', prefix: 'VP' });
  const gql = (doc: string, variables: Record<string, unknown>, as: string | null) => t.gql<any>(doc, variables, as);
  // The fixtures' grants name VIS.FERM (visibility.test.ts creates it through the API).
  beforeAll(() => createNodes(t.ds, [{ code: 'VIS' }, { code: 'VIS.FERM', parentCode: 'VIS' }]));

  /** FR asks NL; NL declines; FR contests; both ask for a panel; nz, sg and no sit on it. */
  async function frVersusNl(): Promise<{ disputeId: string; requestId: string; decisionId: string }> {
    const decisionId = await fx.grant('fr-regulator');
    const requestId = (
      await fx.ok(
        FILE_MUTUAL_RECOGNITION_REQUEST,
        {
          i: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: decisionId, concernedJurisdictions: ['NL'], justification: 'same line' },
        },
        'fr-regulator',
      )
    ).fileMutualRecognitionRequest.id;
    const r = await fx.ok(
      `mutation($i: RecognitionResponseInput!) { respondToRecognitionRequest(input: $i) { responses { id } } }`,
      { i: { requestId, decision: 'DECLINE', rationale: 'criterion 2' } },
      'nl-regulator',
    );
    const disputeId = (
      await fx.ok(
        FILE_DISPUTE,
        {
          i: {
            contestedKind: 'RECOGNITION_RESPONSE',
            contestedId: r.respondToRecognitionRequest.responses[0].id,
            grounds: 'FR grounds: confidential reasoning',
          },
        },
        'fr-regulator',
      )
    ).fileDispute.id;
    for (const as of ['fr-regulator', 'nl-regulator']) await fx.ok(REQUEST_PANEL, { id: disputeId }, as);
    await fx.ok(CONSTITUTE_PANEL, { id: disputeId, p: PANEL.map(pid) }, 'secretariat');
    return { disputeId, requestId, decisionId };
  }

  it('declaring a conflict: only on a case awaiting its panel, and a panelist not on the case gets its outline only', async () => {
    const CASE = `mutation($id: ID!) { declarePanelConflict(disputeId: $id, note: "advised a party") { id status grounds settlementTerms submissions { title } submissionCount votes { vote } rulings { outcome } ruling { outcome } panelists { id } timeline { action } } }`;
    const conflicts = async (id: string) => (await t.ds.query('SELECT count(*)::int AS n FROM dispute_conflict WHERE dispute_id = $1', [id]))[0].n;
    const awaiting = await fx.panelRequested();
    const r = await gql(CASE, { id: awaiting }, 'panelist-br');
    expect(r.errors).toBeUndefined();
    expect(r.data.declarePanelConflict).toEqual({
      id: awaiting,
      status: 'PANEL_REQUESTED',
      grounds: '',
      settlementTerms: null,
      submissions: [],
      submissionCount: 0,
      votes: [],
      rulings: [],
      ruling: null,
      panelists: [],
      timeline: [],
    });
    expect(await conflicts(awaiting)).toBe(1);
    // No standing: the panel is appointed, the case was ruled, or it is over.
    const constituted = await fx.constituted();
    const ruled = await fx.ruled();
    const withdrawn = await fx.dispute();
    await fx.ok(WITHDRAW_DISPUTE, { id: withdrawn }, 'de-regulator');
    for (const id of [constituted, ruled, withdrawn]) {
      const before = await t.ds.query('SELECT count(*)::int AS n FROM audit_event');
      const denied = await gql(CASE, { id }, 'panelist-br');
      expect({ id, code: denied.errors?.[0]?.extensions?.code, data: denied.data }).toEqual({ id, code: 'INVALID_TRANSITION', data: null });
      expect(await conflicts(id)).toBe(0);
      expect(await t.ds.query('SELECT count(*)::int AS n FROM audit_event')).toEqual(before);
    }
  });

  it('requests, decisions, applications and authorizations: only those its cases contest', async () => {
    const mine = await frVersusNl();
    const other = await fx.fileRequest('de', ['FR']);
    const otherDecision = await fx.grant('de-regulator');
    // A provisional authorization DE granted, contested by FR before the same panel; and one nobody contests.
    const contested = await fx.authorization();
    const uncontested = await fx.authorization();
    const authDispute = (
      await fx.ok(FILE_DISPUTE, { i: { contestedKind: 'PROVISIONAL_AUTHORIZATION', contestedId: contested, grounds: 'too broad' } }, 'fr-regulator')
    ).fileDispute.id;
    for (const as of ['fr-regulator', 'de-regulator']) await fx.ok(REQUEST_PANEL, { id: authDispute }, as);
    await fx.ok(CONSTITUTE_PANEL, { id: authDispute, p: PANEL.map(pid) }, 'secretariat');

    const READ = `query($r: ID!, $o: ID!, $d: ID!, $od: ID!) {
      mine: mutualRecognitionRequest(id: $r) { id } other: mutualRecognitionRequest(id: $o) { id }
      mineDecision: licenceDecision(id: $d) { id } otherDecision: licenceDecision(id: $od) { id }
      mutualRecognitionRequests(first: 100) { edges { node { id } } }
      licenceDecisions(first: 100) { edges { node { id } } }
      fastTrackApplications(first: 100) { edges { node { id authorization { id } } } }
      provisionalAuthorizations(first: 100) { edges { node { id } } } }`;
    const ids = (conn: any) => conn.edges.map((e: any) => e.node.id);
    const as = async (who: string) => {
      const r = await gql(READ, { r: mine.requestId, o: other, d: mine.decisionId, od: otherDecision }, who);
      expect(r.errors).toBeUndefined();
      const d = r.data;
      return {
        request: [!!d.mine, !!d.other],
        decision: [!!d.mineDecision, !!d.otherDecision],
        requests: [ids(d.mutualRecognitionRequests).includes(mine.requestId), ids(d.mutualRecognitionRequests).includes(other)],
        decisions: [ids(d.licenceDecisions).includes(mine.decisionId), ids(d.licenceDecisions).includes(otherDecision)],
        applications: [contested, uncontested].map((a) => d.fastTrackApplications.edges.some((e: any) => e.node.authorization?.id === a)),
        authorizations: [ids(d.provisionalAuthorizations).includes(contested), ids(d.provisionalAuthorizations).includes(uncontested)],
      };
    };
    const both = {
      request: [true, true],
      decision: [true, true],
      requests: [true, true],
      decisions: [true, true],
      applications: [true, true],
      authorizations: [true, true],
    };
    const onlyMine = {
      request: [true, false],
      decision: [true, false],
      requests: [true, false],
      decisions: [true, false],
      applications: [true, false],
      authorizations: [true, false],
    };
    const none = {
      request: [false, false],
      decision: [false, false],
      requests: [false, false],
      decisions: [false, false],
      applications: [false, false],
      authorizations: [false, false],
    };
    expect(await as('panelist-nz')).toEqual(onlyMine);
    expect(await as('panelist-br')).toEqual(none);
    for (const who of ['analyst', 'secretariat', 'de-regulator']) expect({ who, sees: await as(who) }).toEqual({ who, sees: both });
  });

  it("a first-round panelist does not read the appeal round's confidential evidence; the appeal panel reads the record", async () => {
    const { disputeId } = await frVersusNl();
    const submit = (as: string, title: string, confidentiality: string) =>
      fx.ok(ADD_DISPUTE_SUBMISSION, { i: { disputeId, title, body: `${title} body`, confidentiality } }, as);
    await submit('fr-regulator', 'FR first brief', 'PUBLIC');
    await submit('nl-regulator', 'NL licensing statistics', 'PANEL_ONLY');
    for (const as of ['panelist-nz', 'panelist-sg']) await fx.ok(CAST_PANEL_VOTE, { i: { disputeId, vote: 'UPHOLD', reasoning: 'stands' } }, as);
    // The interim report: each party comments, then the ruling issues.
    await submit('fr-regulator', 'FR comments', 'PUBLIC');
    await submit('nl-regulator', 'NL comments', 'PANEL_ONLY');
    await fx.ok(APPEAL_RULING, { id: disputeId }, 'fr-regulator');
    await fx.ok(CONSTITUTE_PANEL, { id: disputeId, p: ['panelist-br', 'panelist-za', 'panelist-de'].map(pid) }, 'secretariat');
    await submit('fr-regulator', 'FR appeal evidence', 'PANEL_ONLY');
    await submit('nl-regulator', 'NL appeal answer', 'PARTIES_AND_PANEL');
    const titles = async (as: string) =>
      (await fx.ok(`query($id: ID!) { disputeCase(id: $id) { submissions { title } } }`, { id: disputeId }, as)).disputeCase.submissions
        .map((s: any) => s.title)
        .sort();
    expect(await titles('panelist-nz')).toEqual(['FR comments', 'FR first brief', 'NL comments', 'NL licensing statistics']);
    expect(await titles('panelist-br')).toEqual([
      'FR appeal evidence',
      'FR comments',
      'FR first brief',
      'NL appeal answer',
      'NL comments',
      'NL licensing statistics',
    ]);
    expect(await titles('analyst')).toEqual(['FR comments', 'FR first brief']);
  });

  it('RecognitionRequest.auditTrail shows what auditTrail shows the caller, no more', async () => {
    const { requestId } = await frVersusNl();
    for (const who of ['nl-regulator', 'fr-regulator', 'panelist-nz', 'analyst']) {
      const r = await fx.ok(
        `query($id: ID!) { mutualRecognitionRequest(id: $id) { auditTrail { seq action } } auditTrail(subjectId: $id, first: 100) { edges { node { seq action } } } }`,
        { id: requestId },
        who,
      );
      const field = r.mutualRecognitionRequest.auditTrail.map((e: any) => e.seq).sort();
      const trail = r.auditTrail.edges.map((e: any) => e.node.seq).sort();
      expect({ who, field }).toEqual({ who, field: trail });
    }
    // The requesting member reads its own events only; the analyst reads all of them.
    const nl = await fx.ok(
      `query($id: ID!) { mutualRecognitionRequest(id: $id) { auditTrail { action actorJurisdiction } } }`,
      { id: requestId },
      'nl-regulator',
    );
    expect(nl.mutualRecognitionRequest.auditTrail.every((e: any) => e.actorJurisdiction === 'NL')).toBe(true);
  });
});

describe('confidential licence decisions', () => {
  beforeAll(() => createNodes(t.ds, [{ code: 'VISC' }, { code: 'VISC.X', parentCode: 'VISC' }]));

  it('a confidential grant hides its destination from other members', async () => {
    const id = (
      await t.ok<{ recordLicenceDecision: { id: string } }>(
        RECORD_LICENCE_DECISION,
        {
          i: {
            applicant: 'A',
            endUser: { name: 'B', country: 'SG' },
            destination: 'SG',
            taxonomyCodes: ['VISC.X'],
            outcome: 'GRANTED',
            rationale: 'r',
            confidential: true,
            validUntil: '2027-01-01',
          },
        },
        'de-regulator',
      )
    ).recordLicenceDecision.id;
    const q = `query($id: ID!) { licenceDecision(id: $id) { destination validUntil } }`;
    expect((await t.ok(q, { id }, 'fr-regulator')).licenceDecision).toEqual({ destination: null, validUntil: null });
    expect((await t.ok(q, { id }, 'de-regulator')).licenceDecision).toEqual({ destination: 'SG', validUntil: '2027-01-01' });
  });
});
