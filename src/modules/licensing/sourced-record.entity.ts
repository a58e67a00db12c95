import { Column, CreateDateColumn, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';

/** What licensing data read from a jurisdiction's law carries: whose it is, where it was read, notes. */
@ObjectType()
export abstract class SourcedRecord {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @ManyToOne(() => Jurisdiction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jurisdiction_code' })
  jurisdictionRef?: Jurisdiction;

  @Column({ type: 'text' })
  @Field({ description: 'Source: title and URL of what was read.' })
  source: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
