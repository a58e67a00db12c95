/**
 * Relay cursor connections. Cursors are opaque (base64url of a JSON keyset); page size is
 * capped at MAX_PAGE_SIZE.
 */
import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Max, Min } from 'class-validator';
import { ValidationError } from './errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ObjectType({ description: 'Relay page information.', simpleResolvers: true })
export class PageInfo {
  @Field({ description: 'True when more items follow this page.' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page; pass it as `after`.' })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first?: number;

  @Field(() => String, { nullable: true, description: 'Return items after this cursor.' })
  after?: string;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface ConnectionShape<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A number, or a count that runs only when GraphQL resolves the field (lazyCount). */
  totalCount: number | PromiseLike<number>;
}

/**
 * A count that runs only when awaited: GraphQL awaits `totalCount` only when it is
 * selected, so a page that does not ask for it costs no count statement. Awaited twice,
 * it runs once.
 */
export function lazyCount(count: () => Promise<number>): PromiseLike<number> {
  let started: Promise<number> | undefined;
  return {
    then(onFulfilled, onRejected) {
      started ??= count();
      return started.then(onFulfilled, onRejected);
    },
  };
}

/** Builds the `XConnection` and `XEdge` object types for a node type. */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { description: `An edge in a ${name} connection.`, simpleResolvers: true })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this item.' })
    cursor: string;

    @Field(() => nodeType, { description: 'The item.' })
    node: T;
  }

  // Not in the schema by itself: the subclass (`class XConnection extends Connection(X, 'X')`) is.
  @ObjectType({ simpleResolvers: true })
  abstract class ConnectionType implements ConnectionShape<T> {
    @Field(() => [EdgeType], { description: 'The items of this page with their cursors.' })
    edges: Edge<T>[];

    @Field(() => PageInfo, { description: 'Whether more items follow.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'Number of items matching, over all pages.' })
    totalCount: number | PromiseLike<number>;
  }
  return ConnectionType;
}

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined | null, check: (value: unknown) => value is T): T | undefined {
  if (cursor === undefined || cursor === null) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    /* fall through */
  }
  throw new ValidationError('after is not a valid cursor', 'after');
}

export function pageSize(first: number | undefined | null): number {
  if (first === undefined || first === null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw new ValidationError(`first must be between 1 and ${MAX_PAGE_SIZE}`, 'first');
  }
  return first;
}

/**
 * An edge whose cursor is encoded when it is read: most selections ask only for the last
 * one (pageInfo.endCursor), and twenty cursors showed at ~3 % of a register page's CPU.
 */
class LazyEdge<T> implements Edge<T> {
  private encoded: string | undefined;
  constructor(
    readonly node: T,
    private readonly keyOf: (row: T) => unknown,
  ) {}
  get cursor(): string {
    return (this.encoded ??= encodeCursor(this.keyOf(this.node)));
  }
}

/** Builds a connection from rows fetched with LIMIT size+1. */
export function toConnection<T>(rows: T[], size: number, totalCount: number | PromiseLike<number>, keyOf: (row: T) => unknown): ConnectionShape<T> {
  const page = rows.slice(0, size);
  const edges: Edge<T>[] = page.map((node) => new LazyEdge(node, keyOf));
  return {
    edges,
    totalCount,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
  };
}
