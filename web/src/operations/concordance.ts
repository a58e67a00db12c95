/** The concordance page: consortia, the taxonomy tree and the concordance grid. */
import type { CoverageStatus, JurisdictionRef, LicensingTier, PageInfo } from './common';

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
