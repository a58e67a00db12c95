import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Consortium } from './consortium.entity';
import { Jurisdiction } from './jurisdiction.entity';
import { Field, ObjectType } from 'type-graphql';
import { DateScalar } from '../../graphql/scalars';
import { OpaqueIdColumn } from '../../graphql/entity-fields';
import { MembershipRole } from './jurisdiction.enums';

@Entity()
@Index(['consortiumId', 'jurisdictionCode'], { unique: true })
@ObjectType({ description: "A jurisdiction's membership of a consortium." })
export class Membership {
  @OpaqueIdColumn()
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
