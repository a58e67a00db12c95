import { Column, CreateDateColumn } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { JurisdictionRecord } from '../jurisdictions/jurisdiction-record.entity';

/** What licensing data read from a jurisdiction's law carries: whose it is, where it was read, notes. */
@ObjectType()
export abstract class SourcedRecord extends JurisdictionRecord {
  @Column({ type: 'text' })
  @Field({ description: 'Source: title and URL of what was read.' })
  source: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Notes.' })
  notes: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
