/**
 * `/register` in Chromium. The public register and the transparency statistics are
 * another part of the API: on a server without them the page must still render and say
 * plainly that they are not available; on a server with them it lists the register and
 * draws the statistics with Chart.js (canvas charts with their numbers in tables).
 */
import { ARTIFACTS, contrastFailures, pageSession } from './browser-support';
import { CONSORTIUM_IDS, RECORD_LICENCE_DECISION } from '../support/operations';

// Globals of the page, used inside callbacks that run in the browser (the root tsconfig has no DOM lib).
declare const document: any;
declare const location: any;

jest.setTimeout(120_000);

let queryFields: Set<string>;

const session = pageSession(async () => {
  const fields = await session.t.ok<{ __schema: { queryType: { fields: { name: string }[] } } }>('{ __schema { queryType { fields { name } } } }');
  queryFields = new Set(fields.__schema.queryType.fields.map((f) => f.name));
  if (queryFields.has('publicRegister')) await recognitionHistory();
});

/**
 * Real register entries and statistics, made through the API: DE grants three licences
 * and asks JP and US to recognize each; JP recognizes within days, US later and with
 * conditions. Each closed request publishes a recognition outcome to the register.
 */
async function recognitionHistory(): Promise<void> {
  const consortiumId = (await session.t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  for (let i = 1; i <= 3; i++) {
    const decision = await session.t.ok<{ recordLicenceDecision: { id: string } }>(
      RECORD_LICENCE_DECISION,
      {
        i: {
          applicant: `Bioreactor GmbH ${i}`,
          endUser: { name: `University Lab ${i}`, country: 'SG' },
          destination: 'SG',
          taxonomyCodes: ['BIO.EQP.FERMENTER'],
          outcome: 'GRANTED',
          rationale: 'standard review passed',
        },
      },
      'de-regulator',
    );
    const request = await session.t.ok<{ fileMutualRecognitionRequest: { id: string } }>(
      'mutation($input: FileRecognitionRequestInput!) { fileMutualRecognitionRequest(input: $input) { id } }',
      {
        input: {
          consortiumId,
          subjectKind: 'LICENCE_DECISION',
          subjectId: decision.recordLicenceDecision.id,
          concernedJurisdictions: ['JP', 'US'],
          justification: 'same fermenter, same end user',
        },
      },
      'de-regulator',
    );
    const respond = 'mutation($input: RecognitionResponseInput!) { respondToRecognitionRequest(input: $input) { id } }';
    const requestId = request.fileMutualRecognitionRequest.id;
    session.t.clock.advanceDays(3 * i);
    await session.t.ok(respond, { input: { requestId, decision: 'RECOGNIZE' } }, 'jp-regulator');
    session.t.clock.advanceDays(10 * i);
    await session.t.ok(
      respond,
      { input: { requestId, decision: 'RECOGNIZE_WITH_CONDITIONS', conditions: ['post-shipment report within 90 days'], rationale: 'end-use check pending' } },
      'us-regulator',
    );
  }
}

describe('register page', () => {
  it('says plainly that the register and the statistics are not available on a server without them', async () => {
    // An older server: its answer to the register's operations, as Apollo gives it.
    const old = await session.tab.context.newPage();
    await old.route(`${session.base}/graphql`, async (route) => {
      const body = route.request().postData() ?? '';
      const field = body.includes('publicRegister(') ? 'publicRegister' : body.includes('transparencyStats(') ? 'transparencyStats' : null;
      if (!field) return route.fallback();
      return route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ message: `Cannot query field "${field}" on type "Query".`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }),
      });
    });
    try {
      await old.goto(`${session.base}/register`);
      await old.waitForSelector('#register-status .notice-unavailable');
      await old.waitForSelector('#stats-status .notice-unavailable');
      await expect(old.locator('#register-status').innerText()).resolves.toContain('The public register is not available on this server yet.');
      await expect(old.locator('#stats-status').innerText()).resolves.toContain('The transparency statistics are not available on this server yet.');
      await expect(old.locator('#stats-container canvas').count()).resolves.toBe(0);
      await expect(old.locator('h1').innerText()).resolves.toBe('Public register');
      await old.screenshot({ path: `${ARTIFACTS}/register-not-available.png`, fullPage: true });
    } finally {
      await old.close();
    }
  });

  it('renders with its filters under the Content-Security-Policy', async () => {
    const { page } = session.tab;
    const res = await page.goto(`${session.base}/register`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await expect(page.locator('h1').innerText()).resolves.toBe('Public register');
    await expect(page.locator('nav[aria-label="Main"] a[aria-current="page"]').innerText()).resolves.toBe('Public register');
    await page.waitForSelector('#r-consortium option:not([value=""])', { state: 'attached' });
    await expect(page.getByLabel('Kind of entry').locator('option').count()).resolves.toBe(6);
    // Both sections settle (loaded, empty, or not available) rather than loading forever.
    await page.waitForFunction(() => !document.querySelector('#register-status')?.textContent?.startsWith('Loading'));
    await page.waitForFunction(() => !document.querySelector('#stats-status')?.textContent?.startsWith('Loading'));
    await session.tab.screenshot('register-page');
  });

  it('says the register is not available when the API lacks it, or lists it when present', async () => {
    const { page } = session.tab;
    const registerStatus = await page.locator('#register-status').innerText();
    if (!queryFields.has('publicRegister')) {
      expect(registerStatus).toContain('The public register is not available on this server yet.');
      await expect(page.locator('#register-status .notice-unavailable').count()).resolves.toBe(1);
    } else {
      expect(registerStatus).toMatch(/^\d+ entries, newest first\.$/);
      const entries = page.locator('#register-list > li');
      expect(await entries.count()).toBeGreaterThanOrEqual(3);
      const first = await entries.first().innerText();
      expect(first).toContain('Recognition outcome');
      expect(first).toMatch(/DE/);
      // Filter by kind: no dispute has been ruled on.
      await page.getByLabel('Kind of entry').selectOption('DISPUTE_RULING');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForFunction(() => new URL(location.href).searchParams.get('kind') === 'DISPUTE_RULING');
      await page.waitForSelector('#register-status .notice-info');
      await expect(page.locator('#register-status').innerText()).resolves.toBe('Nothing has been published with these filters yet.');
      await page.getByLabel('Kind of entry').selectOption('RECOGNITION_OUTCOME');
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForSelector('#register-list > li');
      for (const text of await page.locator('#register-list .kind-badge').allInnerTexts()) expect(text).toBe('Recognition outcome');
    }
  });

  it('says the statistics are not available when the API lacks them, or charts them when present', async () => {
    const { page } = session.tab;
    // The statistics load on their own: wait for them to finish (on a loaded machine they may not have yet).
    await page.waitForFunction(() => !(document.querySelector('#stats-status')?.textContent ?? '').startsWith('Loading'));
    const statsStatus = await page.locator('#stats-status').innerText();
    if (!queryFields.has('transparencyStats')) {
      expect(statsStatus).toContain('The transparency statistics are not available on this server yet.');
      await expect(page.locator('#stats-container canvas').count()).resolves.toBe(0);
    } else {
      expect(statsStatus).toMatch(/^Per member, from (the start|\d{4}-\d{2}-\d{2}) to \d{4}-\d{2}-\d{2}\.$/);
      // Chart.js draws on canvases; each chart has a text alternative and a table.
      await expect(page.locator('#stats-container figure.chart canvas').count()).resolves.toBe(5);
      const label = await page.locator('#chart-answer-days').getAttribute('aria-label');
      expect(label).toContain('Days to answer recognition requests');
      await expect(page.locator('#stats-container figure.chart').first().locator('tbody tr').count()).resolves.toBeGreaterThan(0);
      const drawn = await page.$eval('#chart-requests', (c: { width: number; height: number }) => c.width > 0 && c.height > 0);
      expect(drawn).toBe(true);
      // The numbers behind the charts: JP answered 3 requests, DE filed 3.
      await page.locator('#stats-container details summary').nth(2).click();
      const requests = page.locator('#stats-container figure.chart').nth(2);
      await expect(requests.locator('tbody tr:has(abbr:text-is("JP")) td').first().innerText()).resolves.toBe('3');
      await expect(requests.locator('tbody tr:has(abbr:text-is("DE")) td').nth(1).innerText()).resolves.toBe('3');
      await page.locator('#stats-container details summary').first().click();
      const days = await page.locator('#stats-container figure.chart').first().locator('tbody tr:has(abbr:text-is("JP")) td').first().innerText();
      expect(Number(days)).toBeGreaterThan(0);
      await expect(contrastFailures(page)).resolves.toEqual([]);
      await session.tab.screenshot('register-statistics');
    }
  });
});
