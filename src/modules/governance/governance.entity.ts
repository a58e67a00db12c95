import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateScalar, DateTimeScalar } from '../../graphql/scalars';
import { BenefitSharing, ConsentBasis, GovernedMaterial, GovernedSubjectKind, TransferMechanism } from './governance.enums';

/**
 * A data and specimen governance attestation attached by the subject's member to
 * a licence decision, recognition request, fast-track application or humanitarian waiver.
 * Members see it in full; the public sees only that one exists (the detail fields are null).
 */
@Entity()
@Index(['subjectKind', 'subjectId'])
@ObjectType({ description: 'A data and specimen governance attestation. Members see it in full; for anyone else only its existence (the details are null).' })
export class DataGovernanceAttestation {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => GovernedSubjectKind, { description: 'What it is attached to.' })
  subjectKind: GovernedSubjectKind;

  @Column({ type: 'uuid' })
  @Field(() => ID, { description: 'The decision, request, application or waiver.' })
  subjectId: string;

  @Column({ type: 'varchar', length: 8 })
  @Field({ description: 'The attesting member.' })
  jurisdictionCode: string;

  @Column({ type: 'text', array: true })
  @Field(() => [GovernedMaterial], { nullable: true, description: 'Materials (members only).' })
  materials: GovernedMaterial[] | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  @Field(() => ConsentBasis, { nullable: true, description: 'Consent basis (members only).' })
  consentBasis: ConsentBasis | null;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Ethics approval reference (members only).' })
  ethicsApprovalRef: string | null;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => TransferMechanism, { nullable: true, description: 'Transfer mechanism (members only).' })
  transferMechanism: TransferMechanism | null;

  @Column({ type: 'boolean' })
  @Field(() => Boolean, { nullable: true, description: 'Whether the data are pseudonymised (members only).' })
  pseudonymised: boolean | null;

  @Column({ type: 'varchar', length: 2 })
  @Field(() => String, { nullable: true, description: 'Where the data and specimens are stored (members only).' })
  storageCountry: string | null;

  @Column({ type: 'date', nullable: true })
  @Field(() => DateScalar, { nullable: true, description: 'Kept until (members only).' })
  retentionUntil: string | null;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => BenefitSharing, { nullable: true, description: 'Benefit-sharing arrangement (members only).' })
  benefitSharing: BenefitSharing | null;

  @Field({ description: 'True when the details are withheld from the caller.' })
  redacted: boolean;

  @Column({ type: 'text', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was attested.' })
  createdAt: Date;
}
