import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { ControlList } from './control-list.entity';
import { VersionStatus } from './control-list.enums';

/**
 * A complete version of a list. DRAFT → PUBLISHED → SUPERSEDED (or DRAFT → SCHEDULED →
 * PUBLISHED when published ahead of its effectiveFrom); a published version is immutable
 * and at most one version of a list is PUBLISHED (a partial unique index).
 */
@Entity()
@Index('uq_control_list_version_published', ['listId'], { unique: true, where: `status = 'PUBLISHED'` })
@ObjectType({ description: 'A version of a control list, in force from its effective date.' })
export class ControlListVersion {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  @Index()
  listId: string;

  @ManyToOne(() => ControlList, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'list_id' })
  listRef?: ControlList;

  @Column({ type: 'text' })
  @Field({ description: 'Label, e.g. "2024 update (Delegated Regulation (EU) 2024/2547)".' })
  label: string;

  @Column({ type: 'varchar', length: 16, default: VersionStatus.DRAFT })
  @Field(() => VersionStatus, { description: 'DRAFT, PUBLISHED, SUPERSEDED, or SCHEDULED (published ahead of its effectiveFrom).' })
  status: VersionStatus;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'Date the version takes effect.' })
  effectiveFrom: string | null;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'Date a later version replaced it.' })
  effectiveTo: string | null;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'Citation of the legal text this version reproduces.' })
  source: string;

  /** Taxonomy subtrees (code prefixes) this version has been mapped for. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Taxonomy subtrees this version has been fully mapped for; elsewhere the member shows as UNKNOWN.' })
  coverage: string[];

  @Column({ type: 'uuid', nullable: true })
  basedOnVersionId: string | null;

  @Column({ type: 'text', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When the version was created.' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was published.' })
  publishedAt: Date | null;
}
