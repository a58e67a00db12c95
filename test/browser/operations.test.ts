/**
 * Every GraphQL operation the explorer pages send is valid against the checked-in schema
 * (schema/schema.graphql), so a renamed field fails here rather than in a reader's browser.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { OPERATIONS } from '../../web/src/operations';

const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8'));

describe('explorer operations', () => {
  it.each(Object.entries(OPERATIONS))('%s is valid against the schema', (name, source) => {
    const doc = parse(source);
    expect(validate(schema, doc).map((e) => e.message)).toEqual([]);
    expect(doc.definitions).toHaveLength(1);
    const op = doc.definitions[0];
    expect(op.kind === 'OperationDefinition' && op.name?.value).toBe(name);
  });
});
