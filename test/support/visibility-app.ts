/**
 * The test app of the visibility test files (response cache on, listening over HTTP) and a POST to it that reports the cache.
 */
import { CONSORTIUM_IDS } from './operations';
import { createTestApp, type TestApp } from './test-app';

export let t: TestApp;
export let base: string;
export let consortiumId: string;
export const T0 = '2026-03-02T09:00:00.000Z';

export function useVisibilityApp(): void {
  beforeAll(async () => {
    t = await createTestApp({ start: T0, env: { HARMONIZED_CACHE: 'true' } });
    await t.app.events!.ready;
    base = await t.listen();
    consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  });
  afterAll(() => t.close());
}

export async function post(query: string, variables: Record<string, unknown> = {}, as?: string): Promise<{ cache: string | null; body: any }> {
  const token = as ? await t.token(as) : undefined;
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { cache: res.headers.get('x-accord-cache'), body: await res.json() };
}
