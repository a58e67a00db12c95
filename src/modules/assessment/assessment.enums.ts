import { registerEnumType } from 'type-graphql';

export enum EndUseCategory {
  RESEARCH = 'RESEARCH',
  VACCINE_PRODUCTION = 'VACCINE_PRODUCTION',
  DIAGNOSTICS = 'DIAGNOSTICS',
  CLINICAL = 'CLINICAL',
  INDUSTRIAL = 'INDUSTRIAL',
  MILITARY = 'MILITARY',
  WMD_RELATED = 'WMD_RELATED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(EndUseCategory, {
  name: 'EndUseCategory',
  description: 'The declared end use of an export.',
  valuesConfig: {
    RESEARCH: { description: 'Research.' },
    VACCINE_PRODUCTION: { description: 'Vaccine production.' },
    DIAGNOSTICS: { description: 'Diagnostics.' },
    CLINICAL: { description: 'Clinical use.' },
    INDUSTRIAL: { description: 'Industrial production.' },
    MILITARY: { description: 'A military end use or end user (military catch-all controls).' },
    WMD_RELATED: { description: 'Related to chemical, biological or nuclear weapons or their delivery (WMD catch-all controls).' },
    UNKNOWN: { description: 'Not known.' },
  },
});

export enum RiskLevel {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}
registerEnumType(RiskLevel, { name: 'RiskLevel', description: "Level of a risk score, by the consortium's policy thresholds." });

export enum RiskFactorName {
  SEVERITY_OF_MISUSE = 'SEVERITY_OF_MISUSE',
  DIVERSION_LIKELIHOOD = 'DIVERSION_LIKELIHOOD',
  SOPHISTICATION = 'SOPHISTICATION',
  RECIPIENT_TRACK_RECORD = 'RECIPIENT_TRACK_RECORD',
  END_USE_PLAUSIBILITY = 'END_USE_PLAUSIBILITY',
  COMPLIANCE_INFRASTRUCTURE = 'COMPLIANCE_INFRASTRUCTURE',
}
registerEnumType(RiskFactorName, {
  name: 'RiskFactorName',
  description: 'The factors of the risk assessment.',
  valuesConfig: {
    SEVERITY_OF_MISUSE: { description: "From the items' controls and reasons for control." },
    DIVERSION_LIKELIHOOD: { description: "Destination governance (sourced country groups) and the members' denials to the destination." },
    SOPHISTICATION: { description: "How advanced the items are (the members' tiers of the controlling entries)." },
    RECIPIENT_TRACK_RECORD: { description: 'Decisions and denials on record for the end user (members only).' },
    END_USE_PLAUSIBILITY: { description: 'The declared end use, and whether the end user is in the destination.' },
    COMPLIANCE_INFRASTRUCTURE: { description: 'Verifications of the end user on record (members only).' },
  },
});
