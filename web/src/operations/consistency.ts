/** The consistency and equity page: the consistency report, destination statistics and end-user matches. */
import type { JurisdictionRef } from './common';

export const CONSISTENCY_REPORT_QUERY = /* GraphQL */ `
  query ConsistencyReport($consortiumId: ID!, $from: Date, $to: Date, $taxonomyPrefix: String) {
    consistencyReport(consortiumId: $consortiumId, from: $from, to: $to, taxonomyPrefix: $taxonomyPrefix) {
      kind
      detail
      jurisdictions {
        code
        name
      }
      decisions {
        id
        outcome
        decidedAt
        jurisdiction {
          code
        }
      }
    }
  }
`;

export interface ConsistencyFindingView {
  kind: 'SAME_END_USER_OPPOSITE_OUTCOMES' | 'NEAR_DUPLICATE_END_USER' | 'GRANT_AFTER_DENIAL_WITHOUT_CONSULTATION' | 'DESTINATION_OUTLIER';
  detail: string;
  jurisdictions: JurisdictionRef[];
  decisions: { id: string; outcome: string; decidedAt: string; jurisdiction: { code: string } }[];
}

export interface ConsistencyReportData {
  consistencyReport: ConsistencyFindingView[];
}

export const DESTINATION_STATS_QUERY = /* GraphQL */ `
  query DestinationStats($consortiumId: ID!, $groupBy: DestinationGrouping!) {
    destinationStats(consortiumId: $consortiumId, groupBy: $groupBy) {
      jurisdiction {
        code
        name
      }
      group
      decisions
      grants
      denials
      approvalRate
      medianDays
      source
    }
  }
`;

export interface DestinationStatsRow {
  jurisdiction: JurisdictionRef | null;
  group: string;
  decisions: number;
  grants: number;
  denials: number;
  approvalRate: number | null;
  medianDays: number | null;
  source: string;
}

export interface DestinationStatsData {
  destinationStats: DestinationStatsRow[];
}

export const END_USER_MATCHES_QUERY = /* GraphQL */ `
  query EndUserMatches($name: String!, $country: String) {
    endUserMatches(name: $name, country: $country) {
      endUser {
        id
        name
        country
      }
      score
      denials
      verifications
    }
  }
`;

export interface EndUserMatchesData {
  endUserMatches: { endUser: { id: string; name: string; country: string }; score: number; denials: number; verifications: number }[];
}
