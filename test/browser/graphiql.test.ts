/**
 * `/graphiql` in Chromium: the GraphiQL IDE bundled locally (no request leaves the
 * server's origin), pointed at /graphql; a query typed into the editor runs and its result
 * shows; a pasted bearer token goes out as the Authorization header.
 */
import type { Page } from 'playwright-core';
import { pageSession } from './browser-support';
import { ME_HANDLE_ROLE } from '../support/operations';

// Globals of the page, used inside callbacks that run in the browser (the root tsconfig has no DOM lib).
declare const document: any;

jest.setTimeout(120_000);

const session = pageSession();

/** Replace the query editor's content by typing, as a person would. */
async function typeQuery(page: Page, query: string): Promise<void> {
  await page.locator('.graphiql-query-editor .CodeMirror').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // CodeMirror closes brackets as they are typed; typing the closing ones steps over them.
  await page.keyboard.type(query, { delay: 5 });
}

async function runAndReadResult(page: Page): Promise<unknown> {
  const graphqlResponse = page.waitForResponse(
    (r) => r.url() === `${session.base}/graphql` && r.request().method() === 'POST' && !(r.request().postData() ?? '').includes('IntrospectionQuery'),
  );
  await page.keyboard.press('Control+Enter');
  await graphqlResponse;
  await page.waitForFunction(() => {
    const text = document.querySelector('.result-window .CodeMirror-code')?.textContent ?? '';
    return text.includes('"data"') || text.includes('"errors"');
  });
  // CodeMirror renders the result as lines; its API gives the exact text.
  const text = await page.$eval('.result-window .CodeMirror', (el) => (el as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
  return JSON.parse(text);
}

describe('GraphiQL page', () => {
  it('loads GraphiQL from this server only, under the Content-Security-Policy', async () => {
    const { page } = session.tab;
    // GraphiQL loads the schema by introspecting /graphql.
    const introspection = page.waitForResponse((r) => r.url() === `${session.base}/graphql` && (r.request().postData() ?? '').includes('IntrospectionQuery'));
    const res = await page.goto(`${session.base}/graphiql`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('.graphiql-container .graphiql-query-editor .CodeMirror');
    expect((await introspection).status()).toBe(200);
    await expect(page.getByLabel('Bearer token').getAttribute('type')).resolves.toBe('password');
    await expect(page.locator('#token-status').innerText()).resolves.toBe('No token: you query as the public.');
    await session.tab.screenshot('graphiql-loaded', { fullPage: false });
  });

  it('runs a typed query against /graphql and shows the result', async () => {
    const { page } = session.tab;
    await typeQuery(page, '{ consortia { name members { role jurisdiction { code } } } }');
    const result = (await runAndReadResult(page)) as { data: { consortia: { name: string; members: { jurisdiction: { code: string } }[] }[] } };
    expect(result.data.consortia[0].name).toBe('Biomedical Research Tools Export Consortium');
    expect(result.data.consortia[0].members.map((m) => m.jurisdiction.code)).toContain('JP');
    await session.tab.screenshot('graphiql-query-result', { fullPage: false });
  });

  it('sends the pasted token as a bearer Authorization header', async () => {
    const { page } = session.tab;
    await typeQuery(page, ME_HANDLE_ROLE);
    const anonymous = (await runAndReadResult(page)) as { data: { me: unknown } };
    expect(anonymous.data.me).toBeNull();

    const token = await session.t.token('analyst');
    await page.getByLabel('Bearer token').fill(`Bearer ${token}`);
    await expect(page.locator('#token-status').innerText()).resolves.toContain('analyst');
    await page.locator('.graphiql-query-editor .CodeMirror').click();
    const sent = page.waitForRequest((r) => r.url() === `${session.base}/graphql` && (r.postData() ?? '').includes('me'));
    const result = (await runAndReadResult(page)) as { data: { me: { handle: string; role: string } } };
    expect((await sent).headers().authorization).toBe(`Bearer ${token}`);
    expect(result.data.me).toEqual({ handle: 'analyst', role: 'ANALYST' });

    // A token the server rejects comes back as the API's UNAUTHENTICATED error, shown as is.
    await page.getByLabel('Bearer token').fill('not-a-token');
    await page.locator('.graphiql-query-editor .CodeMirror').click();
    const rejected = (await runAndReadResult(page)) as { errors: { extensions: { code: string } }[] };
    expect(rejected.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    await page.getByRole('button', { name: 'Clear' }).click();
    await expect(page.locator('#token-status').innerText()).resolves.toBe('No token: you query as the public.');
  });

  it('opens the documentation explorer and the settings dialog without breaking the CSP', async () => {
    const { page } = session.tab;
    await page.getByRole('button', { name: /documentation explorer/i }).click();
    await page.waitForSelector('.graphiql-doc-explorer');
    await expect(page.locator('.graphiql-doc-explorer').innerText()).resolves.toContain('Query');
    await page.getByRole('button', { name: /settings dialog/i }).click();
    await page.waitForSelector('[role="dialog"]');
    await session.tab.screenshot('graphiql-settings-dialog', { fullPage: false });
    await page.keyboard.press('Escape');
    await page.waitForSelector('[role="dialog"]', { state: 'detached' });
  });
});
