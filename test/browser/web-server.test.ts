/**
 * How the server serves the explorer pages, over plain HTTP: each route an HTML page with
 * a Content-Security-Policy that allows this origin only, the scripts and styles from
 * /assets (every page's references resolve), and the built folder found both from the
 * compiled server (dist/src/http) and from the sources the tests run (src/http).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { cspFor, mountWeb, WEB_PAGES, webAssetsDir } from '../../src/http/web';
import { createTestApp, type TestApp } from '../support/test-app';
import { ensureWebBuilt, ROOT } from './browser-support';

jest.setTimeout(120_000);

let t: TestApp;
let base: string;

beforeAll(async () => {
  await ensureWebBuilt();
  t = await createTestApp();
  base = await t.listen();
});
afterAll(() => t?.close());

describe('web pages over HTTP', () => {
  it('finds dist/web from the sources and from the build', () => {
    const expected = path.join(ROOT, 'dist', 'web');
    expect(webAssetsDir(path.join(ROOT, 'src', 'http'))).toBe(expected);
    expect(webAssetsDir(path.join(ROOT, 'dist', 'src', 'http'))).toBe(expected);
    expect(webAssetsDir()).toBe(expected);
  });

  it.each(Object.keys(WEB_PAGES))('serves %s as HTML with a same-origin-only CSP, and every asset it names', async (route) => {
    const res = await fetch(`${base}${route}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(cspFor(route));
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/https?:|\s\*|'unsafe-eval'/);
    // Inline style only where GraphiQL needs it; inline script nowhere.
    expect(csp.match(/'unsafe-inline'/g)?.length ?? 0).toBe(route === '/graphiql' ? 1 : 0);
    if (route === '/graphiql') expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain('<a class="skip-link" href="#main">');
    // No outside URL in any src or href; each local one answers.
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.filter((r) => /^(https?:)?\/\//.test(r))).toEqual([]);
    for (const ref of refs.filter((r) => r.startsWith('/assets/'))) {
      const asset = await fetch(`${base}${ref}`);
      await asset.arrayBuffer(); // read to the end: an unread body holds its socket open past the test
      expect([ref, asset.status]).toEqual([ref, 200]);
      expect(asset.headers.get('content-type')).toMatch(ref.endsWith('.js') ? /javascript/ : ref.endsWith('.css') ? /text\/css/ : /image\/svg/);
    }
  });

  it('answers HEAD for a page and 404 for a missing asset', async () => {
    expect((await fetch(`${base}/concordance`, { method: 'HEAD' })).status).toBe(200);
    expect((await fetch(`${base}/assets/nope.js`)).status).toBe(404);
    // The API and the other routes are untouched.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('says the pages must be built when dist/web is missing', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'accord-web-'));
    const app = express();
    mountWeb(app, { assetsDir: empty });
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const res = await fetch(`http://127.0.0.1:${port}/graphiql`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
