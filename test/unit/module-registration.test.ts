/**
 * Each module registers what it declares: every entity class (`@Entity`) and every resolver
 * class (`@Resolver`) in a module's folder is listed by that module's index.ts, and the one
 * list in src/app/modules.ts holds every module folder. A class left out would silently lose
 * its table or its fields.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modules } from '../../src/app/modules';

const MODULES = join(__dirname, '../../src/modules');

/** Classes declared right after `decorator(` in the module folder's files. */
function declared(folder: string, decorator: string): string[] {
  const out: string[] = [];
  for (const file of readdirSync(join(MODULES, folder)).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(MODULES, folder, file), 'utf8');
    // The decorator, then other one-line decorators or doc comments, then the class.
    const re = new RegExp(`@${decorator}\\([^\\n]*\\)\\s*(?:(?:@\\w+\\([^\\n]*\\)|/\\*\\*[\\s\\S]*?\\*/)\\s*)*export (?:abstract )?class (\\w+)`, 'g');
    for (const m of text.matchAll(re)) out.push(m[1]);
  }
  return out.sort();
}

const folders = readdirSync(MODULES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('module registration', () => {
  it('lists every module folder once in src/app/modules.ts', () => {
    const names = modules.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => folders.includes(n)).sort()).toEqual(folders);
  });

  it.each(folders)('%s registers every entity and resolver class it declares', (folder) => {
    const m = modules.find((x) => x.name === folder)!;
    const names = (list: readonly unknown[] | undefined) => (list ?? []).map((c) => (c as { name: string }).name).sort();
    expect(names(m.entities)).toEqual(declared(folder, 'Entity'));
    expect(names(m.resolvers)).toEqual(declared(folder, 'Resolver'));
  });
});
