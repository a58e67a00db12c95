/**
 * Every GraphQL operation the explorer pages send, with the shape of its answer. Kept
 * free of DOM code so that a test can validate each operation against
 * schema/schema.graphql (test/browser/operations.test.ts): a renamed field fails there,
 * not in a reader's browser.
 */

export type LicensingTier = 'DECLARATION' | 'STANDARD' | 'ENHANCED';
export type CoverageStatus = 'CONTROLLED' | 'NOT_CONTROLLED' | 'UNKNOWN';
export type DivergenceKind = 'NOT_CONTROLLED' | 'TIER_DIFFERS' | 'THRESHOLD_DIFFERS' | 'EXCLUSION_DIFFERS' | 'UNILATERAL' | 'ONLY_KNOWN_CONTROLLER';
export type DivergenceBasis = 'RECORDED' | 'ILLUSTRATIVE';
export type Comparator = 'EQ' | 'GT' | 'GTE' | 'LT' | 'LTE';

export interface JurisdictionRef {
  code: string;
  name: string;
}

export interface Parameter {
  name: string;
  comparator: Comparator;
  value: number;
  unit: string;
}

export interface Exclusion {
  kind: string;
  description: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

// ---------------------------------------------------------------- explorer (/)

export const JURISDICTIONS_QUERY = /* GraphQL */ `
  query ExplorerJurisdictions {
    jurisdictions {
      code
      name
      kind
    }
  }
`;

export interface JurisdictionsData {
  jurisdictions: (JurisdictionRef & { kind: string })[];
}

export const SEARCH_ENTRIES_QUERY = /* GraphQL */ `
  query SearchControlEntries($filter: ControlEntryFilter, $first: Int, $after: String) {
    controlEntries(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          controlNumber
          title
          text
          tier
          tierIllustrative
          hsCodes
          jurisdiction {
            code
            name
          }
          parameters {
            name
            comparator
            value
            unit
          }
          mappings {
            status
            relation
            node {
              code
              label
            }
          }
        }
      }
    }
  }
`;

export interface SearchEntry {
  id: string;
  controlNumber: string;
  title: string;
  text: string;
  tier: LicensingTier;
  tierIllustrative: boolean;
  hsCodes: string[];
  jurisdiction: JurisdictionRef;
  parameters: Parameter[];
  mappings: { status: string; relation: string; node: { code: string; label: string } }[];
}

export interface SearchEntriesData {
  controlEntries: { totalCount: number; pageInfo: PageInfo; edges: { cursor: string; node: SearchEntry }[] };
}

export const HARMONIZED_ITEM_QUERY = /* GraphQL */ `
  query HarmonizedItem($code: String!, $consortiumId: ID, $asOf: Date) {
    harmonizedItem(code: $code, consortiumId: $consortiumId, asOf: $asOf) {
      asOf
      node {
        code
        label
        description
        hsCodes
        kind
        parent {
          code
          label
        }
      }
      consortium {
        id
        name
      }
      mostRestrictiveTier
      unilateral
      members {
        jurisdiction {
          code
          name
        }
        status
        tier
        viaChildren
        adopts {
          code
        }
      }
      controls {
        jurisdiction {
          code
        }
        listJurisdiction {
          code
          name
        }
        relation
        tier
        taxonomyCode
        tierIllustrative
        exclusionsRecorded
        entry {
          id
          controlNumber
          title
          tierIllustrative
        }
        parameters {
          name
          comparator
          value
          unit
        }
        exclusions {
          kind
          description
        }
      }
      divergences {
        kind
        jurisdictions
        detail
        basis
      }
    }
  }
`;

export interface HarmonizedControl {
  jurisdiction: { code: string };
  listJurisdiction: JurisdictionRef;
  relation: string;
  tier: LicensingTier;
  taxonomyCode: string;
  tierIllustrative: boolean;
  exclusionsRecorded: boolean;
  entry: { id: string; controlNumber: string; title: string; tierIllustrative: boolean };
  parameters: Parameter[];
  exclusions: Exclusion[];
}

export interface HarmonizedItem {
  asOf: string;
  node: { code: string; label: string; description: string; hsCodes: string[]; kind: string; parent: { code: string; label: string } | null };
  consortium: { id: string; name: string };
  mostRestrictiveTier: LicensingTier | null;
  unilateral: boolean;
  members: { jurisdiction: JurisdictionRef; status: CoverageStatus; tier: LicensingTier | null; viaChildren: string[]; adopts: { code: string } | null }[];
  controls: HarmonizedControl[];
  divergences: { kind: DivergenceKind; jurisdictions: string[]; detail: string; basis: DivergenceBasis }[];
}

export interface HarmonizedItemData {
  harmonizedItem: HarmonizedItem | null;
}

// ---------------------------------------------------------------- concordance

export const CONSORTIA_QUERY = /* GraphQL */ `
  query ExplorerConsortia {
    consortia {
      id
      name
      members {
        role
        jurisdiction {
          code
          name
        }
      }
    }
  }
`;

export interface ConsortiaData {
  consortia: { id: string; name: string; members: { role: 'MEMBER' | 'OBSERVER'; jurisdiction: JurisdictionRef }[] }[];
}

export const TAXONOMY_ROOTS_QUERY = /* GraphQL */ `
  query TaxonomyTree {
    taxonomy {
      code
      label
      children {
        code
        label
        children {
          code
          label
          children {
            code
            label
          }
        }
      }
    }
  }
`;

export interface TaxonomyTreeNode {
  code: string;
  label: string;
  children?: TaxonomyTreeNode[];
}

export interface TaxonomyData {
  taxonomy: TaxonomyTreeNode[];
}

export const CONCORDANCE_QUERY = /* GraphQL */ `
  query ConcordancePage($consortiumId: ID!, $taxonomyPrefix: String, $first: Int, $after: String, $asOf: Date) {
    concordance(consortiumId: $consortiumId, taxonomyPrefix: $taxonomyPrefix, first: $first, after: $after, asOf: $asOf) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          node {
            code
            label
          }
          cells {
            jurisdiction {
              code
              name
            }
            status
            tier
            entries {
              controlNumber
              title
              tierIllustrative
            }
            viaChildren
            adopts {
              code
            }
            licensedBy {
              code
            }
          }
        }
      }
    }
  }
`;

export interface ConcordanceCell {
  jurisdiction: JurisdictionRef;
  status: CoverageStatus;
  tier: LicensingTier | null;
  entries: { controlNumber: string; title: string; tierIllustrative: boolean }[];
  viaChildren: string[];
  adopts: { code: string } | null;
  licensedBy: { code: string }[];
}

export interface ConcordanceData {
  concordance: {
    totalCount: number;
    pageInfo: PageInfo;
    edges: { cursor: string; node: { node: { code: string; label: string }; cells: ConcordanceCell[] } }[];
  };
}

// ---------------------------------------------------------------- register
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

// ---------------------------------------------------------------- assessment

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

/** Operations the pages send, by name, for the schema test. */
export const OPERATIONS: Record<string, string> = {
  ExplorerJurisdictions: JURISDICTIONS_QUERY,
  SearchControlEntries: SEARCH_ENTRIES_QUERY,
  HarmonizedItem: HARMONIZED_ITEM_QUERY,
  ExplorerConsortia: CONSORTIA_QUERY,
  TaxonomyTree: TAXONOMY_ROOTS_QUERY,
  ConcordancePage: CONCORDANCE_QUERY,
  PublicRegister: PUBLIC_REGISTER_QUERY,
  TransparencyStats: TRANSPARENCY_STATS_QUERY,
  AssessTransaction: ASSESS_TRANSACTION_QUERY,
};

// ---------------------------------------------------------------- consistency and equity

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

OPERATIONS.ConsistencyReport = CONSISTENCY_REPORT_QUERY;
OPERATIONS.DestinationStats = DESTINATION_STATS_QUERY;
OPERATIONS.EndUserMatches = END_USER_MATCHES_QUERY;
