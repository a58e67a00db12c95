import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TokenService } from '../../src/modules/auth/token.service';
import { createTestApp, seededPrincipal } from '../support/test-app';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/src/cli/token.js');
const env = { ...process.env, JWT_SECRET: 'cli-test-secret', JWKS_URL: '' };

describe("npm run token (built by `npm test`'s pretest step)", () => {
  beforeAll(() => {
    if (!fs.existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  });

  it('prints a token alone on stdout for a seeded principal, which the server accepts', async () => {
    const { stdout } = await run('node', [cli, '--principal', 'secretariat'], { env, cwd: root });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const principal = await new TokenService({
      jwtSecret: 'cli-test-secret',
      jwksUrl: undefined,
      dataDir: '/nonexistent',
      jwtIssuer: undefined,
      jwtAudience: undefined,
    }).verify(stdout.trim());
    expect(principal).toMatchObject({ id: seededPrincipal('secretariat').id, role: 'SECRETARIAT', handle: 'secretariat' });
  });

  it('issues an ad-hoc regulator token for a jurisdiction', async () => {
    const { stdout } = await run('node', [cli, '--role', 'REGULATOR', '--jurisdiction', 'de'], { env, cwd: root });
    const p = await new TokenService({ jwtSecret: 'cli-test-secret', jwksUrl: undefined, dataDir: '/x', jwtIssuer: undefined, jwtAudience: undefined }).verify(
      stdout.trim(),
    );
    expect(p).toMatchObject({ role: 'REGULATOR', jurisdiction: 'DE' });
  });

  it('explains a mistake on stderr and exits non-zero', async () => {
    await expect(run('node', [cli, '--principal', 'nobody'], { env, cwd: root })).rejects.toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('no seeded principal'),
    });
    await expect(run('node', [cli, '--role', 'REGULATOR'], { env, cwd: root })).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--jurisdiction'),
    });
  });
});

describe('npm run import / npm run export', () => {
  let t: Awaited<ReturnType<typeof createTestApp>>;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-cli-'));
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const cliEnv = () => ({ ...env, DATABASE_URL: t.databaseUrl, LOG_LEVEL: 'silent' });

  it('imports a CSV into a DRAFT version, reporting progress on stderr', async () => {
    const file = path.join(tmp, 'ch.csv');
    fs.writeFileSync(
      file,
      'controlNumber,title,text,tier,hsCodes\n2B352.b,Fermenters,Fermenters of 20 L or more,STANDARD,8419.89\n2B352.c,Separators,Centrifugal separators,DECLARATION,8421.19\n',
    );
    const { stdout, stderr } = await run(
      'node',
      [path.join(root, 'dist/src/cli/import.js'), file, '--jurisdiction', 'CH', '--label', 'CLI import', '--list', 'CH goods control list'],
      { env: cliEnv(), cwd: root },
    );
    expect(stdout).toMatch(/imported 2 entries into DRAFT version [0-9a-f-]{36}/);
    expect(stderr).toMatch(/2\/2 rows/);
    const rows = await t.ds.query(
      `SELECT v.status, count(e.id)::int AS n FROM control_list_version v JOIN control_list l ON l.id = v.list_id JOIN control_entry e ON e.version_id = v.id WHERE l.name = 'CH goods control list' GROUP BY v.status`,
    );
    expect(rows).toEqual([{ status: 'DRAFT', n: 2 }]);
  });

  it('lists every bad row with its line, exits 1 and writes nothing', async () => {
    const file = path.join(tmp, 'bad.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        { controlNumber: 'X1', title: 't', text: 'x', tier: 'STANDARD' },
        { controlNumber: 'X2', title: '', text: 'x', tier: 'NOPE' },
      ]),
    );
    const before = await t.ds.query('SELECT count(*)::int AS n FROM control_list_version');
    await expect(
      run('node', [path.join(root, 'dist/src/cli/import.js'), file, '--jurisdiction', 'CH', '--label', 'bad', '--list', 'CH goods control list'], {
        env: cliEnv(),
        cwd: root,
      }),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/nothing was imported[\s\S]*line 2 \(X2\): title[\s\S]*line 2 \(X2\): tier/) });
    expect(await t.ds.query('SELECT count(*)::int AS n FROM control_list_version')).toEqual(before);
  });

  it('checks the read model of group summaries and rebuilds it (npm run read-model)', async () => {
    const readModel = (...args: string[]) => run('node', [path.join(root, 'dist/src/cli/read-model.js'), ...args], { env: cliEnv(), cwd: root });
    expect((await readModel()).stdout).toMatch(/harmonized_subtree agrees with the mappings: \d+ rows; 0 missing, 0 extra, 0 with another count/);
    await t.ds.query(`DELETE FROM harmonized_subtree WHERE ctid = (SELECT ctid FROM harmonized_subtree LIMIT 1)`);
    await expect(readModel()).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('DIFFERS from the mappings') });
    expect((await readModel('--rebuild')).stdout).toMatch(/rebuilt from the mappings in \d+ ms: \d+ rows; 0 missing, 0 extra/);
    expect((await readModel()).stdout).toContain('agrees with');
    await expect(readModel('--rebuilt')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage') });
  });

  it('exports the concordance as CSV', async () => {
    const { stdout } = await run('node', [path.join(root, 'dist/src/cli/export.js'), 'concordance', '--prefix', 'BIO.EQP'], { env: cliEnv(), cwd: root });
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('code,label,most restrictive tier,AU,CA,CH,DE,EU,FR,GB,JP,KR,NL,US');
    expect(lines.find((l) => l.startsWith('BIO.EQP.FERMENTER,'))).toContain('STANDARD: 2B352.b');
  });
});

describe('the build finds the seed data', () => {
  it('dist/seeds reads the taxonomy and the lists from seeds/data', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built file in dist/, loaded by its path at run time
    const built = require(path.join(root, 'dist/seeds/lists.js')) as typeof import('../../seeds/lists');
    expect(built.readTaxonomy().length).toBeGreaterThanOrEqual(30);
    expect(built.readLists().length).toBeGreaterThanOrEqual(5);
  });
});
