import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { CountryColumn, TextColumn, TextListColumn } from '../../graphql/entity-fields';

/** An organisation receiving exports; identified by name and country (normalised). */
@Entity()
@Index(['normalizedName', 'country'], { unique: true })
@ObjectType({ description: 'An end user: an organisation that receives controlled items.' })
export class EndUser {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @TextColumn('Name.')
  name: string;

  /** Lower-cased, whitespace-collapsed name: the natural key with country. */
  @Column({ type: 'text' })
  normalizedName: string;

  @CountryColumn('Country (ISO 3166-1 alpha-2).')
  country: string;

  @TextListColumn('Identifiers, e.g. "LEI:5299…", "DUNS:…".')
  identifiers: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When first recorded.' })
  createdAt: Date;
}

/** A member regulator's vetting of an end user. */
@Entity()
@Index(['endUserId', 'jurisdictionCode'])
@ObjectType({ description: "A member regulator's verification of an end user." })
export class EndUserVerification {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  endUserId: string;

  @ManyToOne(() => EndUser, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'end_user_id' })
  endUserRef?: EndUser;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @Column({ type: 'text', nullable: true })
  verifiedById: string | null;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was verified.' })
  verifiedAt: Date;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'Valid until.' })
  validUntil: string | null;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'What was checked.' })
  note: string;
}
