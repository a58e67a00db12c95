import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { TaxonomyKind } from './taxonomy.enums';

/** A consortium-neutral item class. Codes are hierarchical: a subtree is `code` plus `code.%`. */
@Entity()
@Index('idx_taxonomy_node_code_pattern', { synchronize: false })
@ObjectType({ description: 'A consortium-neutral item class of the shared taxonomy.' })
export class TaxonomyNode {
  @PrimaryColumn({ type: 'varchar', length: 120 })
  @Field({ description: 'Stable hierarchical code, e.g. `BIO.EQP.FERMENTER`.' })
  code: string;

  @Column({ type: 'varchar', length: 120, nullable: true })
  @Index()
  parentCode: string | null;

  @ManyToOne(() => TaxonomyNode, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_code' })
  parentRef?: TaxonomyNode;

  @Column({ type: 'text' })
  @Field({ description: 'Label.' })
  label: string;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'What belongs to this class.' })
  description: string;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => TaxonomyKind, { description: 'Equipment, material, biological agent, software or technology.' })
  kind: TaxonomyKind;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Indicative HS codes.' })
  hsCodes: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
