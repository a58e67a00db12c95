import http from 'node:http';
import { createHmac } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createDataSource } from '../../ormconfig';
import { createApp, type AccordApp } from '../../src/http/app';
import { createLogger } from '../../src/shared/logger';
import { Scheduler } from '../../src/scheduler/scheduler';
import { createTasks } from '../../src/scheduler/tasks';
import { createNodes } from '../support/factories';
import {
  CONSORTIUM_IDS,
  FILE_MUTUAL_RECOGNITION_REQUEST,
  RECOGNITION_REQUEST_UPDATED,
  RECORD_LICENCE_DECISION,
  RESPOND_TO_RECOGNITION_REQUEST_STATUS,
  WEBHOOK_DELIVERIES,
} from '../support/operations';
import { createTestApp, seededPrincipal, type TestApp } from '../support/test-app';

let t: TestApp;
let consortiumId: string;
const T0 = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;

beforeAll(async () => {
  t = await createTestApp({ start: T0 });
  consortiumId = (await t.ok<{ consortia: { id: string }[] }>(CONSORTIUM_IDS)).consortia[0].id;
  await createNodes(t.ds, [{ code: 'NT' }, { code: 'NT.FERM', parentCode: 'NT' }]);
});
afterAll(() => t.close());

let n = 0;
async function request(requester: string, concerned: string[], confidential = false): Promise<string> {
  n += 1;
  const d = await t.ok<{ recordLicenceDecision: { id: string } }>(
    RECORD_LICENCE_DECISION,
    {
      i: {
        applicant: `Exporter ${n}`,
        endUser: { name: `Secret Lab ${n}`, country: 'SG' },
        destination: 'SG',
        taxonomyCodes: ['NT.FERM'],
        outcome: 'GRANTED',
        rationale: 'ok',
        confidential,
      },
    },
    `${requester}-regulator`,
  );
  return (
    await t.ok<{ fileMutualRecognitionRequest: { id: string } }>(
      FILE_MUTUAL_RECOGNITION_REQUEST,
      {
        i: {
          consortiumId,
          subjectKind: 'LICENCE_DECISION',
          subjectId: d.recordLicenceDecision.id,
          concernedJurisdictions: concerned.map((c) => c.toUpperCase()),
          justification: 'x',
        },
      },
      `${requester}-regulator`,
    )
  ).fileMutualRecognitionRequest.id;
}
const answer = (requestId: string, as: string, decision = 'RECOGNIZE', rationale?: string) =>
  t.ok(RESPOND_TO_RECOGNITION_REQUEST_STATUS, { i: { requestId, decision, rationale } }, `${as}-regulator`);

describe('public register', () => {
  it('publishes recognition outcomes with rationales, never naming the end user or applicant of the licence', async () => {
    const open = await request('de', ['fr']);
    await answer(open, 'fr', 'DECLINE', 'criterion 4: no end-use verification');
    const secret = await request('de', ['fr'], true);
    await answer(secret, 'fr');
    const r = await t.ok<{ publicRegister: any }>(
      `{ publicRegister(kind: RECOGNITION_OUTCOME, first: 10) { totalCount edges { node { kind title summary rationale subjectId publishedAt } } } }`,
    );
    const byId = Object.fromEntries(r.publicRegister.edges.map((e: any) => [e.node.subjectId, e.node]));
    expect(byId[open].title).toBe('DE request for recognition of its licence for NT.FERM: DECLINED');
    expect(JSON.stringify(byId[open])).not.toMatch(/Secret Lab|Exporter|SG/);
    expect(byId[open].rationale).toBe('FR: criterion 4: no end-use verification');
    expect(byId[secret].title).toBe('DE request for recognition of its licence for NT.FERM: RECOGNIZED');
    expect(JSON.stringify(byId[secret])).not.toMatch(/Secret Lab|Exporter/);
  });

  it('serves an Atom feed of the register', async () => {
    const base = await t.listen();
    const res = await fetch(`${base}/register.atom`);
    expect(res.headers.get('content-type')).toMatch(/application\/atom\+xml/);
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/);
    expect((xml.match(/<entry>/g) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(xml).toContain('<category term="RECOGNITION_OUTCOME"/>');
  });
});

describe('transparency statistics', () => {
  it('match a hand computation, over a date range, beside the policy', async () => {
    // CH asks KR three times; KR answers after 10, 20 and 40 days, declining the last.
    t.clock.set('2026-07-01T00:00:00Z');
    const ids = [await request('ch', ['kr']), await request('ch', ['kr']), await request('ch', ['kr'])];
    for (const [i, days] of [10, 20, 40].entries()) {
      t.clock.set(new Date(Date.parse('2026-07-01T00:00:00Z') + days * DAY).toISOString());
      await answer(ids[i], 'kr', i === 2 ? 'DECLINE' : 'RECOGNIZE', i === 2 ? 'no' : undefined);
    }
    // One request to AU lapses in silence.
    t.clock.set('2026-07-01T00:00:00Z');
    await request('ch', ['au']);
    const s = new Scheduler({ databaseUrl: t.databaseUrl, clock: t.clock, logger: createLogger('silent'), tasks: createTasks(t.app.services), work: false });
    await s.start();
    t.clock.set('2026-10-01T00:00:00Z');
    await s.runDue();
    await s.stop();
    const q = `query($c: ID!, $from: DateTime) { transparencyStats(consortiumId: $c, from: $from) { policy { recognitionReviewDays }
      members { jurisdiction { code } answers medianDaysToAnswer p90DaysToAnswer recognitionRate requestsLapsed requestsFiled ownRequestsRecognized } } }`;
    const { transparencyStats: st } = await t.ok<{ transparencyStats: any }>(q, { c: consortiumId, from: '2026-07-01T00:00:00Z' });
    expect(st.policy.recognitionReviewDays).toBe(90);
    const m = Object.fromEntries(st.members.map((x: any) => [x.jurisdiction.code, x]));
    // percentile_cont over [10, 20, 40]: median 20; p90 = 20 + 0.8 × (40 − 20) = 36.
    expect(m.KR).toMatchObject({ answers: 3, medianDaysToAnswer: 20, p90DaysToAnswer: 36, recognitionRate: 0.667, requestsLapsed: 0 });
    expect(m.AU).toMatchObject({ answers: 0, medianDaysToAnswer: null, requestsLapsed: 1 });
    expect(m.CH).toMatchObject({ requestsFiled: 4, ownRequestsRecognized: 2 });
    const later = await t.ok<{ transparencyStats: any }>(q, { c: consortiumId, from: '2026-07-25T00:00:00Z' });
    expect(later.transparencyStats.members.find((x: any) => x.jurisdiction.code === 'KR')).toMatchObject({ answers: 1, medianDaysToAnswer: 40 });
    t.clock.set(T0);
  });
});

describe('subscriptions across instances', () => {
  let b: AccordApp;
  const clients: Client[] = [];
  beforeAll(async () => {
    const ds = createDataSource(t.databaseUrl);
    await ds.initialize();
    b = await createApp({ dataSource: ds, config: t.config, clock: t.clock, logger: createLogger('silent') });
    await b.events!.ready;
    await t.app.events!.ready;
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await b.stop();
  });

  async function subscribe(base: string, handle: string | null, query: string): Promise<{ received: any[]; ready: Promise<void> }> {
    const received: any[] = [];
    const client = createClient({
      url: base.replace('http', 'ws') + '/graphql',
      webSocketImpl: WebSocket,
      connectionParams: handle ? { authorization: `Bearer ${await t.token(handle)}` } : {},
      retryAttempts: 0,
    });
    clients.push(client);
    let onReady: () => void;
    const ready = new Promise<void>((r) => (onReady = r));
    client.on('connected', () => setTimeout(onReady, 150));
    client.subscribe({ query }, { next: (v) => received.push(v), error: (e) => received.push({ error: e }), complete: () => undefined });
    return { received, ready };
  }

  const waitFor = async (cond: () => boolean, ms = 5000) => {
    const until = Date.now() + ms;
    while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  };

  it('a subscriber on instance A hears of a change made through instance B, filtered by what it may see', async () => {
    const baseA = await t.listen();
    const baseB = `http://127.0.0.1:${await b.listen(0)}`;
    const fr = await subscribe(baseA, 'fr-regulator', RECOGNITION_REQUEST_UPDATED);
    const us = await subscribe(baseA, 'us-regulator', RECOGNITION_REQUEST_UPDATED);
    const anon = await subscribe(baseA, null, `subscription { registerEntryPublished { kind title } }`);
    await Promise.all([fr.ready, us.ready, anon.ready]);
    // File and answer through instance B's HTTP endpoint.
    const gqlB = async (handle: string, query: string, variables: unknown) => {
      const res = await fetch(`${baseB}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await t.token(handle)}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as any;
    };
    const d = await gqlB('de-regulator', RECORD_LICENCE_DECISION, {
      i: { applicant: 'X', endUser: { name: 'Y', country: 'SG' }, destination: 'SG', taxonomyCodes: ['NT.FERM'], outcome: 'GRANTED', rationale: 'ok' },
    });
    const r = await gqlB('de-regulator', FILE_MUTUAL_RECOGNITION_REQUEST, {
      i: { consortiumId, subjectKind: 'LICENCE_DECISION', subjectId: d.data.recordLicenceDecision.id, concernedJurisdictions: ['FR'], justification: 'x' },
    });
    const id = r.data.fileMutualRecognitionRequest.id;
    await gqlB('fr-regulator', RESPOND_TO_RECOGNITION_REQUEST_STATUS, { i: { requestId: id, decision: 'RECOGNIZE' } });
    await waitFor(() => fr.received.some((x) => x.data?.recognitionRequestUpdated?.status === 'RECOGNIZED') && anon.received.length > 0);
    expect(fr.received.filter((x) => x.data?.recognitionRequestUpdated?.id === id).map((x) => x.data.recognitionRequestUpdated.status)).toEqual(
      expect.arrayContaining(['SUBMITTED', 'RECOGNIZED']),
    );
    expect(anon.received.some((x) => x.data?.registerEntryPublished?.kind === 'RECOGNITION_OUTCOME')).toBe(true);
    // The US is neither requesting nor concerned: it hears nothing of it.
    expect(us.received.filter((x) => x.data?.recognitionRequestUpdated?.id === id)).toEqual([]);
  });
});

describe('deadline warnings', () => {
  it("announce a recognition deadline once, at the policy's lead time, to the members still concerned", async () => {
    t.clock.set(T0);
    const id = await request('jp', ['ca', 'kr']);
    await answer(id, 'ca');
    const s = new Scheduler({ databaseUrl: t.databaseUrl, clock: t.clock, logger: createLogger('silent'), tasks: createTasks(t.app.services), work: false });
    await s.start();
    const warned = () => t.ds.query(`SELECT deadline_warned_at FROM recognition_request WHERE id = $1`, [id]);
    const heard: any[] = [];
    const sub = t.app.pubSub.subscribe('DEADLINE_APPROACHING')[Symbol.asyncIterator]();
    const next = sub.next().then((r) => heard.push(r.value));
    try {
      t.clock.set(new Date(Date.parse(T0) + 82 * DAY).toISOString()); // 8 days left: not yet (lead time 7 days)
      await s.runDue();
      expect((await warned())[0].deadline_warned_at).toBeNull();
      t.clock.set(new Date(Date.parse(T0) + 84 * DAY).toISOString()); // 6 days left
      await s.runDue();
      await s.runDue();
      expect((await warned())[0].deadline_warned_at).not.toBeNull();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([next, new Promise((r) => (timer = setTimeout(r, 3000)))]);
      clearTimeout(timer);
      expect(heard[0]).toMatchObject({ type: 'DEADLINE_APPROACHING', id, audience: ['JP', 'KR'] });
    } finally {
      await sub.return?.();
      await s.stop();
      t.clock.set(T0);
    }
  });
});

describe('webhooks', () => {
  it('signs each delivery, retries with backoff after failures and logs every attempt', async () => {
    t.clock.set(T0);
    const received: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    let calls = 0;
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        calls += 1;
        received.push({ headers: req.headers, body });
        res.statusCode = calls <= 2 ? 500 : 200;
        res.end(calls <= 2 ? 'not yet' : 'ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    const url = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
    try {
      const reg = await t.ok<{ registerWebhook: any }>(
        `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { secret webhook { id jurisdictionCode events } } }`,
        {
          i: { url, events: ['RECOGNITION_REQUEST_UPDATED'], secret: 'a-very-secret-signing-key' },
        },
        'gb-regulator',
      );
      expect(reg.registerWebhook.webhook).toMatchObject({ jurisdictionCode: 'GB', events: ['RECOGNITION_REQUEST_UPDATED'] });
      const requestId = await request('de', ['gb']);
      const s = new Scheduler({ databaseUrl: t.databaseUrl, clock: t.clock, logger: createLogger('silent'), tasks: createTasks(t.app.services), work: false });
      await s.start();
      try {
        await s.runDue(); // attempt 1: 500
        await s.runDue(); // not due yet: nothing
        expect(calls).toBe(1);
        t.clock.advance(30_000);
        await s.runDue(); // attempt 2: 500
        t.clock.advance(59_000);
        await s.runDue(); // backoff doubled: not yet
        expect(calls).toBe(2);
        t.clock.advance(1_000);
        await s.runDue(); // attempt 3: 200
      } finally {
        await s.stop();
      }
      expect(calls).toBe(3);
      const { headers, body } = received[2];
      const expected =
        'sha256=' +
        createHmac('sha256', 'a-very-secret-signing-key')
          .update(`${headers['x-accord-timestamp'] as string}.${body}`)
          .digest('hex');
      expect(headers['x-accord-signature']).toBe(expected);
      expect(headers['x-accord-event']).toBe('RECOGNITION_REQUEST_UPDATED');
      expect(JSON.parse(body).data).toMatchObject({ type: 'RECOGNITION_REQUEST_UPDATED', id: requestId, status: 'SUBMITTED' });
      const log = await t.ok<{ webhookDeliveries: any }>(
        `query($w: ID!) { webhookDeliveries(webhookId: $w) { edges { node { status attempts lastStatusCode attemptLog { statusCode } } } } }`,
        { w: reg.registerWebhook.webhook.id },
        'gb-regulator',
      );
      expect(log.webhookDeliveries.edges[0].node).toMatchObject({
        status: 'DELIVERED',
        attempts: 3,
        lastStatusCode: 200,
        attemptLog: [{ statusCode: 500 }, { statusCode: 500 }, { statusCode: 200 }],
      });
      // Another member cannot read GB's log; the secret never reaches the audit trail.
      expect((await t.gql(WEBHOOK_DELIVERIES, { w: reg.registerWebhook.webhook.id }, 'de-regulator')).errors![0].extensions!.code).toBe('NOT_FOUND');
      const audit = await t.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE after::text LIKE '%a-very-secret%'`);
      expect(audit[0].n).toBe(0);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it('refuses a non-http URL and unknown event types', async () => {
    const bad = await t.gql(`mutation { registerWebhook(input: { url: "ftp://x" }) { secret } }`, {}, 'gb-regulator');
    expect(bad.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    const ev = await t.gql(`mutation { registerWebhook(input: { url: "http://127.0.0.1:9/x", events: ["NOPE"] }) { secret } }`, {}, 'gb-regulator');
    expect(ev.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.events.0' });
    expect(seededPrincipal('gb-regulator').jurisdiction).toBe('GB');
  });
});
