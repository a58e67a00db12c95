import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Field, ID, ObjectType } from 'type-graphql';
import { JurisdictionKind } from './jurisdiction.enums';

/** Also named here for src/cli/import.ts, which imports it with the entity. */

@Entity()
@ObjectType({ description: 'A state, union or regime that keeps (or adopts) a control list.' })
export class Jurisdiction {
  @PrimaryColumn({ type: 'varchar', length: 8 })
  @Field(() => ID, { description: 'ISO 3166-1 alpha-2 code, `EU`, or a regime code (`AG`, `WA`).' })
  code: string;

  @Column({ type: 'text' })
  @Field({ description: 'Name.' })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => JurisdictionKind, { description: 'State, union or regime.' })
  kind: JurisdictionKind;

  /** Code of the jurisdiction whose list this one applies (DE, FR, NL apply the EU list). */
  @Column({ type: 'varchar', length: 8, nullable: true })
  adoptsCode: string | null;

  @ManyToOne(() => Jurisdiction, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'adopts_code' })
  adoptsRef?: Jurisdiction;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'How the adopted list is applied, e.g. "applies EU Regulation 2021/821 Annex I directly, plus national additions".',
  })
  adoptionNote: string | null;
}
