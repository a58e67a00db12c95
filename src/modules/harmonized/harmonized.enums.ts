/** The harmonized views' enums: a member's coverage of an item, and the kinds and bases of divergences. */
import { registerEnumType } from 'type-graphql';

export enum CoverageStatus {
  CONTROLLED = 'CONTROLLED',
  NOT_CONTROLLED = 'NOT_CONTROLLED',
  UNKNOWN = 'UNKNOWN',
}

export enum DivergenceKind {
  NOT_CONTROLLED = 'NOT_CONTROLLED',
  TIER_DIFFERS = 'TIER_DIFFERS',
  THRESHOLD_DIFFERS = 'THRESHOLD_DIFFERS',
  EXCLUSION_DIFFERS = 'EXCLUSION_DIFFERS',
  UNILATERAL = 'UNILATERAL',
  ONLY_KNOWN_CONTROLLER = 'ONLY_KNOWN_CONTROLLER',
}

/** What a divergence rests on: recorded list facts, or tiers that are illustrative. */
export enum DivergenceBasis {
  RECORDED = 'RECORDED',
  ILLUSTRATIVE = 'ILLUSTRATIVE',
}

registerEnumType(CoverageStatus, {
  name: 'CoverageStatus',
  description: 'Whether a member controls an item.',
  valuesConfig: {
    CONTROLLED: { description: 'An accepted mapping of a published entry reaches the item.' },
    NOT_CONTROLLED: { description: "The member's list has been mapped for this part of the taxonomy and does not control it." },
    UNKNOWN: { description: "The member's list has not been mapped for this part of the taxonomy." },
  },
});
registerEnumType(DivergenceKind, {
  name: 'DivergenceKind',
  description: 'How members diverge on an item.',
  valuesConfig: {
    NOT_CONTROLLED: { description: 'Some members control it, others do not.' },
    TIER_DIFFERS: { description: 'Members license it at different tiers.' },
    THRESHOLD_DIFFERS: { description: 'Members control it above different thresholds.' },
    EXCLUSION_DIFFERS: { description: 'Members exclude different things from the control.' },
    UNILATERAL: { description: 'One member alone controls it; every other member is known not to.' },
    ONLY_KNOWN_CONTROLLER: { description: "One member is the only one known to control it; some members' lists have not been mapped there (UNKNOWN)." },
  },
});
registerEnumType(DivergenceBasis, {
  name: 'DivergenceBasis',
  description: 'What a divergence rests on.',
  valuesConfig: {
    RECORDED: { description: 'Recorded list facts.' },
    ILLUSTRATIVE: { description: "Illustrative tiers (not a member's published licensing policy)." },
  },
});
