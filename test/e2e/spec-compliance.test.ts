/**
 * GraphQL over HTTP conformance: the `graphql-http` package's server audits, run against
 * the real HTTP server. Every MUST passes; the SHOULD and MAY results are printed as a
 * table (the README's "Reliability" section lists them).
 */
import { serverAudits } from 'graphql-http';
import { TYPENAME } from '../support/operations';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
});
afterAll(() => t.close());

interface Row {
  id: string;
  level: 'MUST' | 'SHOULD' | 'MAY';
  name: string;
  status: 'ok' | 'warn' | 'notice' | 'error';
  reason: string;
  note: string;
}

/** Apollo's CSRF prevention refuses a GET that carries no preflight-forcing header; the same GET with one is answered. */
async function getIsBlockedByCsrfPrevention(): Promise<boolean> {
  const url = `${base}/graphql?query=${encodeURIComponent(TYPENAME)}`;
  const plain = await fetch(url, { headers: { accept: 'application/json' } });
  const body = (await plain.json()) as { errors?: { message: string }[] };
  const preflighted = await fetch(url, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
  return plain.status === 400 && /CSRF/.test(body.errors?.[0]?.message ?? '') && preflighted.status === 200;
}

/** Why Apollo answers as it does where an audit is not ok (audit ids are stable). */
const WHY: Record<string, string> = {
  '572B': 'Apollo answers 400 to a document that does not parse, whatever the accept header',
  FDE2: 'Apollo answers 400 to a document that fails validation, whatever the accept header',
  '7B9B': "the audit's variable is unused, so validation (NoUnusedVariables) fails first and Apollo answers 400",
};

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

it('passes every MUST of the GraphQL over HTTP server audits and reports the SHOULDs and MAYs', async () => {
  const audits = serverAudits({ url: `${base}/graphql`, fetchFn: fetch });
  expect(audits.length).toBeGreaterThan(0);
  const csrf = await getIsBlockedByCsrfPrevention();
  const rows: Row[] = [];
  // One at a time: the machine is small and the audits are many short requests.
  for (const audit of audits) {
    const result = await audit.fn();
    const level = audit.name.split(' ')[0] as Row['level'];
    const note =
      result.status === 'ok'
        ? ''
        : csrf && /\bGETs?\b/.test(audit.name)
          ? 'CSRF prevention: a GET without a preflight header (apollo-require-preflight) is refused with 400'
          : (WHY[audit.id] ?? '');
    rows.push({ id: audit.id, level, name: audit.name, status: result.status, reason: 'reason' in result ? String(result.reason) : '', note });
  }

  const must = rows.filter((r) => r.level === 'MUST');
  const optional = rows.filter((r) => r.level !== 'MUST');
  const table = [
    '',
    `GraphQL over HTTP server audits (graphql-http): ${must.filter((r) => r.status === 'ok').length}/${must.length} MUST ok; ` +
      `${optional.filter((r) => r.status === 'ok').length}/${optional.length} SHOULD/MAY ok`,
    '',
    '| audit | level | result | reason | why |',
    '|---|---|---|---|---|',
    ...optional.map((r) => `| ${r.id} ${cell(r.name.slice(r.level.length + 1))} | ${r.level} | ${r.status} | ${cell(r.reason)} | ${cell(r.note)} |`),
    '',
  ].join('\n');
  process.stdout.write(`${table}\n`);

  const failedMusts = must.filter((r) => r.status !== 'ok').map((r) => `${r.id} ${r.name}: ${r.status} — ${r.reason}${r.note ? ` (${r.note})` : ''}`);
  expect(failedMusts).toEqual([]);
});
