import { registerEnumType } from 'type-graphql';

/** What a member's law requires for an export (DESIGN.md, Licensing requirements and transaction assessment). */
export enum LicensingRequirement {
  NO_LICENCE = 'NO_LICENCE',
  GENERAL_AUTHORISATION = 'GENERAL_AUTHORISATION',
  LICENCE_EXCEPTION = 'LICENCE_EXCEPTION',
  INDIVIDUAL_LICENCE = 'INDIVIDUAL_LICENCE',
  PRESUMPTION_OF_DENIAL = 'PRESUMPTION_OF_DENIAL',
  NOT_CONTROLLED = 'NOT_CONTROLLED',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(LicensingRequirement, {
  name: 'LicensingRequirement',
  description: 'What a member requires for an export of an item to a destination. Rules carry the first five; an assessment adds NOT_CONTROLLED and UNKNOWN.',
  valuesConfig: {
    NO_LICENCE: { description: 'Listed, but no licence is needed for this destination.' },
    GENERAL_AUTHORISATION: { description: 'A general (open) authorisation covers it, e.g. EU001; its conditions apply.' },
    LICENCE_EXCEPTION: { description: 'A licence exception applies (US, e.g. GBS).' },
    INDIVIDUAL_LICENCE: { description: 'An individual licence is needed.' },
    PRESUMPTION_OF_DENIAL: { description: 'A licence is needed and is normally refused (or the export is prohibited).' },
    NOT_CONTROLLED: { description: "The member's list does not control the item (below every threshold, or mapped and not listed)." },
    UNKNOWN: { description: "Not determined: the member's list does not cover the item, or no rule is recorded. Never a guess." },
  },
});

/** Order of restrictiveness of the known requirements. */
export const REQUIREMENT_RANK: Record<LicensingRequirement, number> = {
  NOT_CONTROLLED: 0,
  NO_LICENCE: 1,
  LICENCE_EXCEPTION: 2,
  GENERAL_AUTHORISATION: 2,
  UNKNOWN: 3,
  INDIVIDUAL_LICENCE: 4,
  PRESUMPTION_OF_DENIAL: 5,
};

/** End uses that a catch-all (end-use) rule reacts to. */
export enum EndUseTrigger {
  WMD = 'WMD',
  MILITARY = 'MILITARY',
}
registerEnumType(EndUseTrigger, {
  name: 'EndUseTrigger',
  description: 'The end use that makes a catch-all rule apply.',
  valuesConfig: {
    WMD: { description: 'Chemical, biological or nuclear weapons or their delivery systems.' },
    MILITARY: { description: 'A military end use or end user.' },
  },
});

export enum SourceConfidence {
  CONFIRMED = 'CONFIRMED',
  SECONDARY = 'SECONDARY',
}
registerEnumType(SourceConfidence, {
  name: 'SourceConfidence',
  description: 'How a seeded fact was established.',
  valuesConfig: {
    CONFIRMED: { description: "Read in the legal text, the regime's own page or an official government page." },
    SECONDARY: { description: 'From a secondary source (law firm, consultancy, press, third-party copy of an official list).' },
  },
});
