/**
 * Consistency and equity reports: consistencyReport findings, endUserMatches
 * (trigram similarity), the no-undercut flag for near-duplicate end users, and
 * destinationStats by region and income group from the sourced country table.
 */
import { CONSORTIUM_IDS } from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
beforeAll(async () => {
  t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
});
afterAll(() => t.close());

const DECIDE = `mutation($input: LicenceDecisionInput!) { recordLicenceDecision(input: $input) { id nearDuplicateDenials { denialId endUserName similarity deniedByJurisdiction { code } } } }`;
const REPORT = `query($c: ID!, $p: String) { consistencyReport(consortiumId: $c, taxonomyPrefix: $p) { kind jurisdictions { code } decisions { id outcome jurisdiction { code } } detail } }`;
const MATCHES = `query($n: String!, $c: String) { endUserMatches(name: $n, country: $c) { endUser { id name country } score denials verifications } }`;
const STATS = `query($c: ID!, $g: DestinationGrouping!) { destinationStats(consortiumId: $c, groupBy: $g) { jurisdiction { code } group decisions grants denials approvalRate medianDays source } }`;

async function decide(
  as: string,
  endUser: { name: string; country: string },
  outcome: string,
  taxonomyCodes = ['BIO.EQP.FERMENTER'],
  destination = endUser.country,
) {
  const input = { applicant: 'Exporter', endUser, destination, taxonomyCodes, outcome, rationale: outcome === 'DENIED' ? 'diversion risk' : 'reviewed' };
  return (await t.ok<{ recordLicenceDecision: any }>(DECIDE, { input }, as)).recordLicenceDecision;
}
const report = async (as = 'secretariat') => (await t.ok<{ consistencyReport: any[] }>(REPORT, { c: consortiumId, p: 'BIO.EQP' }, as)).consistencyReport;

describe('consistency report', () => {
  it('a DE grant and an FR denial for the same end user and item: SAME_END_USER_OPPOSITE_OUTCOMES', async () => {
    const g = await decide('de-regulator', { name: 'Makerere Biotech Unit', country: 'UG' }, 'GRANTED');
    const d = await decide('fr-regulator', { name: 'Makerere Biotech Unit', country: 'UG' }, 'DENIED');
    const f = (await report()).find((x) => x.kind === 'SAME_END_USER_OPPOSITE_OUTCOMES' && x.decisions.some((y: any) => y.id === g.id));
    expect(f).toBeDefined();
    expect(f.jurisdictions.map((j: any) => j.code)).toEqual(['DE', 'FR']);
    expect(f.decisions.map((y: any) => y.id).sort()).toEqual([g.id, d.id].sort());
    expect(f.detail).toMatch(/granted by DE, denied by FR/);
  });

  it('two spellings of one institution: NEAR_DUPLICATE_END_USER, and endUserMatches finds both with the denial', async () => {
    await decide('de-regulator', { name: 'Institut Pasteur de Dakar', country: 'SN' }, 'GRANTED');
    await decide('nl-regulator', { name: 'Institut Pasteur  Dakar ', country: 'SN' }, 'DENIED');
    const f = (await report('analyst')).find((x) => x.kind === 'NEAR_DUPLICATE_END_USER' && x.detail.includes('Institut Pasteur de Dakar'));
    expect(f).toBeDefined();
    expect(f.jurisdictions.map((j: any) => j.code)).toEqual(['DE', 'NL']);
    const matches = (await t.ok<{ endUserMatches: any[] }>(MATCHES, { n: 'Institut Pasteur', c: 'SN' }, 'fr-regulator')).endUserMatches;
    expect(matches.map((m) => m.endUser.name)).toEqual(expect.arrayContaining(['Institut Pasteur de Dakar', 'Institut Pasteur  Dakar']));
    expect(matches.find((m) => m.endUser.name === 'Institut Pasteur  Dakar').denials).toBe(1);
    expect(matches.every((m) => m.score >= 0.3 && m.score <= 1)).toBe(true);
    expect((await t.ok<{ endUserMatches: any[] }>(MATCHES, { n: 'Institut Pasteur', c: 'KE' }, 'analyst')).endUserMatches).toEqual([]);
  });

  it("endUserMatches names no end user known only from another member's confidential grant", async () => {
    const input = {
      applicant: 'Exporter',
      endUser: { name: 'Quiet Harbour Genomics', country: 'TZ' },
      destination: 'TZ',
      taxonomyCodes: ['BIO.EQP.FERMENTER'],
      outcome: 'GRANTED',
      rationale: 'reviewed',
      confidential: true,
    };
    await t.ok(DECIDE, { input }, 'de-regulator');
    const names = async (as: string) =>
      (await t.ok<{ endUserMatches: any[] }>(MATCHES, { n: 'Quiet Harbour Genomics', c: 'TZ' }, as)).endUserMatches.map((m) => m.endUser.name);
    expect(await names('fr-regulator')).toEqual([]);
    expect(await names('analyst')).toEqual([]);
    expect(await names('de-regulator')).toEqual(['Quiet Harbour Genomics']);
    expect(await names('secretariat')).toEqual(['Quiet Harbour Genomics']);
  });

  it('no-undercut flags a grant to a near-duplicate of a denied end user; the report lists the grant without consultation', async () => {
    const d = await decide('fr-regulator', { name: 'Instituto Nacional de Salud', country: 'PE' }, 'DENIED');
    t.clock.set('2026-03-05T09:00:00Z');
    const g = await decide('de-regulator', { name: 'Instituto Nacional de Salud Lima', country: 'PE' }, 'GRANTED');
    expect(g.nearDuplicateDenials).toEqual([
      { denialId: d.id, endUserName: 'Instituto Nacional de Salud', similarity: expect.any(Number), deniedByJurisdiction: { code: 'FR' } },
    ]);
    const f = (await report()).find((x) => x.kind === 'GRANT_AFTER_DENIAL_WITHOUT_CONSULTATION' && x.decisions.some((y: any) => y.id === g.id));
    expect(f).toMatchObject({ jurisdictions: [{ code: 'DE' }, { code: 'FR' }] });
    expect(f.detail).toMatch(/near-duplicate/);
    // An exact-name grant is still refused outright (the no-undercut rule).
    const refused = await t.gql(
      DECIDE,
      {
        input: {
          applicant: 'X',
          endUser: { name: 'Instituto Nacional de Salud', country: 'PE' },
          destination: 'PE',
          taxonomyCodes: ['BIO.EQP.FERMENTER'],
          outcome: 'GRANTED',
          rationale: 'r',
        },
      },
      'nl-regulator',
    );
    expect(errorCode(refused)).toBe('CONFLICT');
  });

  it('a member far off the others for a destination: DESTINATION_OUTLIER', async () => {
    for (let i = 0; i < 2; i += 1) await decide('nl-regulator', { name: `Zambia Lab N${i}`, country: 'ZM' }, 'DENIED');
    for (let i = 0; i < 2; i += 1) await decide('de-regulator', { name: `Zambia Lab D${i}`, country: 'ZM' }, 'GRANTED');
    const f = (await report()).find((x) => x.kind === 'DESTINATION_OUTLIER' && x.jurisdictions[0].code === 'NL' && x.detail.includes('ZM'));
    expect(f.detail).toBe('NL approved 0% of 2 decisions for ZM; the other members 100% of 2');
  });

  it('members only; bad input names the field', async () => {
    expect(errorCode(await t.gql(REPORT, { c: consortiumId }, null))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(MATCHES, { n: 'x' }, 'panelist-nz'))).toBe('FORBIDDEN');
    expect((await t.gql(REPORT, { c: consortiumId, p: 'not a code' }, 'analyst')).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'taxonomyPrefix',
    });
    expect((await t.gql(MATCHES, { n: ' ', c: 'SN' }, 'analyst')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    expect((await t.gql(MATCHES, { n: 'x', c: 'XX' }, 'analyst')).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' });
  });
});

describe('destinationStats', () => {
  it('returns rows by region, UNKNOWN where no sourced region exists, and by income group', async () => {
    await decide('de-regulator', { name: 'Lima Genomics', country: 'PE' }, 'GRANTED');
    const rows = (await t.ok<{ destinationStats: any[] }>(STATS, { c: consortiumId, g: 'REGION' }, 'analyst')).destinationStats;
    const africaAll = rows.find((r) => r.group === 'Sub-Saharan Africa' && r.jurisdiction === null);
    expect(africaAll.decisions).toBeGreaterThanOrEqual(6);
    expect(africaAll.grants + africaAll.denials).toBe(africaAll.decisions);
    const nlAfrica = rows.find((r) => r.group === 'Sub-Saharan Africa' && r.jurisdiction?.code === 'NL');
    expect(nlAfrica).toMatchObject({ approvalRate: 0 });
    expect(rows.some((r) => r.group === 'UNKNOWN')).toBe(true); // Peru's region is not sourced
    expect(rows[0].source).toMatch(/World Bank/);
    const income = (await t.ok<{ destinationStats: any[] }>(STATS, { c: consortiumId, g: 'INCOME_GROUP' }, 'analyst')).destinationStats;
    expect(income.find((r) => r.group === 'Upper middle income' && r.jurisdiction?.code === 'DE')).toBeDefined();
    expect(income.some((r) => r.group === 'UNKNOWN')).toBe(false);
  });
});
