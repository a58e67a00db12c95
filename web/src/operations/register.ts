/** The public register page and its transparency statistics. */
import type { JurisdictionRef, PageInfo } from './common';

// A server without the public register (an older one) answers these operations with a
// validation error; the page then says the register is not available.

export type RegisterKind = 'RECOGNITION_OUTCOME' | 'EMERGENCY_DECLARATION' | 'PROVISIONAL_AUTHORIZATION' | 'DISPUTE_RULING' | 'HUMANITARIAN_WAIVER';

export const REGISTER_KINDS: RegisterKind[] = [
  'RECOGNITION_OUTCOME',
  'EMERGENCY_DECLARATION',
  'PROVISIONAL_AUTHORIZATION',
  'DISPUTE_RULING',
  'HUMANITARIAN_WAIVER',
];

export const PUBLIC_REGISTER_QUERY = /* GraphQL */ `
  query PublicRegister($kind: RegisterKind, $consortiumId: ID, $first: Int, $after: String) {
    publicRegister(kind: $kind, consortiumId: $consortiumId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          kind
          title
          summary
          rationale
          jurisdictions
          publishedAt
        }
      }
    }
  }
`;

export interface RegisterRecord {
  id: string;
  kind: RegisterKind;
  title: string;
  summary: string;
  rationale: string;
  jurisdictions: string[];
  publishedAt: string;
}

export interface PublicRegisterData {
  publicRegister: { totalCount: number; pageInfo: PageInfo; edges: { cursor: string; node: RegisterRecord }[] };
}

export const TRANSPARENCY_STATS_QUERY = /* GraphQL */ `
  query TransparencyStats($consortiumId: ID!, $from: DateTime, $to: DateTime) {
    transparencyStats(consortiumId: $consortiumId, from: $from, to: $to) {
      from
      to
      policy {
        recognitionReviewDays
        emergencyReviewHours
      }
      members {
        jurisdiction {
          code
          name
        }
        answers
        medianDaysToAnswer
        p90DaysToAnswer
        recognitionRate
        requestsFiled
        ownRequestsRecognized
        requestsLapsed
        emergencyDecided
        emergencyDecidedInWindow
        disputesFiled
        disputesWon
        disputesLost
      }
    }
  }
`;

export interface MemberStats {
  jurisdiction: JurisdictionRef;
  answers: number;
  medianDaysToAnswer: number | null;
  p90DaysToAnswer: number | null;
  recognitionRate: number | null;
  requestsFiled: number;
  ownRequestsRecognized: number;
  requestsLapsed: number;
  emergencyDecided: number;
  emergencyDecidedInWindow: number;
  disputesFiled: number;
  disputesWon: number;
  disputesLost: number;
}

export interface TransparencyStatsData {
  transparencyStats: {
    from: string;
    to: string;
    policy: { recognitionReviewDays: number; emergencyReviewHours: number };
    members: MemberStats[];
  };
}
