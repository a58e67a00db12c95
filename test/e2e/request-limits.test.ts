import { CONSORTIUM_IDS, JURISDICTIONS, ME, ME_HANDLE, RECORD_LICENCE_DECISION } from '../support/operations';
import { createTestApp, errorCode, type TestApp } from '../support/test-app';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
});
afterAll(() => t.close());

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => undefined)) as any };
}

const report: Record<string, string> = {};
afterAll(() => {
  process.stdout.write(
    `\nlimits tried: ${Object.entries(report)
      .map(([k, v]) => `${k} → ${v}`)
      .join('; ')}\n`,
  );
});

describe('abuse limits', () => {
  it('refuses a query deeper than the limit', async () => {
    const deep = `{ taxonomy { children { children { children { children { children { children { children { children { children { children { children { code } } } } } } } } } } } } }`;
    const r = await post({ query: deep });
    expect(r.json.errors[0].message).toMatch(/depth/i);
    report.depth = r.json.errors[0].extensions.code;
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: jurisdictions { code }`).join(' ');
    const r = await post({ query: `{ ${aliases} }` });
    expect(r.json.errors[0].message).toMatch(/alias/i);
    report.aliases = r.json.errors[0].extensions.code;
  });

  it('refuses a query whose cost (lists × page sizes) is too high, saying the cost', async () => {
    const q = `{ concordance(consortiumId: "00000000-0000-4000-8000-000000000000", first: 100) { edges { node { cells { entries { mappings { entry { mappings { node { code } } } } } } } } } }`;
    const r = await post({ query: q });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 200000 });
    expect(r.json.errors[0].extensions.cost).toBeGreaterThan(200000);
    report.cost = `QUERY_TOO_COMPLEX (${r.json.errors[0].extensions.cost})`;
    // An ordinary page of the matrix is well within it.
    const ok = await post({ query: CONSORTIUM_IDS });
    const id = ok.json.data.consortia[0].id;
    const page = await post({
      query: `query($c: ID!) { concordance(consortiumId: $c, first: 100) { edges { node { node { code } cells { jurisdiction { code } tier entries { controlNumber } } } } } }`,
      variables: { c: id },
    });
    expect(page.json.errors).toBeUndefined();
  });

  it('refuses too many tokens', async () => {
    const q = `{ ${Array.from({ length: 1500 }, () => 'me { id }').join(' ')} }`;
    const r = await post({ query: q });
    expect(r.json.errors[0].message).toMatch(/token/i);
    report.tokens = r.json.errors[0].extensions.code;
  });

  it('caps page sizes at 100', async () => {
    expect(errorCode(await t.gql(`{ controlEntries(first: 101) { totalCount } }`))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(`{ publicRegister(first: 0) { totalCount } }`))).toBe('BAD_USER_INPUT');
    report.pageSize = 'BAD_USER_INPUT';
  });

  it("answers an argument's class-validator constraint as BAD_USER_INPUT naming the field", async () => {
    const page = await t.gql('{ auditTrail(first: 101) { totalCount } }', {}, 'secretariat');
    expect(page.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(JSON.stringify(page.errors?.[0].extensions?.validationErrors)).toMatch(/max/);
    const zero = await t.gql('{ auditTrail(first: 0) { totalCount } }', {}, 'secretariat');
    expect(zero.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(JSON.stringify(zero.errors?.[0].extensions?.validationErrors)).toMatch(/min/);
    expect((await t.gql('{ auditTrail(first: 5) { totalCount } }', {}, 'secretariat')).errors).toBeUndefined();
  });

  it('accepts small batches and refuses large ones', async () => {
    const small = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: ME }, { query: JURISDICTIONS }]),
    });
    expect(small.status).toBe(200);
    expect(((await small.json()) as any[]).length).toBe(2);
    const big = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(Array.from({ length: 11 }, () => ({ query: ME }))),
    });
    expect(big.status).toBe(400);
    report.batch = '400 above 10';
  });

  it('blocks cross-site simple requests (CSRF prevention)', async () => {
    const res = await fetch(`${base}/graphql?query=${encodeURIComponent(ME)}`);
    expect(res.status).toBe(400);
    const text = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ me { id } }"}' });
    expect(text.status).toBe(400);
  });

  it('sends security headers', async () => {
    const r = await post({ query: ME });
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('strict-transport-security')).toMatch(/max-age/);
    expect(r.headers.get('x-powered-by')).toBeNull();
  });

  it('hides field suggestions', async () => {
    const r = await post({ query: '{ jurisdiction { code } }' });
    expect(r.json.errors[0].message).not.toMatch(/Did you mean/);
  });
});

describe('production mode', () => {
  it('turns introspection off unless ALLOW_INTROSPECTION, and never returns stacks', async () => {
    const prod = await createTestApp({ env: { NODE_ENV: 'production', JWT_SECRET: 'prod-secret-for-test-0123456789' } });
    try {
      const r = await prod.gql('{ __schema { queryType { name } } }');
      expect(r.errors![0].message).toMatch(/introspection/i);
      const allowed = await createTestApp({ env: { NODE_ENV: 'production', JWT_SECRET: 'prod-secret-for-test-0123456789', ALLOW_INTROSPECTION: 'true' } });
      try {
        expect((await allowed.gql('{ __schema { queryType { name } } }')).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      } finally {
        await allowed.close();
      }
    } finally {
      await prod.close();
    }
  });
});

describe('rate limit', () => {
  it('answers RATE_LIMITED with Retry-After per principal, leaving others alone', async () => {
    const limited = await createTestApp({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    try {
      const url = `${await limited.listen()}/graphql`;
      const call = async (token: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: ME_HANDLE }),
        });
      const de = await limited.token('de-regulator');
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await call(de)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const blocked = await call(de);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(((await blocked.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      expect((await call(await limited.token('fr-regulator'))).status).toBe(200);
      report.rateLimit = '429 RATE_LIMITED after 5/min';
    } finally {
      await limited.close();
    }
  });
});

describe('variables that do not coerce', () => {
  it('are BAD_USER_INPUT with HTTP 400, not an internal error', async () => {
    const r = await post(
      { query: RECORD_LICENCE_DECISION, variables: { i: { confidential: 'true' } } },
      { authorization: `Bearer ${await t.token('de-regulator')}` },
    );
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('the cost check cannot be skipped', () => {
  // Per row ~4,700 (cells × entries × mappings): 20 rows are within the limit, 100 are not.
  const COSTLY = `query($c: ID!, $f: Int = 100, $p: String) { concordance(consortiumId: $c, taxonomyPrefix: $p, first: $f) {
    edges { node { cells { entries { mappings { status node { code } } } } } } } }`;
  const c = '00000000-0000-4000-8000-000000000000';
  const code = async (variables: Record<string, unknown>) => errorCode((await post({ query: COSTLY, variables })).json);

  it('a kept cost stands only for requests with the same page sizes and directives; other variables do not change it', async () => {
    for (const p of ['A', 'B', 'C']) expect(await code({ c, f: 1, p })).not.toBe('QUERY_TOO_COMPLEX');
    expect(await code({ c, f: 100, p: 'A' })).toBe('QUERY_TOO_COMPLEX');
    // A request whose other variable does not coerce is refused as bad input and leaves no cost behind.
    expect(await code({ c, f: 99, p: 42 })).toBe('BAD_USER_INPUT');
    expect(await code({ c, f: 99, p: 'Z' })).toBe('QUERY_TOO_COMPLEX');
  });

  it('a variable sent as null and one left out (its default applies) are costed apart', async () => {
    expect(await code({ c, f: null })).not.toBe('QUERY_TOO_COMPLEX'); // first: null is the default page of 20
    expect(await code({ c })).toBe('QUERY_TOO_COMPLEX'); // first: 100, the variable's default
  });

  it('refuses a query whose fragments blow past the node cap, as QUERY_TOO_COMPLEX', async () => {
    const spread = (n: number) => Array.from({ length: 11 }, () => `...f${n}`).join(' ');
    const query = `{ me { id } ...f0 }
      fragment f0 on Query { ${spread(1)} }
      fragment f1 on Query { ${spread(2)} }
      fragment f2 on Query { ${spread(3)} }
      fragment f3 on Query { ${spread(4)} }
      fragment f4 on Query { __typename }`;
    const r = await post({ query });
    expect(r.status).toBe(400);
    expect(r.json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses NUL and lone surrogates anywhere in the input, before anything is written', async () => {
    const before = await t.ds.query('SELECT count(*)::int AS n FROM audit_event');
    const r = await post(
      {
        query: `mutation($r: String!) { updateConsortiumPolicy(consortiumId: "00000000-0000-4000-8000-000000000000", input: {}, rationale: $r) { id } }`,
        variables: { r: 'lone \udfff' },
      },
      { authorization: `Bearer ${await t.token('secretariat')}` },
    );
    expect(r.json.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'r' });
    const inline = await post({ query: '{ taxonomyNode(code: "BIO\\u0000") { code } }' });
    expect(inline.json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await t.ds.query('SELECT count(*)::int AS n FROM audit_event')).toEqual(before);
  });
});
