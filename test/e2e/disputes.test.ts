/** Dispute cases: filing and consultation, the panel, and the confidentiality of submissions. */
import { errorCode } from '../support/test-app';
import { useDisputeApp, t, T0, declined, CASE, file, requestPanel, constitute, vote, submit, getCase, toPanel } from '../support/dispute-fixtures';

useDisputeApp();

describe('filing and consultation', () => {
  it('only an affected member files; consultation starts with the policy period; parties may settle', async () => {
    t.clock.set(T0);
    const { responseId } = await declined('de', ['nl', 'fr'], 'nl');
    expect(errorCode(await file(responseId, 'us-regulator'))).toBe('FORBIDDEN'); // not affected
    expect(errorCode(await file(responseId, 'nl-regulator'))).toBe('FORBIDDEN'); // its own decision
    expect(errorCode(await file(responseId, 'secretariat'))).toBe('FORBIDDEN');
    const d = (await file(responseId, 'de-regulator')).data!.fileDispute;
    expect(d).toMatchObject({
      status: 'CONSULTATION',
      consultationEndsAt: '2026-05-01T09:00:00.000Z',
      parties: [
        { role: 'COMPLAINANT', party: 'DE' },
        { role: 'RESPONDENT', party: 'NL' },
      ],
    });
    expect(errorCode(await file(responseId, 'de-regulator'))).toBe('CONFLICT'); // one open dispute per decision
    expect(errorCode(await t.gql(`mutation($id: ID!) { settleDispute(id: $id, terms: "x") { status } }`, { id: d.id }, 'us-regulator'))).toBe('FORBIDDEN');
    const settled = await t.ok<{ settleDispute: any }>(
      `mutation($id: ID!) { settleDispute(id: $id, terms: "NL recognizes with an end-use check") { status settlementTerms closedAt } }`,
      { id: d.id },
      'nl-regulator',
    );
    expect(settled.settleDispute).toMatchObject({ status: 'SETTLED', settlementTerms: 'NL recognizes with an end-use check' });
    expect(errorCode(await requestPanel(d.id, 'de-regulator'))).toBe('INVALID_TRANSITION');
  });

  it('a panel is requested by both parties before the consultation ends, by one after it', async () => {
    t.clock.set(T0);
    const a = await declined('de', ['nl'], 'nl');
    const d1 = (await file(a.responseId, 'de-regulator')).data!.fileDispute;
    expect((await requestPanel(d1.id, 'de-regulator')).data!.requestPanel.status).toBe('CONSULTATION');
    expect((await requestPanel(d1.id, 'nl-regulator')).data!.requestPanel.status).toBe('PANEL_REQUESTED');
    const b = await declined('fr', ['nl'], 'nl');
    const d2 = (await file(b.responseId, 'fr-regulator')).data!.fileDispute;
    t.clock.set('2026-05-02T09:00:00Z');
    expect((await requestPanel(d2.id, 'fr-regulator')).data!.requestPanel.status).toBe('PANEL_REQUESTED');
    t.clock.set(T0);
  });
});

describe('panels', () => {
  it('refuses a national of a party, a declared conflict, the wrong size and anyone but the secretariat', async () => {
    t.clock.set(T0);
    const r = await declined('de', ['nl'], 'nl');
    const d = (await file(r.responseId, 'de-regulator')).data!.fileDispute;
    await requestPanel(d.id, 'de-regulator');
    await requestPanel(d.id, 'nl-regulator');
    const national = await constitute(d.id, ['panelist-nz', 'panelist-de', 'panelist-sg']);
    expect(national.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelistIds.1', handle: 'panelist-de' });
    expect(national.errors![0].message).toContain('panelist-de');
    await t.ok(`mutation($id: ID!) { declarePanelConflict(disputeId: $id, note: "advised NL on this licence") { id } }`, { id: d.id }, 'panelist-za');
    const conflict = await constitute(d.id, ['panelist-za', 'panelist-nz', 'panelist-sg']);
    expect(conflict.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelistIds.0', handle: 'panelist-za' });
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg'])).errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'panelistIds' });
    expect(errorCode(await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-no'], 'de-regulator'))).toBe('FORBIDDEN');
    expect((await constitute(d.id, ['panelist-nz', 'panelist-sg', 'panelist-no'])).errors).toBeUndefined();
    expect((await getCase(d.id)).status).toBe('PANEL_CONSTITUTED');
  });
});

describe('confidentiality of submissions', () => {
  let disputeId: string;
  beforeAll(async () => {
    t.clock.set(T0);
    ({ disputeId } = await toPanel('de', 'nl', ['panelist-nz', 'panelist-sg', 'panelist-no']));
    expect((await submit(disputeId, 'de-regulator', 'Public brief', 'PUBLIC')).errors).toBeUndefined();
    expect((await submit(disputeId, 'de-regulator', 'Shared annex SECRET-P', 'PARTIES_AND_PANEL')).errors).toBeUndefined();
    expect((await submit(disputeId, 'nl-regulator', 'Intelligence SECRET-X', 'PANEL_ONLY')).errors).toBeUndefined();
  });

  const ALL = ['PANEL_ONLY', 'PARTIES_AND_PANEL', 'PUBLIC'];
  it.each([
    ['panelist-nz', ALL],
    ['panelist-sg', ALL],
    ['de-regulator', ['PARTIES_AND_PANEL', 'PUBLIC']],
    ['nl-regulator', ['PARTIES_AND_PANEL', 'PUBLIC']],
    ['us-regulator', ['PUBLIC']],
    ['analyst', ['PUBLIC']],
    ['secretariat', ['PUBLIC']],
  ])('%s reads exactly %j', async (who, levels) => {
    const c = await getCase(disputeId, who);
    expect(c.submissions.map((s: any) => s.confidentiality).sort()).toEqual(levels);
    expect(c.submissionCount).toBe(levels.length);
  });

  it('a panelist of another case does not see this case; anonymous callers get nothing', async () => {
    expect((await t.ok(CASE, { id: disputeId }, 'panelist-br')).disputeCase).toBeNull();
    expect(errorCode(await t.gql(CASE, { id: disputeId }))).toBe('UNAUTHENTICATED');
    const list = await t.ok<{ disputeCases: any }>(`{ disputeCases { totalCount edges { node { id } } } }`, {}, 'panelist-br');
    expect(list.disputeCases.edges.map((e: any) => e.node.id)).not.toContain(disputeId);
  });

  it('no audit read leaks a confidential submission', async () => {
    const trail = await t.ok<{ auditTrail: any }>(
      `query($id: ID!) { auditTrail(subjectId: $id, first: 100) { edges { node { before after rationale } } } }`,
      { id: disputeId },
      'secretariat',
    );
    const text = JSON.stringify(trail);
    expect(text).toContain('Public brief');
    expect(text).not.toMatch(/SECRET-P|SECRET-X/);
    const nonParty = await getCase(disputeId, 'us-regulator');
    expect(JSON.stringify(nonParty)).not.toMatch(/SECRET/);
  });

  it('only parties submit; the first vote closes submissions', async () => {
    expect(errorCode(await submit(disputeId, 'us-regulator', 'x', 'PUBLIC'))).toBe('FORBIDDEN');
    expect(errorCode(await submit(disputeId, 'panelist-nz', 'x', 'PUBLIC'))).toBe('FORBIDDEN');
    await vote(disputeId, 'panelist-nz', 'UPHOLD');
    expect(errorCode(await submit(disputeId, 'de-regulator', 'late', 'PUBLIC'))).toBe('INVALID_TRANSITION');
  });
});
