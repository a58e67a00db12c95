import { registerEnumType } from 'type-graphql';

export enum MappingRelation {
  EXACT = 'EXACT',
  BROADER = 'BROADER',
  NARROWER = 'NARROWER',
  OVERLAP = 'OVERLAP',
  RELATED = 'RELATED',
}
registerEnumType(MappingRelation, {
  name: 'MappingRelation',
  description: 'How a list entry relates to a taxonomy node (SKOS-like).',
  valuesConfig: {
    EXACT: { description: 'The entry covers exactly the node.' },
    BROADER: { description: 'The entry covers more than the node.' },
    NARROWER: { description: 'The entry covers only part of the node (e.g. a higher threshold).' },
    OVERLAP: { description: 'Each covers something the other does not.' },
    RELATED: { description: 'Related, not a control of the node as such.' },
  },
});

export enum MappingStatus {
  PROPOSED = 'PROPOSED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  STALE = 'STALE',
}
registerEnumType(MappingStatus, {
  name: 'MappingStatus',
  description: 'Review state of a mapping; STALE when the entry changed in a newer list version.',
  valuesConfig: {
    PROPOSED: { description: "Awaiting the secretariat's review." },
    ACCEPTED: { description: 'Counts in harmonized views.' },
    REJECTED: { description: 'Rejected by the reviewer.' },
    STALE: { description: 'The entry changed in a newer version; see the successor entry.' },
  },
});

export enum MappingDecision {
  ACCEPT = 'ACCEPT',
  REJECT = 'REJECT',
}
registerEnumType(MappingDecision, {
  name: 'MappingDecision',
  description: "A reviewer's decision on a proposed mapping.",
  valuesConfig: { ACCEPT: { description: 'Accept the mapping.' }, REJECT: { description: 'Reject it.' } },
});

export enum TaxonomyKind {
  EQUIPMENT = 'EQUIPMENT',
  MATERIAL = 'MATERIAL',
  BIOLOGICAL_AGENT = 'BIOLOGICAL_AGENT',
  SOFTWARE = 'SOFTWARE',
  TECHNOLOGY = 'TECHNOLOGY',
}
registerEnumType(TaxonomyKind, {
  name: 'TaxonomyKind',
  description: 'What kind of item class a taxonomy node is.',
  valuesConfig: {
    EQUIPMENT: { description: 'Equipment and its components.' },
    MATERIAL: { description: 'Materials (e.g. genetic elements, toxins as substances).' },
    BIOLOGICAL_AGENT: { description: 'Pathogens and biological agents.' },
    SOFTWARE: { description: 'Software.' },
    TECHNOLOGY: { description: 'Technology (development, production, use).' },
  },
});
