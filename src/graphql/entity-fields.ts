/**
 * One decorator for a column and the GraphQL field it is exposed as, for the kinds of
 * column entities declare alike (the opaque id, instants, text, counts, lists, flags).
 * Each is exactly the TypeORM column and the type-graphql field it stands for; nothing here
 * is specific to disputes (emergency and recognition entities use it too).
 */
import { Column, PrimaryGeneratedColumn } from 'typeorm';
import { Field, ID, Int } from 'type-graphql';
import { DateTimeScalar } from './scalars';

type PropertyDecorator = (target: object, key: string) => void;

function both(column: PropertyDecorator, field: PropertyDecorator): PropertyDecorator {
  return (target, key) => {
    field(target, key);
    column(target, key);
  };
}

interface Nullable {
  nullable?: boolean;
}

const orNull = (o: Nullable) => (o.nullable ? { nullable: true } : {});

/** The primary key: a generated UUID, exposed as the opaque id. */
export function OpaqueIdColumn(description = 'Opaque id.'): PropertyDecorator {
  return both(
    PrimaryGeneratedColumn('uuid'),
    Field(() => ID, { description }),
  );
}

/** An instant (timestamptz), exposed as DateTime. */
export function DateTimeColumn(description: string, o: Nullable = {}): PropertyDecorator {
  return both(
    Column({ type: 'timestamptz', ...orNull(o) }),
    Field(() => DateTimeScalar, { ...orNull(o), description }),
  );
}

/** Free text, exposed as String. */
export function TextColumn(description: string, o: Nullable = {}): PropertyDecorator {
  return both(
    Column({ type: 'text', ...orNull(o) }),
    Field(() => String, { ...orNull(o), description }),
  );
}

/** A country code (ISO 3166-1 alpha-2), exposed as String. */
export function CountryColumn(description: string): PropertyDecorator {
  return both(
    Column({ type: 'varchar', length: 2 }),
    Field(() => String, { description }),
  );
}

/** A whole number, exposed as Int. */
export function IntColumn(description: string, o: { default?: number } = {}): PropertyDecorator {
  return both(
    Column({ type: 'int', ...(o.default === undefined ? {} : { default: o.default }) }),
    Field(() => Int, { description }),
  );
}

/** A list of text, empty by default, exposed as [String]. */
export function TextListColumn(description: string): PropertyDecorator {
  return both(
    Column({ type: 'text', array: true, default: () => `'{}'` }),
    Field(() => [String], { description }),
  );
}

/** A flag with a default, exposed as Boolean. */
export function FlagColumn(description: string, defaultValue: boolean): PropertyDecorator {
  return both(
    Column({ type: 'boolean', default: defaultValue }),
    Field(() => Boolean, { description }),
  );
}

/**
 * The idempotency columns of a record a creating mutation makes: the retry key as given and
 * the SHA-256 of the canonical input filed with it (src/shared/idempotency.ts).
 */
export abstract class IdempotentRecord {
  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  /** SHA-256 of the canonical input filed with idempotencyKey (src/shared/idempotency.ts). */
  @Column({ type: 'char', length: 64, nullable: true })
  idempotencyFingerprint: string | null;
}
