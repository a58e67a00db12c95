import { Field, ID, ObjectType } from 'type-graphql';
import { Connection } from '../../shared/pagination';
import { LicensingTier } from '../control-lists/control-list.enums';
import { LicenceDecision } from './licence-decision.entity';

@ObjectType({ description: 'A controlling entry as resolved when the decision was made.' })
export class DecisionItemEntry {
  @Field(() => ID, { description: 'Entry id.' })
  entryId: string;

  @Field({ description: 'Control number.' })
  controlNumber: string;

  @Field(() => LicensingTier, { description: 'Tier of the entry.' })
  tier: LicensingTier;
}

@ObjectType({ description: 'An item of a decision with the entries that control it in the deciding jurisdiction.' })
export class DecisionItem {
  taxonomyCode: string;

  @Field(() => [DecisionItemEntry], { description: 'Controlling entries when the decision was made (empty: not controlled there).' })
  entries: DecisionItemEntry[];
}

@ObjectType({ description: 'A page of licence decisions, newest first.' })
export class LicenceDecisionConnection extends Connection(LicenceDecision, 'LicenceDecision') {}
