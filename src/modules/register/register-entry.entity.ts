import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeScalar, JSONScalar } from '../../graphql/scalars';
import { RegisterKind } from './register.enums';

/** Also named here for src/services.ts and src/http/feeds.ts, which import it with the entity. */

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
