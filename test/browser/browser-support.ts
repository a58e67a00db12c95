/**
 * Browser-test support: Debian's Chromium driven by playwright-core, a page that records
 * every console error, uncaught exception, Content-Security-Policy violation and request
 * to another origin (the pages must make none), screenshots into test-artifacts/browser/,
 * and a fresh build of the pages when web/ is newer than dist/web/.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app';

// Globals of the page, used inside callbacks that run in the browser (the root tsconfig has no DOM lib).
declare const document: any;

export const ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'browser');
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface TrackedPage {
  context: BrowserContext;
  page: Page;
  /** Console errors, page errors and CSP violations. */
  problems: string[];
  /** Requests that tried to leave the server's origin (aborted). */
  outside: string[];
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
}

export async function openPage(browser: Browser, baseUrl: string): Promise<TrackedPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, acceptDownloads: true, locale: 'en-GB' });
  const origin = new URL(baseUrl).origin;
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) return route.continue();
    outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    // The API answers GraphQL errors with 4xx statuses, which Chromium logs; the pages and
    // tests handle those answers, so they are not problems here.
    if (msg.text().startsWith('Failed to load resource') && msg.location().url.startsWith(`${origin}/graphql`)) return;
    problems.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e: { violatedDirective: string; blockedURI: string }) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`);
    });
  });
  return {
    context,
    page,
    problems,
    outside,
    async screenshot(name, options = {}) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
      return file;
    },
  };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Build the pages when dist/web is missing or older than web/ (`npm test` has built them
 * already; a lone `jest --selectProjects browser` may not have). Test files run in
 * parallel, so the build holds a lock directory.
 */
export async function ensureWebBuilt(): Promise<void> {
  const built = path.join(ROOT, 'dist', 'web', 'index.html');
  const lock = path.join(ROOT, 'dist', '.web-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) fs.rmSync(lock, { recursive: true, force: true }); // a crashed holder
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const stale = !fs.existsSync(built) || fs.statSync(built).mtimeMs < newestMtime(path.join(ROOT, 'web'));
    if (stale) execFileSync(process.execPath, [path.join(ROOT, 'web', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The text of each cell of a table row, by the column header's text. */
export async function rowByColumn(page: Page, tableSelector: string, rowSelector: string): Promise<Record<string, string>> {
  return page.$eval(
    tableSelector,
    (table, rowSel) => {
      const heads = [...table.querySelectorAll('thead th')].map((th) => (th.querySelector('abbr')?.textContent ?? th.textContent ?? '').trim());
      const row = table.querySelector(rowSel);
      if (!row) throw new Error(`no row ${rowSel}`);
      const cells = [...row.children];
      return Object.fromEntries(cells.map((c, i) => [heads[i], (c.textContent ?? '').replace(/\s+/g, ' ').trim()]));
    },
    rowSelector,
  );
}

/**
 * Visible text whose colour against its background falls below WCAG AA (4.5:1, or 3:1 for
 * large text). The background is the nearest opaque one up the tree; for a striped
 * (gradient) background, its darkest stop.
 */
export async function contrastFailures(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const parse = (c) => { const m = c.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const v = m[1].split(',').map(Number); return { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 }; };
    const lum = ({ r, g, b }) => { const f = (x) => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        const stops = s.backgroundImage && s.backgroundImage !== 'none' ? s.backgroundImage.match(/rgba?\\([^)]+\\)/g) : null;
        if (stops) return stops.map(parse).sort((a, b) => lum(a) - lum(b))[0];
        const c = parse(s.backgroundColor);
        if (c && c.a > 0.5) return c;
      }
      return { r: 255, g: 255, b: 255 };
    };
    const out = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode;
      const el = text.parentElement;
      if (!text.textContent.trim() || !el || seen.has(el)) continue;
      seen.add(el);
      const box = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (!box.width || !box.height || s.visibility === 'hidden' || el.closest('.visually-hidden, .graphiql-container')) continue;
      const fg = lum(parse(s.color));
      const bg = lum(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      const size = parseFloat(s.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5)) out.push(ratio.toFixed(2) + ': ' + text.textContent.trim().slice(0, 60));
    }
    return out;
  })()`);
}

export interface PageSession {
  /** The server, on its own database (test/support/test-app.ts). */
  t: TestApp;
  /** Its HTTP origin. */
  base: string;
  /** One Chromium page, shared by the file's tests. */
  tab: TrackedPage;
}

/**
 * A test file's server and Chromium page: built before its tests (after `prepare`, which
 * may make fixtures through `session.t`), closed after them; after every test, the page
 * must have sent no request outside the origin and logged no problem.
 */
export function pageSession(prepare?: () => Promise<void>): PageSession {
  const session = {} as PageSession;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await ensureWebBuilt();
    session.t = await createTestApp();
    await prepare?.();
    session.base = await session.t.listen();
    browser = await launchBrowser();
    session.tab = await openPage(browser, session.base);
  });
  afterAll(async () => {
    await session.tab?.context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await session.t?.close();
  });
  afterEach(() => {
    expect(session.tab.outside).toEqual([]);
    expect(session.tab.problems).toEqual([]);
  });
  return session;
}
