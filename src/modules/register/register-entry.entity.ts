import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';

export enum RegisterKind {
  RECOGNITION_OUTCOME = 'RECOGNITION_OUTCOME',
  EMERGENCY_DECLARATION = 'EMERGENCY_DECLARATION',
  PROVISIONAL_AUTHORIZATION = 'PROVISIONAL_AUTHORIZATION',
  DISPUTE_RULING = 'DISPUTE_RULING',
  AUDIT_CHECKPOINT = 'AUDIT_CHECKPOINT',
  HUMANITARIAN_WAIVER = 'HUMANITARIAN_WAIVER',
}
registerEnumType(RegisterKind, {
  name: 'RegisterKind',
  description: 'Kinds of entries in the public register.',
  valuesConfig: {
    RECOGNITION_OUTCOME: { description: 'The outcome of a mutual-recognition request, with the members\' rationales.' },
    EMERGENCY_DECLARATION: { description: 'An emergency declaration (and its early end).' },
    PROVISIONAL_AUTHORIZATION: { description: 'A provisional authorization: scope, sunset, conditions, and its review.' },
    DISPUTE_RULING: { description: 'A dispute panel\'s ruling with its rationale.' },
    AUDIT_CHECKPOINT: { description: 'A signed checkpoint of the audit chain head (see auditCheckpoints, auditCheckpointKey).' },
    HUMANITARIAN_WAIVER: { description: 'A humanitarian waiver: its filing, recognitions, revocation or expiry; beneficiaries only where the sponsor marked them public.' },
  },
});

/**
 * A published rationale. Written in the same transaction as the decision it reports,
 * with confidential fields already redacted: what is here is public.
 */
@Entity()
@Index(['kind', 'publishedAt'])
@Index(['publishedAt'])
@Index(['subjectId'])
@ObjectType({ description: 'An entry of the public register: a published outcome and its rationale, confidential details redacted.', simpleResolvers: true })
export class RegisterEntry {
  @PrimaryGeneratedColumn('uuid')
  @Field(() => ID, { description: 'Opaque id.' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  @Field(() => RegisterKind, { description: 'Kind.' })
  kind: RegisterKind;

  @Column({ type: 'uuid', nullable: true })
  consortiumId: string | null;

  @Column({ type: 'uuid' })
  @Field(() => ID, { description: 'Id of the request, declaration, authorization or dispute reported.' })
  subjectId: string;

  @Column({ type: 'text' })
  @Field({ description: 'Title.' })
  title: string;

  @Column({ type: 'text' })
  @Field({ description: 'What was decided.' })
  summary: string;

  @Column({ type: 'text', default: '' })
  @Field({ description: 'The published rationale.' })
  rationale: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  @Field(() => [String], { description: 'Jurisdictions concerned.' })
  jurisdictions: string[];

  @Column({ type: 'jsonb', default: () => `'{}'` })
  @Field(() => JSONScalar, { description: 'Structured public details (scope, dates, answers…).' })
  details: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  @Field(() => DateTimeScalar, { description: 'When it was published.' })
  publishedAt: Date;
}
