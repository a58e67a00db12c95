/**
 * Each module registers what it declares: every entity class (`@Entity`) and every resolver
 * class (`@Resolver`) exported by a file of a module's folder is listed by that module's
 * index.ts, and the one list in src/app/modules.ts holds every module folder. A class left
 * out would silently lose its table or its fields.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { getMetadataStorage } from 'type-graphql';
import { modules } from '../../src/app/modules';

const MODULES = join(__dirname, '../../src/modules');

const folders = readdirSync(MODULES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** The classes the folder's files export that carry the decorator's metadata. */
async function declared(folder: string): Promise<{ entities: string[]; resolvers: string[] }> {
  const exported = new Set<unknown>();
  for (const file of readdirSync(join(MODULES, folder)).filter((f) => f.endsWith('.ts'))) {
    const mod = (await import(join(MODULES, folder, file))) as Record<string, unknown>;
    for (const value of Object.values(mod)) if (typeof value === 'function') exported.add(value);
  }
  const entities = getMetadataArgsStorage()
    .tables.filter((t) => t.type === 'regular' && exported.has(t.target))
    .map((t) => (t.target as { name: string }).name);
  const resolvers = getMetadataStorage()
    .resolverClasses.filter((r) => exported.has(r.target))
    .map((r) => r.target.name);
  return { entities: [...new Set(entities)].sort(), resolvers: [...new Set(resolvers)].sort() };
}

const names = (list: readonly unknown[] | undefined) => (list ?? []).map((c) => (c as { name: string }).name).sort();

describe('module registration', () => {
  it('lists every module folder once in src/app/modules.ts', () => {
    const listed = modules.map((m) => m.name);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.filter((n) => folders.includes(n)).sort()).toEqual(folders);
  });

  it.each(folders)('%s registers every entity and resolver class it declares', async (folder) => {
    const m = modules.find((x) => x.name === folder)!;
    const { entities, resolvers } = await declared(folder);
    expect(entities.length + resolvers.length).toBeGreaterThan(0);
    expect(names(m.entities)).toEqual(entities);
    expect(names(m.resolvers)).toEqual(resolvers);
  });
});
