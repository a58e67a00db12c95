import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Consortium } from './consortium.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';

export enum MembershipRole {
  MEMBER = 'MEMBER',
  OBSERVER = 'OBSERVER',
}
registerEnumType(MembershipRole, {
  name: 'MembershipRole',
  description: 'How a jurisdiction takes part in a consortium.',
  valuesConfig: {
    MEMBER: { description: 'A full member: files and answers requests, is bound by the policy.' },
    OBSERVER: { description: 'Follows the work without the members\' obligations (regimes, for instance).' },
  },
});

@Entity()
@Index(['consortiumId', 'jurisdictionCode'], { unique: true })
@ObjectType({ description: 'A jurisdiction\'s membership of a consortium.' })
export class Membership {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'uuid' })
  consortiumId: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @ManyToOne(() => Consortium, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consortium_id' })
  consortiumRef?: Consortium;

  @ManyToOne(() => Jurisdiction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jurisdiction_code' })
  jurisdictionRef?: Jurisdiction;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => MembershipRole, { description: 'Member or observer.' })
  role: MembershipRole;

  @Column({ type: 'date' })
  @Field(() => DateScalar, { description: 'Date the membership began.' })
  since: string;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'Date the membership ended, if it has.' })
  until: string | null;
}
