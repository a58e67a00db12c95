import { Field, InputType } from 'type-graphql';
import { ImportFormat } from '../control-lists/control-list.enums';

@InputType({ description: 'Licensing rules of one jurisdiction, as CSV or JSON (see src/modules/licensing/rule-import.ts for the columns).' })
export class ImportLicensingRulesInput {
  @Field({ description: 'Whose rules (EU, US …).' })
  jurisdiction: string;

  @Field(() => ImportFormat, { description: 'CSV or JSON.' })
  format: ImportFormat;

  @Field({ description: "The file's content." })
  content: string;
}
