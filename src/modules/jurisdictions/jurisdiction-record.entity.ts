import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { ObjectType } from 'type-graphql';
import { OpaqueIdColumn } from '../../graphql/entity-fields';
import { Jurisdiction } from './jurisdiction.entity';

/** A row one jurisdiction keeps: its id and the jurisdiction's code, which the jurisdiction cannot be deleted under. */
@ObjectType()
export abstract class JurisdictionRecord {
  @OpaqueIdColumn()
  id: string;

  @Column({ type: 'varchar', length: 8 })
  jurisdictionCode: string;

  @ManyToOne(() => Jurisdiction, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'jurisdiction_code' })
  jurisdictionRef?: Jurisdiction;
}
