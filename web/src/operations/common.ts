/** Types the pages' operations share. */
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
