/**
 * `npm run token -- --principal <handle>` or `npm run token -- --role REGULATOR --jurisdiction DE`:
 * prints a development bearer token alone on stdout (signed with JWT_SECRET or the
 * generated development secret under .data/, the one the server uses).
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { readConfig } from '../config/env';
import { Role } from '../shared/role';
import { TokenService } from '../modules/auth/token.service';
import { seededPrincipal, seededPrincipalHandles } from '../../seeds/load';

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

async function run(): Promise<void> {
  const { values } = parseArgs({
    options: {
      principal: { type: 'string' },
      role: { type: 'string' },
      jurisdiction: { type: 'string' },
      sub: { type: 'string' },
      expires: { type: 'string', default: '12h' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || (!values.principal && !values.role)) {
    fail(
      'usage: npm run token -- --principal <handle>\n' +
        '       npm run token -- --role <SECRETARIAT|REGULATOR|PANELIST|ANALYST> [--jurisdiction XX] [--sub ID] [--expires 12h]\n' +
        `seeded principals: ${seededPrincipalHandles().join(', ')}`,
    );
  }
  const config = readConfig();
  if (config.jwksUrl) fail('JWKS_URL is set: tokens come from the identity provider, not this CLI');
  const tokens = new TokenService(config);
  if (values.principal) {
    const p = seededPrincipal(values.principal);
    if (!p) fail(`no seeded principal "${values.principal}"; known: ${seededPrincipalHandles().join(', ')}`);
    process.stdout.write(`${await tokens.sign({ sub: p.id, role: p.role as Role, jurisdiction: p.jurisdiction, handle: p.handle }, values.expires)}\n`);
    return;
  }
  const role = String(values.role).toUpperCase();
  if (!Object.values(Role).includes(role as Role) || role === Role.PUBLIC) {
    fail(`--role must be one of SECRETARIAT, REGULATOR, PANELIST, ANALYST (PUBLIC means no token)`);
  }
  const jurisdiction = values.jurisdiction?.toUpperCase() ?? null;
  if (role === Role.REGULATOR && !jurisdiction) fail('a REGULATOR token needs --jurisdiction');
  const sub = values.sub ?? randomUUID();
  process.stdout.write(`${await tokens.sign({ sub, role: role as Role, jurisdiction }, values.expires)}\n`);
}

run().catch((err) => fail(`token failed: ${err instanceof Error ? err.message : String(err)}`));
