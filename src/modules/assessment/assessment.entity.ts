import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Consortium } from '../jurisdictions/consortium.entity';
import type { RiskPolicyData } from './risk';

/** A transaction assessment as it was computed: a decision may refer to it (`assessmentId`). */
@Entity('transaction_assessment')
@Index(['endUserId'])
export class TransactionAssessmentRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  consortiumId: string;

  @Column({ type: 'varchar', length: 8 })
  exportingJurisdiction: string;

  @Column({ type: 'varchar', length: 2 })
  destination: string;

  @Column({ type: 'varchar', length: 24 })
  endUse: string;

  @Column({ type: 'uuid', nullable: true })
  endUserId: string | null;

  @Column({ type: 'text', array: true })
  taxonomyCodes: string[];

  /** The input as given (items with their parameters). */
  @Column({ type: 'jsonb' })
  input: Record<string, unknown>;

  /** The assessment as returned (members, risk, explanation). */
  @Column({ type: 'jsonb' })
  result: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  proposedTier: string;

  @Column({ type: 'int' })
  riskScore: number;

  @Column({ type: 'varchar', length: 16 })
  riskLevel: string;

  @Column({ type: 'text', nullable: true })
  requestedById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** A consortium's published risk policy: factor weights and the thresholds of levels and tiers (data, not constants). */
@Entity()
export class RiskPolicy {
  @PrimaryColumn({ type: 'uuid' })
  consortiumId: string;

  @ManyToOne(() => Consortium, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'consortium_id' })
  consortiumRef?: Consortium;

  @Column({ type: 'jsonb' })
  policy: RiskPolicyData;

  @Column({ type: 'timestamptz' })
  publishedAt: Date;
}
