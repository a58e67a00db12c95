import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Field, Int, ObjectType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { CountryGroup } from './country-group.entity';
import { EndUseTrigger, LicensingRequirement, SourceConfidence } from './licensing.enums';
import { SourcedRecord } from './sourced-record.entity';

/**
 * One licensing consequence: for the entries whose control number starts with
 * `controlNumber` (`*`: every listed item; with `endUseTrigger`: any item, listed or not)
 * exported to the destinations in scope, the requirement and its legal reference.
 * Scope: the country group, else `destinations`, else every destination; minus the
 * `exceptCountryGroups` ("JUR/CODE"). The highest `priority` wins; 90+ (sanctions) always.
 */
@Entity()
@Index(['jurisdictionCode', 'ruleKey', 'controlNumber'], { unique: true })
@Index(['jurisdictionCode', 'controlNumber'])
@ObjectType({ description: 'A licensing rule: an entry (or subtree) × a destination scope → a requirement, with its legal reference and source.' })
export class LicensingRule extends SourcedRecord {
  @Column({ type: 'varchar', length: 40 })
  @Field({ description: 'Stable key of the rule in its source data (e.g. `EU-01`); one rule may cover several control numbers.' })
  ruleKey: string;

  /** Control-number prefix (`2B352` matches `2B352.b.1`); `*` = every listed item. */
  @Column({ type: 'varchar', length: 60 })
  controlNumber: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  excludesCodes: string[];

  @Column({ type: 'uuid', nullable: true })
  countryGroupId: string | null;

  @ManyToOne(() => CountryGroup, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'country_group_id' })
  countryGroupRef?: CountryGroup;

  @Column({ type: 'text', array: true, nullable: true })
  @Field(() => [String], {
    nullable: true,
    description: 'Destinations when the rule names countries rather than a group (null with no group: every destination).',
  })
  destinations: string[] | null;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Country groups carved out of the scope, as `JUR/CODE`.' })
  exceptCountryGroups: string[];

  @Column({ type: 'varchar', length: 24 })
  @Field(() => LicensingRequirement, { description: 'What the rule requires.' })
  requirement: LicensingRequirement;

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'True when the law bans the export outright (stored as PRESUMPTION_OF_DENIAL).' })
  prohibition: boolean;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Conditions of a general authorisation or exception; when not met, the next rule applies.' })
  conditions: string[];

  @Column({ type: 'text' })
  @Field({ description: 'Legal reference: authorisation number, Country Chart column, article.' })
  reference: string;

  @Column({ type: 'int' })
  @Field(() => Int, {
    description:
      'Precedence: 0 information only; 5 fallback; 10 broad; 15 narrower authorisation; 20–25 licence; 30 review policy; 50 end-use catch-all; 90+ sanctions.',
  })
  priority: number;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => EndUseTrigger, { nullable: true, description: 'Set on a catch-all rule: it applies only for this end use, to listed and unlisted items alike.' })
  endUseTrigger: EndUseTrigger | null;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'In force from (null: in force as read, see source).' })
  effectiveFrom: string | null;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'In force until (exclusive; null: open-ended).' })
  effectiveTo: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'The item in words.' })
  appliesTo: string | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => SourceConfidence, { description: 'How the rule was established.' })
  confidence: SourceConfidence;
}
