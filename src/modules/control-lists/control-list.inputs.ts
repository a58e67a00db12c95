import { Field, Float, ID, InputType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { Comparator, ExclusionKind, ImportFormat, LicensingTier } from './control-list.enums';

@InputType({ description: "A new DRAFT version, of an existing list (listId) or of a jurisdiction's list (jurisdiction + listName; created on first use)." })
export class CreateControlListVersionInput {
  @Field(() => ID, { nullable: true, description: 'The list.' })
  listId?: string;

  @Field(() => String, { nullable: true, description: 'Jurisdiction code, when listId is not given.' })
  jurisdiction?: string;

  @Field(() => String, { nullable: true, description: 'List name; needed when the jurisdiction keeps several lists or none yet.' })
  listName?: string;

  @Field(() => String, { nullable: true, description: 'Legal instrument, when the list is created.' })
  instrument?: string;

  @Field({ description: 'Version label.' })
  label: string;

  @Field(() => DateScalar, { nullable: true, description: 'Effective date (defaults to the publication date).' })
  effectiveFrom?: Date;

  @Field(() => String, { nullable: true, description: 'Citation of the legal text.' })
  source?: string;

  @Field(() => [String], { nullable: true, description: 'Taxonomy subtrees this version will be mapped for.' })
  coverage?: string[];

  @Field(() => Boolean, { nullable: true, description: 'Copy the entries of the current published version.' })
  copyFromCurrent?: boolean;
}

@InputType({ description: 'A technical threshold.' })
export class ParameterInput {
  @Field({ description: 'What is measured.' })
  name: string;

  @Field(() => Comparator, { description: 'Comparator.' })
  comparator: Comparator;

  @Field(() => Float, { description: 'Threshold value.' })
  value: number;

  @Field({ defaultValue: '', description: 'Unit (empty when dimensionless).' })
  unit: string;

  @Field(() => [String], { nullable: true, description: 'Taxonomy nodes the threshold concerns (default: every node the entry maps to).' })
  appliesTo?: string[];
}

@InputType({ description: 'Something the entry does not control.' })
export class ExclusionInput {
  @Field(() => ExclusionKind, { description: 'Kind.' })
  kind: ExclusionKind;

  @Field({ description: 'What is excluded.' })
  description: string;

  @Field(() => [String], { nullable: true, description: 'Taxonomy nodes the exclusion concerns (default: every node the entry maps to).' })
  appliesTo?: string[];
}

@InputType({ description: 'An entry to insert or replace (by control number) in a DRAFT version.' })
export class ControlEntryInput {
  @Field({ description: 'Control number.' })
  controlNumber: string;

  @Field(() => String, { nullable: true, description: 'Parent control number.' })
  parentNumber?: string;

  @Field({ description: 'Heading.' })
  title: string;

  @Field({ description: 'What it controls.' })
  text: string;

  @Field(() => [ParameterInput], { nullable: true, description: 'Thresholds.' })
  parameters?: ParameterInput[];

  @Field(() => [String], { nullable: true, description: 'Reasons for control.' })
  reasonsForControl?: string[];

  @Field(() => [String], { nullable: true, description: 'Regime references.' })
  regimeReferences?: string[];

  @Field(() => [String], { nullable: true, description: 'Indicative HS codes.' })
  hsCodes?: string[];

  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes?: string;

  @Field(() => [ExclusionInput], { nullable: true, description: 'Exclusions.' })
  exclusions?: ExclusionInput[];

  @Field(() => Boolean, { nullable: true, description: 'Whether the notes and exclusions were entered (default: true when exclusions are given).' })
  exclusionsRecorded?: boolean;

  @Field(() => LicensingTier, { description: 'Licensing tier.' })
  tier: LicensingTier;

  @Field(() => Boolean, { nullable: true, description: 'True when the tier is illustrative.' })
  tierIllustrative?: boolean;

  @Field(() => String, { nullable: true, description: 'Source citation.' })
  source?: string;
}

@InputType({ description: 'A list to import into a new DRAFT version.' })
export class ImportControlListInput {
  @Field(() => ID, { nullable: true, description: 'The list (or give jurisdiction and listName).' })
  listId?: string;

  @Field(() => String, { nullable: true, description: 'Jurisdiction code.' })
  jurisdiction?: string;

  @Field(() => String, { nullable: true, description: 'List name (created on first use).' })
  listName?: string;

  @Field(() => String, { nullable: true, description: 'Legal instrument, when the list is created.' })
  instrument?: string;

  @Field({ description: 'Version label.' })
  label: string;

  @Field(() => DateScalar, { nullable: true, description: 'Effective date.' })
  effectiveFrom?: Date;

  @Field(() => String, { nullable: true, description: 'Citation of the legal text.' })
  source?: string;

  @Field(() => [String], { nullable: true, description: 'Taxonomy subtrees covered.' })
  coverage?: string[];

  @Field(() => ImportFormat, { description: 'CSV or JSON.' })
  format: ImportFormat;

  @Field({ description: "The file's content (at most 10 MB)." })
  content: string;
}

@InputType({ description: 'Filters for controlEntries; all optional and combined with AND.' })
export class ControlEntryFilter {
  @Field(() => String, { nullable: true, description: 'Jurisdiction code; an adopting state sees the list it adopts.' })
  jurisdiction?: string;

  @Field(() => ID, { nullable: true, description: 'One version (any status you may see); otherwise only PUBLISHED versions.' })
  versionId?: string;

  @Field(() => String, { nullable: true, description: 'Full-text search (ranked); a control number matches exactly and ranks first.' })
  text?: string;

  @Field(() => String, { nullable: true, description: 'HS code prefix: 8419 finds 8419.89.' })
  hsCode?: string;

  @Field(() => LicensingTier, { nullable: true, description: 'Licensing tier.' })
  tier?: LicensingTier;

  @Field(() => String, { nullable: true, description: 'Taxonomy subtree: entries with an accepted mapping to it or below.' })
  taxonomyCode?: string;
}

/** A GraphQL Date arrives as a Date; the services take YYYY-MM-DD. */
export function isoDate(d: Date | string | undefined | null): string | null {
  if (!d) return null;
  return typeof d === 'string' ? d : d.toISOString().slice(0, 10);
}
