import { registerEnumType } from 'type-graphql';

export enum VersionStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  SUPERSEDED = 'SUPERSEDED',
  SCHEDULED = 'SCHEDULED',
}
registerEnumType(VersionStatus, {
  name: 'VersionStatus',
  description:
    'Life of a control-list version: DRAFT → PUBLISHED → SUPERSEDED, or DRAFT → SCHEDULED → PUBLISHED when published ahead of its effectiveFrom. Published and scheduled versions are immutable.',
  valuesConfig: {
    DRAFT: { description: 'Being edited; not visible in harmonized views.' },
    PUBLISHED: { description: 'In force; immutable.' },
    SUPERSEDED: { description: 'Replaced by a later published version.' },
    SCHEDULED: { description: 'Published with a future effectiveFrom: immutable, and takes effect (supersedes the current version) on that day.' },
  },
});

export enum LicensingTier {
  DECLARATION = 'DECLARATION',
  STANDARD = 'STANDARD',
  ENHANCED = 'ENHANCED',
}
registerEnumType(LicensingTier, {
  name: 'LicensingTier',
  description: 'How strictly a member licenses an entry (member policy, not list text).',
  valuesConfig: {
    DECLARATION: { description: 'Basic lab equipment: a simplified declaration.' },
    STANDARD: { description: 'A standard individual licence.' },
    ENHANCED: { description: 'State-of-the-art instruments: exhaustive review plus post-shipment monitoring.' },
  },
});

/** Order of restrictiveness, for "most restrictive tier". */
export const TIER_RANK: Record<LicensingTier, number> = { DECLARATION: 1, STANDARD: 2, ENHANCED: 3 };

export enum Comparator {
  GT = 'GT',
  GTE = 'GTE',
  LT = 'LT',
  LTE = 'LTE',
  EQ = 'EQ',
}
registerEnumType(Comparator, {
  name: 'Comparator',
  description: 'How a technical parameter is compared with its threshold.',
  valuesConfig: {
    GT: { description: 'greater than' },
    GTE: { description: 'greater than or equal to' },
    LT: { description: 'less than' },
    LTE: { description: 'less than or equal to' },
    EQ: { description: 'equal to' },
  },
});

export enum ExclusionKind {
  VACCINE = 'VACCINE',
  MEDICINAL_PRODUCT = 'MEDICINAL_PRODUCT',
  MEDICAL_DEVICE = 'MEDICAL_DEVICE',
  BARRIER_NURSING_ISOLATOR = 'BARRIER_NURSING_ISOLATOR',
  DIAGNOSTIC = 'DIAGNOSTIC',
  INACTIVATED_OR_ATTENUATED = 'INACTIVATED_OR_ATTENUATED',
  OTHER = 'OTHER',
}
registerEnumType(ExclusionKind, {
  name: 'ExclusionKind',
  description: 'What kind of thing an entry expressly does not control — where medical and humanitarian exemptions live.',
  valuesConfig: {
    VACCINE: { description: 'Vaccines.' },
    MEDICINAL_PRODUCT: { description: 'Authorised or pre-packaged medicinal products.' },
    MEDICAL_DEVICE: { description: 'Medical devices (e.g. cleared or CE-marked).' },
    BARRIER_NURSING_ISOLATOR: { description: 'Isolators for barrier nursing or transport of infected patients.' },
    DIAGNOSTIC: { description: 'Diagnostic kits or test items.' },
    INACTIVATED_OR_ATTENUATED: { description: 'Inactivated or attenuated agents, e.g. vaccine strains.' },
    OTHER: { description: 'Any other exclusion.' },
  },
});

export enum ImportFormat {
  CSV = 'CSV',
  JSON = 'JSON',
}
registerEnumType(ImportFormat, {
  name: 'ImportFormat',
  description: 'Format of an imported list.',
  valuesConfig: {
    CSV: { description: 'CSV with a header row (see the README for the columns).' },
    JSON: { description: 'A JSON array of entries, or { "entries": [...] }.' },
  },
});
