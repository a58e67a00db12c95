/**
 * The compiled executor against graphql-js on a small schema: the same answers, errors as
 * graphql-js shapes them (so Apollo and format-error read them alike), bad variables found
 * before any resolver runs, the bound on kept operations, and a fallback for what cannot compile.
 */
import 'reflect-metadata';
import { buildSchema, execute, GraphQLError, Kind, parse, type DocumentNode, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { compileQuery } from 'graphql-jit';
import { compiledExecutor } from '../../src/graphql/executor';
import { NotFoundError } from '../../src/shared/errors';
import { lazyCount } from '../../src/shared/pagination';

function schemaWithCalls(): { schema: GraphQLSchema; calls: string[] } {
  const schema = buildSchema(`
    type Item { code: String!, tags: [String!]!, count: Int, fail: String }
    type Query { item(code: String!): Item, items(first: Int!): [Item!]!, missing: Item }
  `);
  const calls: string[] = [];
  const query = schema.getQueryType()!.getFields();
  const item = (code: string) => ({ code, tags: [code.toLowerCase(), 'x'], count: lazyCount(async () => code.length) });
  query.item.resolve = (_s, { code }: { code: string }) => (calls.push(`item ${code}`), item(code));
  query.items.resolve = (_s, { first }: { first: number }) => (calls.push(`items ${first}`), Array.from({ length: first }, (_, i) => item(`I${i}`)));
  query.missing.resolve = () => {
    calls.push('missing');
    throw new NotFoundError('Item', 'x');
  };
  const itemType = schema.getType('Item') as GraphQLObjectType;
  itemType.getFields().count.resolve = (i: { count: unknown }) => i.count; // a thenable: a count that runs when awaited
  itemType.getFields().fail.resolve = () => {
    throw new Error('boom');
  };
  return { schema, calls };
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

/** The operation's second run, the first compiled one (the first run is graphql-js's); fails unless it was compiled. */
async function compiledRun(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> = {}, operationName: string | null = null) {
  const compile = jest.fn(compileQuery);
  const executor = compiledExecutor({ compile });
  await executor.execute(schema, document, operationName, {}, variables);
  expect(compile).not.toHaveBeenCalled();
  const result = await executor.execute(schema, document, operationName, {}, variables);
  expect(compile).toHaveBeenCalledTimes(1);
  return result;
}

describe('compiled executor', () => {
  it('answers as graphql-js does: fragments, aliases, directives, lists and thenables', async () => {
    const { schema } = schemaWithCalls();
    const document = parse(`query($c: String!, $no: Boolean!) {
      a: item(code: $c) { ...F count }
      items(first: 3) { code tags @skip(if: $no) __typename }
    }
    fragment F on Item { code tags }`);
    const variables = { c: 'ABC', no: true };
    const compiled = await compiledRun(schema, document, variables);
    const interpreted = await execute({ schema, document, variableValues: variables });
    expect(json(compiled)).toEqual(json(interpreted));
    expect(json(compiled)).toEqual({
      data: { a: { code: 'ABC', tags: ['abc', 'x'], count: 3 }, items: [0, 1, 2].map((i) => ({ code: `I${i}`, __typename: 'Item' })) },
    });
  });

  it("a resolver's error is a graphql-js error that keeps the original error, its path and location", async () => {
    const { schema } = schemaWithCalls();
    const document = parse('{ missing { code } item(code: "Q") { code fail } }');
    const r = await compiledRun(schema, document);
    expect(r.data).toEqual({ missing: null, item: { code: 'Q', fail: null } });
    const [missing, boom] = r.errors!;
    expect(missing.constructor).toBe(GraphQLError);
    expect(missing.originalError).toBeInstanceOf(NotFoundError);
    expect(missing.path).toEqual(['missing']);
    expect(missing.locations).toEqual([{ line: 1, column: 3 }]);
    expect(missing.extensions).toEqual({}); // an object, as Apollo reads it
    expect(boom.path).toEqual(['item', 'fail']);
    expect(boom.originalError?.message).toBe('boom');
    expect(json(r.errors)).toEqual(json((await execute({ schema, document })).errors));
  });

  it('variables that do not coerce fail before any resolver runs, named by their definition as graphql-js names them', async () => {
    const { schema, calls } = schemaWithCalls();
    const document = parse('query($n: Int!) { items(first: $n) { code } }');
    const r = await compiledRun(schema, document, { n: 'many' });
    expect(calls).toEqual([]);
    expect('data' in r).toBe(false);
    expect(r.errors![0].nodes?.[0].kind).toBe(Kind.VARIABLE_DEFINITION); // what Apollo answers as BAD_USER_INPUT, status 400
    expect(json(r)).toEqual(json(await execute({ schema, document, variableValues: { n: 'many' } })));
  });

  it('compiles an operation the second time it comes, once, and keeps at most `max` documents, least recently used out first', async () => {
    const { schema } = schemaWithCalls();
    const compile = jest.fn(compileQuery);
    const executor = compiledExecutor({ max: 2, compile });
    const run = async (...documents: DocumentNode[]) => {
      for (const d of documents) expect((await executor.execute(schema, d, null, {}, {})).errors).toBeUndefined();
    };
    const [a, b, c] = ['A', 'B', 'C'].map((code) => parse(`{ item(code: "${code}") { code } }`));
    await run(a, b);
    expect(compile).not.toHaveBeenCalled(); // each run once: graphql-js
    await run(a, a, a);
    expect(compile).toHaveBeenCalledTimes(1); // a, on its second run, then kept
    await run(c); // b, the least recently used, goes
    expect(executor.size()).toBe(2);
    await run(b);
    expect(compile).toHaveBeenCalledTimes(1); // b was forgotten: a first run again
    await run(b);
    expect(compile).toHaveBeenCalledTimes(2);
    const named = parse('query One { item(code: "1") { code } } query Two { item(code: "2") { code } }');
    for (let i = 0; i < 2; i++) {
      expect((await executor.execute(schema, named, 'Two', {}, {})).data).toEqual({ item: { code: '2' } });
      expect((await executor.execute(schema, named, 'One', {}, {})).data).toEqual({ item: { code: '1' } });
    }
    expect(compile).toHaveBeenCalledTimes(4); // each operation of the document, once
    expect(executor.size()).toBe(2);
  });

  it('an operation it cannot compile is answered by graphql-js', async () => {
    const { schema } = schemaWithCalls();
    const document = parse('query One { item(code: "1") { code } } query Two { item(code: "2") { code } }');
    const r = await compiledRun(schema, document, {}, 'Three');
    expect(json(r)).toEqual(json(await execute({ schema, document, operationName: 'Three' })));
    expect(r.errors![0].message).toMatch(/Unknown operation named "Three"/);
  });
});
