/** The explorer (/): jurisdictions, the control-entry search and a harmonized item. */
import type { CoverageStatus, DivergenceBasis, DivergenceKind, Exclusion, JurisdictionRef, LicensingTier, PageInfo, Parameter } from './common';

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
