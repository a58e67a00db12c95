/**
 * Data and specimen governance attestations: attached by the subject's member,
 * checked (consent basis for human specimens; genomic data need a transfer mechanism; an
 * adequacy decision must cover the storage country), visible in full to members and only
 * as existing to the public.
 */
import { RECORD_LICENCE_DECISION } from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ start: '2026-03-02T09:00:00Z' });
});
afterAll(() => t.close());

const ATTACH = `mutation($i: DataGovernanceInput!) { attachDataGovernance(input: $i) { id redacted materials consentBasis transferMechanism storageCountry benefitSharing } }`;
const READ = `query($id: ID!) { dataGovernanceAttestations(subjectKind: LICENCE_DECISION, subjectId: $id) { id redacted jurisdictionCode materials consentBasis ethicsApprovalRef transferMechanism pseudonymised storageCountry retentionUntil benefitSharing } }`;

let n = 0;
async function decision(as = 'de-regulator'): Promise<string> {
  n += 1;
  return (
    await t.ok<{ recordLicenceDecision: { id: string } }>(
      RECORD_LICENCE_DECISION,
      {
        i: {
          applicant: `Biobank ${n}`,
          endUser: { name: `Genome Centre ${n}`, country: 'KE' },
          destination: 'KE',
          taxonomyCodes: ['BIO.EQP.FERMENTER'],
          outcome: 'GRANTED',
          rationale: 'reviewed',
        },
      },
      as,
    )
  ).recordLicenceDecision.id;
}
const attestation = (subjectId: string, over: Record<string, unknown> = {}) => ({
  subjectKind: 'LICENCE_DECISION',
  subjectId,
  materials: ['HUMAN_SPECIMEN', 'GENOMIC_DATA'],
  consentBasis: 'BROAD',
  ethicsApprovalRef: 'KEMRI-SERU-4711',
  transferMechanism: 'SCC',
  pseudonymised: true,
  storageCountry: 'KE',
  retentionUntil: '2031-12-31',
  benefitSharing: 'NAGOYA_PIC_MAT',
  ...over,
});

describe('data governance attestations', () => {
  it('an attestation on a decision is visible to members and not to the public', async () => {
    const id = await decision();
    const a = (await t.ok<{ attachDataGovernance: any }>(ATTACH, { i: attestation(id) }, 'de-regulator')).attachDataGovernance;
    expect(a).toMatchObject({
      redacted: false,
      materials: ['GENOMIC_DATA', 'HUMAN_SPECIMEN'],
      consentBasis: 'BROAD',
      transferMechanism: 'SCC',
      storageCountry: 'KE',
    });
    for (const who of ['nl-regulator', 'secretariat', 'analyst']) {
      const [seen] = (await t.ok<{ dataGovernanceAttestations: any[] }>(READ, { id }, who)).dataGovernanceAttestations;
      expect(seen).toMatchObject({
        id: a.id,
        redacted: false,
        jurisdictionCode: 'DE',
        ethicsApprovalRef: 'KEMRI-SERU-4711',
        retentionUntil: '2031-12-31',
        benefitSharing: 'NAGOYA_PIC_MAT',
        pseudonymised: true,
      });
    }
    const publicView = (await t.ok<{ dataGovernanceAttestations: any[] }>(READ, { id }, null)).dataGovernanceAttestations;
    expect(publicView).toEqual([
      {
        id: a.id,
        redacted: true,
        jurisdictionCode: 'DE',
        materials: null,
        consentBasis: null,
        ethicsApprovalRef: null,
        transferMechanism: null,
        pseudonymised: null,
        storageCountry: null,
        retentionUntil: null,
        benefitSharing: null,
      },
    ]);
  });

  it('of a confidential grant, only those who may see the grant see the attestation', async () => {
    const id = (
      await t.ok<{ recordLicenceDecision: { id: string } }>(
        RECORD_LICENCE_DECISION,
        {
          i: {
            applicant: 'Biobank C',
            endUser: { name: 'Genome Centre C', country: 'KE' },
            destination: 'KE',
            taxonomyCodes: ['BIO.EQP.FERMENTER'],
            outcome: 'GRANTED',
            rationale: 'reviewed',
            confidential: true,
          },
        },
        'de-regulator',
      )
    ).recordLicenceDecision.id;
    await t.ok(ATTACH, { i: attestation(id) }, 'de-regulator');
    for (const who of ['de-regulator', 'secretariat']) {
      expect((await t.ok<{ dataGovernanceAttestations: any[] }>(READ, { id }, who)).dataGovernanceAttestations[0]).toMatchObject({
        redacted: false,
        storageCountry: 'KE',
      });
    }
    for (const who of ['nl-regulator', 'analyst']) {
      expect((await t.ok<{ dataGovernanceAttestations: any[] }>(READ, { id }, who)).dataGovernanceAttestations[0]).toMatchObject({
        redacted: true,
        storageCountry: null,
        ethicsApprovalRef: null,
      });
    }
  });

  it("only the subject's member attaches one", async () => {
    const id = await decision();
    expect(errorCode(await t.gql(ATTACH, { i: attestation(id) }, 'fr-regulator'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(ATTACH, { i: attestation(id) }, 'analyst'))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(ATTACH, { i: attestation('00000000-0000-4000-8000-000000000000') }, 'de-regulator'))).toBe('NOT_FOUND');
  });

  it.each([
    ['human specimens without a consent basis', { consentBasis: null }, 'input.consentBasis', /consent basis/],
    ['a consent waiver without its ethics approval', { consentBasis: 'ETHICS_WAIVER', ethicsApprovalRef: null }, 'input.ethicsApprovalRef', /ethics approval/],
    [
      'genomic data declared not personal',
      { materials: ['GENOMIC_DATA'], consentBasis: null, transferMechanism: 'NOT_PERSONAL_DATA' },
      'input.transferMechanism',
      /refused: human genomic data are personal data.*transfer to KE needs a transfer mechanism/,
    ],
    [
      'adequacy for a country without an adequacy decision',
      { materials: ['GENOMIC_DATA'], transferMechanism: 'ADEQUACY', storageCountry: 'KE' },
      'input.transferMechanism',
      /no adequacy decision covers KE/,
    ],
    ['no materials', { materials: [] }, 'input.materials', /material/],
    ['a storage country', { storageCountry: 'XX' }, 'input.storageCountry', /ISO/],
    ['a past retention date', { retentionUntil: '2020-01-01' }, 'input.retentionUntil', /past/],
  ])('refuses %s with the reason, naming the field', async (_name, over, field, reason) => {
    const id = await decision();
    const r = await t.gql(ATTACH, { i: attestation(id, over) }, 'de-regulator');
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(r.errors?.[0].message).toMatch(reason);
  });

  it('accepts pathogen isolates without personal data, and adequacy where a decision covers the country', async () => {
    const id = await decision();
    await t.ok(
      ATTACH,
      { i: attestation(id, { materials: ['PATHOGEN_ISOLATE'], consentBasis: null, transferMechanism: 'NOT_PERSONAL_DATA', benefitSharing: 'PIP_SMTA2' }) },
      'de-regulator',
    );
    await t.ok(ATTACH, { i: attestation(id, { materials: ['GENOMIC_DATA'], transferMechanism: 'ADEQUACY', storageCountry: 'JP' }) }, 'de-regulator');
    expect((await t.ok<{ dataGovernanceAttestations: any[] }>(READ, { id }, 'fr-regulator')).dataGovernanceAttestations).toHaveLength(2);
  });
});
