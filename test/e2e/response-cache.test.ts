import { createDataSource } from '../../ormconfig';
import { createApp, type AccordApp } from '../../src/http/app';
import { createLogger } from '../../src/shared/logger';
import { CONSORTIUM_IDS } from '../support/operations';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let other: AccordApp;
let a: string;
let b: string;
const ITEM = `{ harmonizedItem(code: "BIO.EQP.FERMENTER") { controls { jurisdiction { code } tier } mostRestrictiveTier } }`;

beforeAll(async () => {
  t = await createTestApp({ env: { HARMONIZED_CACHE: 'true' } });
  await t.app.events!.ready;
  a = await t.listen();
  const ds = createDataSource(t.databaseUrl);
  await ds.initialize();
  other = await createApp({ dataSource: ds, config: t.config, clock: t.clock, logger: createLogger('silent') });
  await other.events!.ready;
  b = `http://127.0.0.1:${await other.listen(0)}`;
});
afterAll(async () => {
  await other.stop();
  await t.close();
});

async function post(base: string, query: string, token?: string) {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { cache: res.headers.get('x-accord-cache'), text: await res.text() };
}
const waitFor = async (cond: () => boolean) => {
  for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
};

describe('harmonized-view response cache', () => {
  it('serves a repeated harmonized query from the cache, byte for byte', async () => {
    const first = await post(a, ITEM);
    const second = await post(a, ITEM);
    expect([first.cache, second.cache]).toEqual(['miss', 'hit']);
    expect(second.text).toBe(first.text);
    expect(JSON.parse(second.text).data.harmonizedItem.mostRestrictiveTier).toBe('ENHANCED');
  });

  it('caches entry search per role and jurisdiction, so drafts never cross principals', async () => {
    const q = `{ controlEntries(filter: { text: "fermenters" }) { totalCount } }`;
    expect((await post(a, q)).cache).toBe('miss');
    expect((await post(a, q)).cache).toBe('hit');
    expect((await post(a, q, await t.token('de-regulator'))).cache).toBe('miss');
  });

  it('leaves other operations alone and never caches errors', async () => {
    expect((await post(a, `{ me { id } harmonizedItem(code: "BIO") { unilateral } }`)).cache).toBeNull();
    expect((await post(a, `{ harmonizedItem(code: "BIO.EQP.FERMENTER") { nope } }`)).cache).toBe('miss');
    expect((await post(a, `{ harmonizedItem(code: "BIO.EQP.FERMENTER") { nope } }`)).cache).toBe('miss');
  });

  it('computes a key once under a burst of misses: the others wait for that answer', async () => {
    const cid = JSON.parse((await post(a, CONSORTIUM_IDS)).text).data.consortia[0].id;
    const q = `{ concordance(consortiumId: "${cid}", first: 37) { totalCount edges { node { node { code } cells { status tier } } } } }`;
    const misses = t.app.cache!.misses;
    const burst = await Promise.all(Array.from({ length: 8 }, () => post(a, q)));
    const kinds = burst.map((r) => r.cache);
    expect(kinds.filter((k) => k === 'miss')).toHaveLength(1);
    expect(kinds.every((k) => k === 'miss' || k === 'coalesced' || k === 'hit')).toBe(true);
    expect(t.app.cache!.misses - misses).toBe(1);
    expect(new Set(burst.map((r) => r.text)).size).toBe(1);
    expect(JSON.parse(burst[0].text).data.concordance.edges).toHaveLength(37);
  });

  it('keeps within its byte budget', () => {
    expect(t.app.cache!.size).toBeLessThanOrEqual(t.app.cache!.maxBytes);
    expect(t.app.cache!.maxBytes).toBe(32 * 1024 * 1024);
  });

  it('is emptied on every instance when the data behind the views changes', async () => {
    await post(b, ITEM);
    expect((await post(b, ITEM)).cache).toBe('hit');
    const before = other.cache!.generation;
    // A change made through instance A: the US entry's tier moves to DECLARATION.
    await t.ds.query(`UPDATE control_entry SET tier = 'DECLARATION' WHERE control_number = '2B352.b' AND version_id IN (
      SELECT v.id FROM control_list_version v JOIN control_list l ON l.id = v.list_id WHERE l.jurisdiction_code = 'US' AND v.status = 'PUBLISHED')`);
    await waitFor(() => other.cache!.generation > before && t.app.cache!.generation > before);
    const after = await post(b, ITEM);
    expect(after.cache).toBe('miss');
    const us = JSON.parse(after.text).data.harmonizedItem.controls.find((c: any) => c.jurisdiction.code === 'US');
    expect(us.tier).toBe('DECLARATION');
    expect((await post(a, ITEM)).cache).toBe('miss');
  });
});
