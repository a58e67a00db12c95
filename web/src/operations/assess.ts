/** The assessment page: assessTransaction. */
import type { JurisdictionRef } from './common';

export const ASSESS_TRANSACTION_QUERY = /* GraphQL */ `
  query AssessTransaction($input: TransactionInput!) {
    assessTransaction(input: $input) {
      id
      proposedTier
      tierReasons
      explanation
      destination
      endUse
      exportingJurisdiction {
        code
        name
      }
      risk {
        score
        level
        factors {
          name
          value
          weight
          evidence
        }
      }
      perMember {
        jurisdiction {
          code
          name
        }
        requirement
        reference
        referenceUrls
        confidence
        explanation
        catchAllTriggers
        applicableRecognitions {
          id
        }
        applicableWaivers {
          id
        }
        matches {
          taxonomyCode
          viaTaxonomyCode
          relation
          applies
          requirement
          reference
          entry {
            controlNumber
            title
          }
          listJurisdiction {
            code
          }
          thresholds {
            name
            required
            given
            met
          }
        }
      }
    }
  }
`;

export interface AssessThreshold {
  name: string;
  required: string;
  given: string | null;
  met: boolean | null;
}

export interface AssessMatch {
  taxonomyCode: string;
  viaTaxonomyCode: string;
  relation: string;
  applies: boolean;
  requirement: string | null;
  reference: string | null;
  entry: { controlNumber: string; title: string };
  listJurisdiction: { code: string };
  thresholds: AssessThreshold[];
}

export interface AssessMember {
  jurisdiction: JurisdictionRef;
  requirement: string;
  reference: string | null;
  referenceUrls: string[];
  confidence: string | null;
  explanation: string[];
  catchAllTriggers: string[];
  applicableRecognitions: { id: string }[];
  applicableWaivers: { id: string }[];
  matches: AssessMatch[];
}

export interface AssessTransactionData {
  assessTransaction: {
    id: string;
    proposedTier: string;
    tierReasons: string[];
    explanation: string[];
    destination: string;
    endUse: string;
    exportingJurisdiction: JurisdictionRef;
    risk: { score: number; level: string; factors: { name: string; value: number; weight: number; evidence: string[] }[] };
    perMember: AssessMember[];
  };
}
