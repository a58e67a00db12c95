import fs from 'node:fs';
import path from 'node:path';
import { printAppSchema } from '../../src/app/schema';

describe('schema/schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:emit` after changing the API)', async () => {
    const checkedIn = fs.readFileSync(path.resolve(__dirname, '../../schema/schema.graphql'), 'utf8');
    expect(checkedIn).toBe(await printAppSchema());
  });

  it('describes every type and field', async () => {
    const sdl = await printAppSchema();
    const { buildSchema, isObjectType, isInputObjectType, isEnumType } = await import('graphql');
    const schema = buildSchema(sdl);
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      const root = ['Query', 'Mutation', 'Subscription'].includes(type.name);
      if ((isObjectType(type) || isInputObjectType(type) || isEnumType(type)) && !type.description && !root) missing.push(type.name);
      if (isObjectType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
