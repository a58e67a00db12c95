import { Field, Int, ObjectType } from 'type-graphql';
import { ImportError } from '../control-lists/control-list.types';
import { LicensingRule } from './licensing-rule.entity';

@ObjectType({ description: 'The entries a licensing rule reaches: a control number and everything under it.' })
export class LicensingRuleEntry {
  @Field({ description: 'Control-number prefix (`2B352` reaches `2B352.b.1`); `*` for every listed item (or, on a catch-all rule, any item).' })
  controlNumber: string;

  @Field(() => [String], { description: 'Paragraphs carved out of the match.' })
  excludes: string[];
}

@ObjectType({ description: 'Outcome of a rule import: the rules written, or the rows at fault (then nothing was written).' })
export class LicensingRuleImportResult {
  @Field({ description: 'True when the rules were written.' })
  ok: boolean;

  @Field(() => Int, { description: 'Rules read.' })
  rows: number;

  @Field(() => Int, { description: 'Rule rows written (one per rule and control number).' })
  imported: number;

  @Field(() => [ImportError], { description: 'Row-level errors (empty when ok).' })
  errors: ImportError[];

  @Field(() => [LicensingRule], { description: 'The rules written.' })
  rules: LicensingRule[];
}
