/**
 * POST /graphql's body as clients send it: the common JSON request read by Accord's own
 * reader (src/http/graphql-http.ts), every other shape by express.json, with the same answers.
 */
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { JURISDICTIONS } from '../support/operations';
import { postGraphQL } from '../support/http-post';
import { createTestApp, type TestApp } from '../support/test-app';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await createTestApp();
  base = await t.listen();
});
afterAll(() => t.close());

const QUERY = JSON.stringify({ query: JURISDICTIONS });

const post = (body: string | Buffer, headers: Record<string, string>) => postGraphQL(base, body, headers);

/** A body sent in two chunks with Transfer-Encoding: chunked (no Content-Length). */
function postChunked(body: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.write(body.slice(0, 7));
    setTimeout(() => req.end(body.slice(7)), 20);
  });
}

describe('POST /graphql bodies', () => {
  let expected: unknown;
  beforeAll(async () => {
    const r = await post(QUERY, { 'content-type': 'application/json' });
    expect(r.status).toBe(200);
    expected = r.json.data;
    expect((expected as { jurisdictions: unknown[] }).jurisdictions.length).toBeGreaterThan(1);
  });

  it('reads a plain JSON body and keeps the request scope: its SQL statements are counted', async () => {
    const r = await post(QUERY, { 'content-type': 'application/json; charset=UTF-8' });
    expect(r.status).toBe(200);
    expect(r.json.data).toEqual(expected);
    expect(r.json.extensions.sql.statements).toBe(1);
  });

  it('answers the same to a chunked, a compressed and a byte-order-marked body', async () => {
    const chunked = await postChunked(QUERY);
    expect(chunked.status).toBe(200);
    expect(chunked.json.data).toEqual(expected);
    expect(chunked.json.extensions.sql.statements).toBe(1);

    const gzip = await post(zlib.gzipSync(QUERY), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(gzip.status).toBe(200);
    expect(gzip.json.data).toEqual(expected);

    const bom = await post(`\uFEFF${QUERY}`, { 'content-type': 'application/json' });
    expect(bom.status).toBe(200);
    expect(bom.json.data).toEqual(expected);
  });

  it('refuses what is not a JSON object or array, another charset and no content type, as coded errors', async () => {
    const scalar = await post('"a string"', { 'content-type': 'application/json' });
    expect(scalar.status).toBe(400);
    expect(scalar.json.errors[0].extensions.code).toBe('BAD_REQUEST');

    const truncated = await post('{"query": "{ jurisdictions { code } }"', { 'content-type': 'application/json' });
    expect(truncated.status).toBe(400);
    expect(truncated.json.errors[0].extensions.code).toBe('BAD_REQUEST');

    const latin1 = await post(QUERY, { 'content-type': 'application/json; charset=latin1' });
    expect(latin1.status).toBe(415);

    const plain = await post(QUERY, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400); // Apollo's CSRF prevention: a simple request is not executed
    expect(plain.json.data).toBeUndefined();
  });

  it('answers a POST without an ETag and keeps Express ETags on GET', async () => {
    const postAnswer = await post(QUERY, { 'content-type': 'application/json' });
    expect(postAnswer.headers.get('etag')).toBeNull();
    expect(postAnswer.headers.get('content-length')).toBe(String(Buffer.byteLength(postAnswer.text)));

    const get = await fetch(`${base}/graphql?query=${encodeURIComponent(JURISDICTIONS)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(200);
    expect(get.headers.get('etag')).toBeTruthy();
    expect(((await get.json()) as { data: unknown }).data).toEqual(expected);
  });

  it('survives a client that goes away mid-body', async () => {
    const url = new URL(base);
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write(`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${QUERY.length}\r\n\r\n${QUERY.slice(0, 10)}`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 50);
      });
      socket.on('error', reject);
    });
    const after = await post(QUERY, { 'content-type': 'application/json' });
    expect(after.status).toBe(200);
    expect(after.json.data).toEqual(expected);
  });
});
