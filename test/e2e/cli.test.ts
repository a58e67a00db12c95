import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { TokenService } from '../../src/modules/auth/token.service';
import { seededPrincipal } from '../support/test-app';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/src/cli/token.js');
const env = { ...process.env, JWT_SECRET: 'cli-test-secret', JWKS_URL: '' };

describe('npm run token (built by `npm test`\'s pretest step)', () => {
  beforeAll(() => {
    if (!fs.existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` (npm test does it first)');
  });

  it('prints a token alone on stdout for a seeded principal, which the server accepts', async () => {
    const { stdout } = await run('node', [cli, '--principal', 'secretariat'], { env, cwd: root });
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const principal = await new TokenService({ jwtSecret: 'cli-test-secret', jwksUrl: undefined, dataDir: '/nonexistent', jwtIssuer: undefined, jwtAudience: undefined })
      .verify(stdout.trim());
    expect(principal).toMatchObject({ id: seededPrincipal('secretariat').id, role: 'SECRETARIAT', handle: 'secretariat' });
  });

  it('issues an ad-hoc regulator token for a jurisdiction', async () => {
    const { stdout } = await run('node', [cli, '--role', 'REGULATOR', '--jurisdiction', 'de'], { env, cwd: root });
    const p = await new TokenService({ jwtSecret: 'cli-test-secret', jwksUrl: undefined, dataDir: '/x', jwtIssuer: undefined, jwtAudience: undefined }).verify(stdout.trim());
    expect(p).toMatchObject({ role: 'REGULATOR', jurisdiction: 'DE' });
  });

  it('explains a mistake on stderr and exits non-zero', async () => {
    await expect(run('node', [cli, '--principal', 'nobody'], { env, cwd: root })).rejects.toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('no seeded principal') });
    await expect(run('node', [cli, '--role', 'REGULATOR'], { env, cwd: root })).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--jurisdiction') });
  });
});
