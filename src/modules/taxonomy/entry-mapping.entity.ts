import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar } from '../../graphql/scalars';
import { ControlEntry } from '../control-lists/control-entry.entity';
import { MappingRelation, MappingStatus } from './taxonomy.enums';
import { TaxonomyNode } from './taxonomy-node.entity';

/** A list entry ↔ taxonomy node link; only ACCEPTED mappings of PUBLISHED versions count. */
@Entity()
@Index(['taxonomyCode', 'status'])
@Index(['entryId'])
/* A group node's summary reads the read model harmonized_subtree, kept from these rows by triggers (migration SubtreeReadModel). */
/** The mappings on one code with the copies of their entry's columns a concordance cell shows (migration MappingCellCopies). */
@Index('idx_entry_mapping_cell', { synchronize: false })
@Index('uq_entry_mapping_live', ['entryId', 'taxonomyCode'], { unique: true, where: `status IN ('PROPOSED', 'ACCEPTED')` })
@ObjectType({ description: 'A mapping of a list entry onto a taxonomy node, with the kind of equivalence.', simpleResolvers: true })
export class EntryMapping {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  entryId: string;

  @ManyToOne(() => ControlEntry, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'entry_id' })
  entryRef?: ControlEntry;

  @Column({ type: 'varchar', length: 120 })
  @Field({ description: 'Code of the taxonomy node (what `node { code }` gives, without reading the node).' })
  taxonomyCode: string;

  @ManyToOne(() => TaxonomyNode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'taxonomy_code' })
  nodeRef?: TaxonomyNode;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => MappingRelation, { description: 'EXACT, BROADER, NARROWER, OVERLAP or RELATED.' })
  relation: MappingRelation;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => MappingStatus, { description: 'PROPOSED, ACCEPTED, REJECTED or STALE.' })
  status: MappingStatus;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "Proposer's note (e.g. how parameters compare)." })
  note: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Principal who proposed it.' })
  proposedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was proposed.' })
  proposedAt: Date;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Principal who reviewed it.' })
  reviewedById: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  @Field(() => DateTimeScalar, { nullable: true, description: 'When it was reviewed.' })
  reviewedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: "Reviewer's note." })
  reviewNote: string | null;

  /** For a STALE mapping: the entry of the newer version that replaced the mapped one. */
  @Column({ type: 'uuid', nullable: true })
  successorEntryId: string | null;

  /**
   * Copies of the mapped entry's version and tier for the harmonized views' hot read (group
   * summaries). Written only by the database (triggers of migration SubtreeMappingIndex, in the
   * transaction that inserts the mapping or changes the entry), never by the application.
   */
  @Column({ type: 'uuid', nullable: true, insert: false, update: false, select: false })
  entryVersionId?: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true, insert: false, update: false, select: false })
  entryTier?: string | null;

  /** Copies of the mapped entry's control number, title and tier_illustrative for concordance cells (triggers of migration MappingCellCopies, like the above). */
  @Column({ type: 'text', nullable: true, insert: false, update: false, select: false })
  entryControlNumber?: string | null;

  @Column({ type: 'text', nullable: true, insert: false, update: false, select: false })
  entryTitle?: string | null;

  @Column({ type: 'boolean', nullable: true, insert: false, update: false, select: false })
  entryTierIllustrative?: boolean | null;
}
