import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { JurisdictionRecord } from '../jurisdictions/jurisdiction-record.entity';

/** One control list per jurisdiction and legal instrument (e.g. the EU dual-use Annex I). */
@Entity()
@Index(['jurisdictionCode', 'name'], { unique: true })
@ObjectType({ description: "A jurisdiction's control list under one legal instrument, with its versions." })
export class ControlList extends JurisdictionRecord {
  @Column({ type: 'text' })
  @Field({ description: 'Name, e.g. "EU dual-use list".' })
  name: string;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'The legal instrument, e.g. "Regulation (EU) 2021/821, Annex I".' })
  instrument: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
