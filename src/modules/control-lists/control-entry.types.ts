/**
 * The plain shape of a control entry as it comes in (GraphQL input, CSV/JSON import,
 * seeds) and is stored. One validator (control-entry.validate.ts) checks it for all of them.
 */
import type { Comparator, ExclusionKind, LicensingTier } from './control-list.enums';

export interface ParameterData {
  /** What is measured, e.g. "total internal volume". */
  name: string;
  comparator: Comparator;
  value: number;
  /** Unit, e.g. "L", "L/h", "m3/h", "nt", "parameters"; empty string when dimensionless. */
  unit: string;
  /** Taxonomy nodes (with their subtrees) the threshold concerns; absent: every node the entry maps to. */
  appliesTo?: string[];
}

export interface ExclusionData {
  kind: ExclusionKind;
  description: string;
  /** Taxonomy nodes (with their subtrees) the exclusion concerns; absent: every node the entry maps to. */
  appliesTo?: string[];
}

export interface ControlEntryData {
  controlNumber: string;
  parentNumber?: string | null;
  title: string;
  text: string;
  parameters?: ParameterData[];
  reasonsForControl?: string[];
  regimeReferences?: string[];
  hsCodes?: string[];
  notes?: string | null;
  exclusions?: ExclusionData[];
  /** Whether the entry's notes and exclusions were fully entered (an empty list then means none; false: not known to be complete). Default: true when exclusions are given. */
  exclusionsRecorded?: boolean;
  tier: LicensingTier;
  /** True when the tier is illustrative (tiers are member policy, not list text). */
  tierIllustrative?: boolean;
  /** Where the entry's facts were read. */
  source?: string | null;
}
