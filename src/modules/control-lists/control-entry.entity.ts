import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Field, Float, ID, ObjectType } from 'type-graphql';
import { Comparator, ExclusionKind, LicensingTier } from './control-list.enums';
import { ControlListVersion } from './control-list-version.entity';
import type { ExclusionData, ParameterData } from './control-entry.types';

@ObjectType({ description: 'A technical threshold of an entry, e.g. total internal volume ≥ 20 L.', simpleResolvers: true })
export class Parameter implements ParameterData {
  @Field({ description: 'What is measured.' })
  name: string;

  @Field(() => Comparator, { description: 'How the value is compared.' })
  comparator: Comparator;

  @Field(() => Float, { description: 'Threshold value.' })
  value: number;

  @Field({ description: 'Unit (empty when dimensionless).' })
  unit: string;

  @Field(() => [String], { nullable: true, description: 'Taxonomy nodes (with their subtrees) the threshold concerns; null: every node the entry maps to.' })
  appliesTo?: string[];
}

@ObjectType({ description: 'Something an entry expressly does not control.', simpleResolvers: true })
export class Exclusion implements ExclusionData {
  @Field(() => ExclusionKind, { description: 'Kind of exclusion.' })
  kind: ExclusionKind;

  @Field({ description: 'What is excluded.' })
  description: string;

  @Field(() => [String], { nullable: true, description: 'Taxonomy nodes (with their subtrees) the exclusion concerns; null: every node the entry maps to.' })
  appliesTo?: string[];
}

/** An entry of a list version. Full-text and trigram indexes are created by the migration. */
@Entity()
@Index(['versionId', 'controlNumber'], { unique: true })
@Index('idx_control_entry_search_tsv', { synchronize: false })
@Index('idx_control_entry_title_trgm', { synchronize: false })
@Index('idx_control_entry_number_upper', { synchronize: false })
@ObjectType({ description: 'An entry of a control list version.', simpleResolvers: true })
export class ControlEntry {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @ManyToOne(() => ControlListVersion, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  versionRef?: ControlListVersion;

  /** Whose list the entry is on, when the read that made this object had it at hand (not a column of the entry). */
  listJurisdictionCode?: string;

  @Column({ type: 'text' })
  @Field({ description: 'Control number, e.g. `2B352.b`, `1C351`, `3の2(2)2`.' })
  controlNumber: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Number of the parent entry in the list hierarchy.' })
  parentNumber: string | null;

  @Column({ type: 'text' })
  @Field({ description: 'Heading (a short paraphrase).' })
  title: string;

  @Column({ type: 'text' })
  @Field({ description: 'What the entry controls (a short paraphrase of the legal text).' })
  text: string;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  @Field(() => [Parameter], { description: 'Structured technical thresholds.' })
  parameters: ParameterData[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Reasons for control (US: CB, AT, NS, RS…).' })
  reasonsForControl: string[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Regimes the entry implements (AG, WA…).' })
  regimeReferences: string[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Indicative HS/CN codes (search hints, not an official correlation).' })
  hsCodes: string[];

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  @Field(() => [Exclusion], { description: 'What the entry does not control.' })
  exclusions: ExclusionData[];

  @Column({ type: 'boolean', default: false })
  @Field({
    description:
      "Whether the entry's notes and exclusions were fully entered: when false, its exclusions (none, or only some) are not known to be complete and are never compared with another member's.",
  })
  exclusionsRecorded: boolean;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => LicensingTier, { description: "The member's licensing tier for this entry." })
  tier: LicensingTier;

  @Column({ type: 'boolean', default: false })
  @Field({ description: "True when the tier is illustrative rather than the member's published policy." })
  tierIllustrative: boolean;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "Where the entry's facts were read." })
  source: string | null;

  /** The full-text document, kept by PostgreSQL (indexed by idx_control_entry_search_tsv); never loaded. */
  @Column({
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: `to_tsvector('english'::regconfig, control_number || ' ' || title || ' ' || text)`,
    select: false,
    insert: false,
    update: false,
    nullable: true,
  })
  searchTsv?: string;
}
