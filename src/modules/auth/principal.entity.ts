import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Jurisdiction } from '../jurisdictions/jurisdiction.entity';
import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../../shared/role';

/** A person or system that acts in Accord; tokens name it in `sub`. */
@Entity()
@ObjectType({ description: 'Someone who acts in Accord: a secretariat officer, a regulator, a panelist or an analyst.' })
export class Principal {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id (the `sub` of its tokens).' })
  id: string;

  @Column({ type: 'text', unique: true })
  @Field({ description: 'Short unique handle, e.g. `de-bafa-regulator`.' })
  handle: string;

  @Column({ type: 'text' })
  @Field({ description: 'Display name.' })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => Role, { description: 'Role the principal acts in.' })
  role: Role;

  /** The jurisdiction a regulator acts for. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  jurisdictionCode: string | null;

  @ManyToOne(() => Jurisdiction, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jurisdiction_code' })
  jurisdictionRef?: Jurisdiction;

  @Column({ type: 'varchar', length: 2, nullable: true })
  @Field(() => String, { nullable: true, description: 'Nationality (ISO 3166-1 alpha-2); a panelist may not sit on a case of a party of this nationality.' })
  nationality: string | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Organisation the principal works for.' })
  organisation: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
