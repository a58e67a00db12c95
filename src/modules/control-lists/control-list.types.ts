import { Field, Int, ObjectType } from 'type-graphql';
import { JSONScalar } from '../../graphql/scalars';
import { Connection } from '../../shared/pagination';
import { ControlEntry } from './control-entry.entity';
import { ControlListVersion } from './control-list-version.entity';

@ObjectType({ description: 'A page of control entries.', simpleResolvers: true })
export class ControlEntryConnection extends Connection(ControlEntry, 'ControlEntry') {}

@ObjectType({ description: 'One field that differs between two versions of an entry.' })
export class FieldChange {
  @Field({ description: 'Field name, e.g. `parameters`, `tier`, `text`.' })
  field: string;

  @Field(() => JSONScalar, { nullable: true, description: 'Value in the older version.' })
  from: unknown;

  @Field(() => JSONScalar, { nullable: true, description: 'Value in the newer version.' })
  to: unknown;
}

@ObjectType({ description: 'An entry present in both versions with different content.' })
export class ModifiedEntry {
  @Field({ description: 'Control number.' })
  controlNumber: string;

  @Field(() => ControlEntry, { description: 'The entry in the older version.' })
  before: ControlEntry;

  @Field(() => ControlEntry, { description: 'The entry in the newer version.' })
  after: ControlEntry;

  @Field(() => [FieldChange], { description: 'What changed.' })
  changes: FieldChange[];
}

@ObjectType({ description: 'Differences between two list versions, by control number.' })
export class ListDiff {
  @Field(() => ControlListVersion, { description: 'The older version.' })
  from: ControlListVersion;

  @Field(() => ControlListVersion, { description: 'The newer version.' })
  to: ControlListVersion;

  @Field(() => [ControlEntry], { description: 'Entries only in the newer version.' })
  added: ControlEntry[];

  @Field(() => [ControlEntry], { description: 'Entries only in the older version.' })
  removed: ControlEntry[];

  @Field(() => [ModifiedEntry], { description: 'Entries in both, changed.' })
  modified: ModifiedEntry[];
}

@ObjectType({ description: 'A row that could not be imported.' })
export class ImportError {
  @Field(() => Int, { description: 'Line in the file (CSV: physical line, header = 1; JSON: position of the entry in the array, from 1).' })
  line: number;

  @Field(() => String, { nullable: true, description: 'Control number of the row, when readable.' })
  controlNumber: string | null;

  @Field({ description: 'Field at fault.' })
  field: string;

  @Field({ description: 'What is wrong.' })
  message: string;
}

@ObjectType({ description: 'Outcome of an import: the new DRAFT version, or the rows at fault (then nothing was written).' })
export class ImportResult {
  @Field({ description: 'True when the version was created.' })
  ok: boolean;

  @Field(() => ControlListVersion, { nullable: true, description: 'The new DRAFT version.' })
  version: ControlListVersion | null;

  @Field(() => Int, { description: 'Rows read.' })
  rows: number;

  @Field(() => Int, { description: 'Entries written.' })
  imported: number;

  @Field(() => [ImportError], { description: 'Row-level errors (empty when ok).' })
  errors: ImportError[];
}
