import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';

/** One control list per jurisdiction and legal instrument (e.g. the EU dual-use Annex I). */
@Entity()
@Index(['jurisdictionCode', 'name'], { unique: true })
@ObjectType({ description: 'A jurisdiction\'s control list under one legal instrument, with its versions.' })
export class ControlList {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @ManyToOne(() => Jurisdiction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jurisdiction_code' })
  jurisdictionRef?: Jurisdiction;

  @Column({ type: 'text' })
  @Field({ description: 'Name, e.g. "EU dual-use list".' })
  name: string;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'The legal instrument, e.g. "Regulation (EU) 2021/821, Annex I".' })
  instrument: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
