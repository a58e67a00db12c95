import { Field, ID, InputType, Int } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { EndUserInput } from '../decisions/decision.inputs';
import { HumanitarianWaiverStatus } from './waiver.enums';

@InputType({ description: 'A humanitarian waiver your member sponsors.' })
export class HumanitarianWaiverInput {
  @Field(() => ID, { description: 'The consortium.' })
  consortiumId: string;

  @Field({ description: 'The humanitarian programme.' })
  programme: string;

  @Field(() => [EndUserInput], { description: 'Beneficiaries (end users).' })
  beneficiaries: EndUserInput[];

  @Field(() => [String], { description: 'Taxonomy codes of the items covered (a code covers its descendants).' })
  taxonomyCodes: string[];

  @Field(() => [String], { description: 'Destination countries (ISO 3166-1 alpha-2).' })
  destinations: string[];

  @Field(() => DateScalar, { description: 'First day of validity.' })
  validFrom: Date;

  @Field(() => DateScalar, { description: 'Last day of validity.' })
  validTo: Date;

  @Field(() => [String], { nullable: true, description: 'Conditions.' })
  conditions?: string[];

  @Field(() => Int, { nullable: true, description: 'Reports fall due every this many days (1 to 365; none when absent).' })
  reportingEveryDays?: number;

  @Field(() => Boolean, { nullable: true, description: 'Name the beneficiaries in the public register (default false: they are shown to members only).' })
  beneficiariesPublic?: boolean;

  @Field(() => String, { nullable: true, description: 'Retry key: the same key and input return the first result.' })
  idempotencyKey?: string;
}

@InputType({ description: 'Filters for humanitarianWaivers.' })
export class HumanitarianWaiverFilter {
  @Field(() => ID, { nullable: true, description: 'Consortium.' })
  consortiumId?: string;

  @Field(() => String, { nullable: true, description: 'Sponsoring member.' })
  sponsor?: string;

  @Field(() => HumanitarianWaiverStatus, { nullable: true, description: 'State.' })
  status?: HumanitarianWaiverStatus;

  @Field(() => String, { nullable: true, description: 'A member whose recognition stands.' })
  recognizedBy?: string;
}
