/** Enums of jurisdictions, consortia and memberships. */
import { registerEnumType } from 'type-graphql';

export enum JurisdictionKind {
  STATE = 'STATE',
  UNION = 'UNION',
  REGIME = 'REGIME',
}
registerEnumType(JurisdictionKind, {
  name: 'JurisdictionKind',
  description: 'What kind of body keeps a control list.',
  valuesConfig: {
    STATE: { description: 'A state (ISO 3166-1 alpha-2 code).' },
    UNION: { description: 'A union of states with a common list (EU).' },
    REGIME: { description: 'A multilateral export-control regime whose common lists national lists implement (AG, WA).' },
  },
});

export enum SilencePolicy {
  NO_ANSWER = 'NO_ANSWER',
  LAPSE = 'LAPSE',
  DEEMED_RECOGNIZED = 'DEEMED_RECOGNIZED',
  DEEMED_DECLINED = 'DEEMED_DECLINED',
}
registerEnumType(SilencePolicy, {
  name: 'SilencePolicy',
  description: "What a concerned member's silence at the recognition deadline means.",
  valuesConfig: {
    NO_ANSWER: {
      description: 'Silence is no answer (default): the outcome stands on the answers given, the silent members are listed; LAPSED only when nobody answered.',
    },
    LAPSE: { description: "Former default, kept for existing callers: read as NO_ANSWER (one silent member never voids the others' answers)." },
    DEEMED_RECOGNIZED: { description: 'Silence counts as recognition (tacit acceptance).' },
    DEEMED_DECLINED: { description: 'Silence counts as a decline.' },
  },
});

export enum MembershipRole {
  MEMBER = 'MEMBER',
  OBSERVER = 'OBSERVER',
}
registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description: 'How a jurisdiction takes part in a consortium.',
  valuesConfig: {
    MEMBER: { description: 'A full member: files and answers requests, is bound by the policy.' },
    OBSERVER: { description: "Follows the work without the members' obligations (regimes, for instance)." },
  },
});
