/**
 * assessTransaction for the assessment test files: the test app on the seeded data, the query, a fermenter item and a member's row.
 */
import { createTestApp, type TestApp } from './test-app';

export let t: TestApp;
export function useAssessmentApp(): void {
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
}

export const ASSESS = `query($input: TransactionInput!) { assessTransaction(input: $input) {
  id proposedTier tierReasons explanation destination endUse exportingJurisdiction { code }
  risk { score level factors { name value weight evidence } }
  perMember { jurisdiction { code } requirement reference referenceUrls confidence explanation catchAllTriggers
    applicableRecognitions { id } applicableWaivers { id }
    matches { entry { controlNumber } listJurisdiction { code } relation applies requirement reference thresholds { name required given met } } } } }`;

export type Member = {
  jurisdiction: { code: string };
  requirement: string;
  reference: string | null;
  catchAllTriggers: string[];
  explanation: string[];
  matches: {
    entry: { controlNumber: string };
    applies: boolean;
    thresholds: { name: string; required: string; given: string | null; met: boolean | null }[];
  }[];
};

export const fermenter = (litres: number | string, unit = 'L') => ({
  taxonomyCode: 'BIO.EQP.FERMENTER',
  parameters: [{ name: 'total internal volume', value: Number(litres), unit }],
});

export async function assess(input: Record<string, unknown>, as: string | null = 'analyst') {
  const d = await t.ok<{
    assessTransaction: {
      perMember: Member[];
      risk: { score: number; factors: { name: string; value: number; weight: number; evidence: string[] }[] };
      proposedTier: string;
      id: string;
    };
  }>(ASSESS, { input: { endUse: 'RESEARCH', ...input } }, as);
  return d.assessTransaction;
}
export const member = (a: { perMember: Member[] }, code: string) => a.perMember.find((m) => m.jurisdiction.code === code)!;
