import { registerEnumType } from 'type-graphql';

export enum ConsistencyFindingKind {
  SAME_END_USER_OPPOSITE_OUTCOMES = 'SAME_END_USER_OPPOSITE_OUTCOMES',
  NEAR_DUPLICATE_END_USER = 'NEAR_DUPLICATE_END_USER',
  GRANT_AFTER_DENIAL_WITHOUT_CONSULTATION = 'GRANT_AFTER_DENIAL_WITHOUT_CONSULTATION',
  DESTINATION_OUTLIER = 'DESTINATION_OUTLIER',
}
registerEnumType(ConsistencyFindingKind, {
  name: 'ConsistencyFindingKind',
  description: 'What a consistency finding is about.',
  valuesConfig: {
    SAME_END_USER_OPPOSITE_OUTCOMES: { description: 'One end user and item: granted by one member, denied by another.' },
    NEAR_DUPLICATE_END_USER: { description: 'Two end-user records whose names are near-duplicates (trigram similarity) in one country.' },
    GRANT_AFTER_DENIAL_WITHOUT_CONSULTATION: {
      description: "A grant after another member's denial of the same (or a near-duplicate) end user and item, without a recorded consultation.",
    },
    DESTINATION_OUTLIER: { description: "A member whose approval rate for a destination is far off the other members'." },
  },
});

export enum DestinationGrouping {
  REGION = 'REGION',
  INCOME_GROUP = 'INCOME_GROUP',
}
registerEnumType(DestinationGrouping, { name: 'DestinationGrouping', description: 'How destinations are grouped: World Bank region or income group.' });
