/**
 * One transition path: no service writes a workflow status itself — every
 * status (and a denial consultation's outcome) changes through StateMachine.transition —
 * and the dispute module reads and writes no other module's entities (rulings take
 * effect through the owning module's RulingEffects). Read as source, like a grep.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const modules = files(join(ROOT, 'src/modules')).filter((f) => !f.endsWith('.states.ts'));

function hits(pattern: RegExp, in_: string[]): string[] {
  return in_.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(ROOT, f)}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('one transition path', () => {
  it('no module assigns a status (or a consultation outcome) outside StateMachine', () => {
    // An assignment in code (`x.status = …`), not a comparison in SQL (`x.status = 'A'`, `= :s`, `= $1`, `= ANY(…)`).
    expect(hits(/\.(status|outcome)\s*=(?!=)\s*(?!ANY\()[A-Za-z_([{`"0-9-]/, modules)).toEqual([]);
  });
  it('no raw SQL or bulk update writes a status', () => {
    expect(hits(/\bSET\s+("?status"?|"?outcome"?)\s*=/i, modules)).toEqual([]);
    expect(hits(/\.update\([^)]*\{\s*(status|outcome)\s*:/, modules)).toEqual([]);
  });
  it('the machine itself is where a status is written', () => {
    expect(readFileSync(join(ROOT, 'src/shared/state-machine.ts'), 'utf8')).toMatch(/row\[this\.field\] = to;/);
  });
});

describe('the dispute module owns only dispute rows', () => {
  const disputes = files(join(ROOT, 'src/modules/disputes'));
  it("imports no other module's entity", () => {
    expect(hits(/from '\.\.\/[^']+\.entity'/, disputes)).toEqual([]);
  });
  it("writes no other module's table in SQL", () => {
    expect(hits(/\b(INSERT INTO|UPDATE|DELETE FROM)\s+(?!dispute_)\w+/i, disputes)).toEqual([]);
  });
});
