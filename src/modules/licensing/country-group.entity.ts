import { Column, Entity, Index } from 'typeorm';
import { Field, ObjectType } from 'type-graphql';
import { SourceConfidence } from './licensing.enums';
import { SourcedRecord } from './sourced-record.entity';

/** A named, sourced set of destinations of one jurisdiction (EU001, US A:1, CB2_X…). */
@Entity()
@Index(['jurisdictionCode', 'code'], { unique: true })
@ObjectType({
  description:
    "A named set of destinations of a jurisdiction (a general authorisation's destinations, a US Country Group or Country Chart column), with its source.",
})
export class CountryGroup extends SourcedRecord {
  @Column({ type: 'varchar', length: 40 })
  @Field({ description: 'Code, e.g. `EU001`, `A:1`, `CB2_X`.' })
  code: string;

  @Column({ type: 'text' })
  @Field({ description: 'Name.' })
  name: string;

  @Column({ type: 'text', array: true })
  @Field(() => [String], { description: 'Destinations (ISO 3166-1 alpha-2; XK for Kosovo where the source names it).' })
  destinations: string[];

  @Column({ type: 'boolean', default: false })
  @Field({ description: 'True for an embargo list (a destination in it is a catch-all trigger).' })
  embargo: boolean;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => SourceConfidence, { description: 'How the group was established.' })
  confidence: SourceConfidence;
}
