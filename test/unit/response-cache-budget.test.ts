/** The response cache's byte budget, least-recently-used eviction and one computation per key. */
import { ResponseCache } from '../../src/http/response-cache';
import { readConfig } from '../../src/config/env';

const buf = (n: number, c = 'x') => Buffer.from(c.repeat(n));

describe('ResponseCache byte budget', () => {
  it('counts bytes (bodies and keys), not characters, and stays within its budget', () => {
    const c = new ResponseCache(4000);
    c.trusted = true;
    // 300 two-byte characters: 600 bytes.
    c.set('k1', Buffer.from('é'.repeat(300)), c.generation);
    expect(c.size).toBe(600 + 2);
    for (let i = 0; i < 20; i++) c.set(`key-${i}`, buf(900), c.generation);
    expect(c.size).toBeLessThanOrEqual(4000);
    expect(c.evictions).toBeGreaterThan(0);
  });

  it('evicts the least recently used entry first', () => {
    const c = new ResponseCache(4 * (100 + 1));
    c.trusted = true;
    for (const k of ['a', 'b', 'c', 'd']) c.set(k, buf(100), c.generation);
    expect(c.count).toBe(4);
    expect(c.get('a')).toBeDefined(); // a is now the most recently used
    c.set('e', buf(100), c.generation); // over budget: b goes, not a
    expect(c.get('b')).toBeUndefined();
    for (const k of ['a', 'c', 'd', 'e']) expect(c.get(k)).toBeDefined();
  });

  it('replacing a key does not count it twice', () => {
    const c = new ResponseCache(10_000);
    c.trusted = true;
    c.set('a', buf(1000), c.generation);
    c.set('a', buf(1000), c.generation);
    expect(c.size).toBe(1001);
    expect(c.count).toBe(1);
  });

  it('has a documented default budget, set by HARMONIZED_CACHE_MAX_MB', () => {
    expect(new ResponseCache().maxBytes).toBe(32 * 1024 * 1024);
    expect(readConfig({ NODE_ENV: 'test', HARMONIZED_CACHE_MAX_MB: '8' }).harmonizedCacheMaxMb).toBe(8);
    expect(readConfig({ NODE_ENV: 'test' }).harmonizedCacheMaxMb).toBe(32);
  });
});

describe('ResponseCache single flight', () => {
  it('lets the first miss of a key compute and the others wait for its body', async () => {
    const c = new ResponseCache();
    c.trusted = true;
    const first = c.join('k', c.generation);
    const second = c.join('k', c.generation);
    const third = c.join('k', c.generation);
    expect('finish' in first).toBe(true);
    expect('wait' in second && 'wait' in third).toBe(true);
    if (!('finish' in first) || !('wait' in second) || !('wait' in third)) return;
    first.finish(Buffer.from('{"data":1}'));
    expect((await second.wait)?.toString()).toBe('{"data":1}');
    expect((await third.wait)?.toString()).toBe('{"data":1}');
    // Finished: the next miss computes again.
    expect('finish' in c.join('k', c.generation)).toBe(true);
  });

  it('does not join a computation begun before an invalidation', () => {
    const c = new ResponseCache();
    c.trusted = true;
    const g = c.generation;
    expect('finish' in c.join('k', g)).toBe(true);
    c.invalidate();
    expect('finish' in c.join('k', c.generation)).toBe(true);
  });
});
