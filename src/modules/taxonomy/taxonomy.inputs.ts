import { Field, ID, InputType } from 'type-graphql';
import { MappingRelation, TaxonomyKind } from './taxonomy.enums';

@InputType({ description: 'A new taxonomy node.' })
export class TaxonomyNodeInput {
  @Field({ description: "Hierarchical code extending the parent's, e.g. BIO.EQP.FERMENTER." })
  code: string;

  @Field({ description: 'Label.' })
  label: string;

  @Field(() => String, { nullable: true, description: 'What belongs to the class.' })
  description?: string;

  @Field(() => TaxonomyKind, { description: 'Kind.' })
  kind: TaxonomyKind;

  @Field(() => String, { nullable: true, description: 'Parent code (null for a root).' })
  parentCode?: string;

  @Field(() => [String], { nullable: true, description: 'Indicative HS codes.' })
  hsCodes?: string[];
}

@InputType({ description: 'A proposed mapping of one of your entries onto a taxonomy node.' })
export class ProposeMappingInput {
  @Field(() => ID, { description: 'The entry.' })
  entryId: string;

  @Field({ description: 'The taxonomy node code.' })
  taxonomyCode: string;

  @Field(() => MappingRelation, { description: 'How the entry relates to the node.' })
  relation: MappingRelation;

  @Field(() => String, { nullable: true, description: 'Note, e.g. how the thresholds compare.' })
  note?: string;
}
