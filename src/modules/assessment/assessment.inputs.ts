import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { EndUserInput } from '../decisions/decision.inputs';
import { EndUseCategory, RiskFactorName } from './assessment.enums';

@InputType({ description: 'A technical parameter of an item, e.g. total internal volume 50 L.' })
export class TransactionParameterInput {
  @Field({ description: 'What is measured (as named in the entries\' thresholds, e.g. "total internal volume").' })
  name: string;

  @Field(() => Float, { description: 'Value.' })
  value: number;

  @Field(() => String, { nullable: true, description: "Unit (L, mL, m3, m2, cm2, L/h, m3/h …); converted to each threshold's unit." })
  unit?: string;
}

@InputType({ description: 'An item of a transaction.' })
export class TransactionItemInput {
  @Field({ description: 'Taxonomy code, e.g. BIO.EQP.FERMENTER.' })
  taxonomyCode: string;

  @Field(() => [TransactionParameterInput], { nullable: true, description: "Technical parameters, checked against each entry's thresholds." })
  parameters?: TransactionParameterInput[];

  @Field(() => Float, { nullable: true, description: 'Quantity.' })
  quantity?: number;

  @Field(() => String, { nullable: true, description: 'Unit of the quantity.' })
  quantityUnit?: string;
}

@InputType({ description: 'A proposed export: exporting member, destination, end use, end user, items.' })
export class TransactionInput {
  @Field({ description: 'The exporting jurisdiction (a member code such as DE).' })
  exportingJurisdiction: string;

  @Field({ description: 'Destination country (ISO 3166-1 alpha-2).' })
  destination: string;

  @Field(() => EndUseCategory, { description: 'Declared end use.' })
  endUse: EndUseCategory;

  @Field(() => String, { nullable: true, description: 'End use in words.' })
  endUseText?: string;

  @Field(() => EndUserInput, { nullable: true, description: 'The end user, by name and country…' })
  endUser?: EndUserInput;

  @Field(() => ID, { nullable: true, description: '…or by id.' })
  endUserId?: string;

  @Field(() => ID, { nullable: true, description: 'Whose members are assessed (default: the only consortium).' })
  consortiumId?: string;

  @Field(() => [TransactionItemInput], { description: 'The items (at least one).' })
  items: TransactionItemInput[];
}

@InputType({ description: "A factor's weight." })
export class RiskFactorWeightInput {
  @Field(() => RiskFactorName, { description: 'Factor.' })
  factor: RiskFactorName;

  @Field(() => Float, { description: 'Weight, 0 to 1000.' })
  weight: number;
}

@InputType({ description: 'A change to the risk policy: only the fields given change.' })
export class RiskPolicyInput {
  @Field(() => [RiskFactorWeightInput], { nullable: true, description: 'Factor weights.' })
  weights?: RiskFactorWeightInput[];

  @Field(() => Int, { nullable: true, description: 'Lowest score of MEDIUM.' })
  mediumFromScore?: number;

  @Field(() => Int, { nullable: true, description: 'Lowest score of HIGH.' })
  highFromScore?: number;

  @Field(() => Int, { nullable: true, description: 'Lowest score of CRITICAL.' })
  criticalFromScore?: number;

  @Field(() => Int, { nullable: true, description: 'From this score STANDARD is proposed.' })
  standardFromScore?: number;

  @Field(() => Int, { nullable: true, description: 'From this score ENHANCED is proposed.' })
  enhancedFromScore?: number;

  @Field(() => [Int], { nullable: true, description: 'Days after an ENHANCED grant when post-shipment verifications are due.' })
  postShipmentCheckDays?: number[];

  @Field(() => Float, { nullable: true, description: 'Name similarity (0.1–1) from which end users of one country count as near-identical.' })
  nearDuplicateSimilarity?: number;
}
