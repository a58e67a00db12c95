/**
 * POST /graphql's body and Apollo's answer, without the general-purpose layers that cost a
 * simple read measurable CPU: the common request (a JSON body of known length, no content
 * encoding) is read and parsed here, anything else goes to express.json; Apollo's answer is
 * written straight to the socket, without the ETag that Express would hash the body for
 * (a POST answer is never revalidated). GET keeps Express's `send`.
 */
import { AsyncResource } from 'node:async_hooks';
import type { HTTPGraphQLRequest } from '@apollo/server';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** The error express.json would give, in the shape src/http/http-errors.ts reads. */
function bodyError(status: number, type: string, message: string): Error {
  return Object.assign(new Error(message), { status, type });
}

/** `application/json`, optionally with a UTF-8 charset: what clients send. */
function isPlainJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semi = contentType.indexOf(';');
  const type = (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  if (type !== 'application/json') return false;
  if (semi === -1) return true;
  const params = contentType
    .slice(semi + 1)
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '');
  return params === 'charset=utf-8' || params === 'charset="utf-8"';
}

/**
 * The JSON body in `req.body`, at most `limitBytes`. A request with a Content-Length, no
 * Content-Encoding and a plain JSON type is read here; every other request (chunked,
 * compressed, another charset or type, empty) is read by express.json with the same limit,
 * so its answers (413, 415, 400) stay express.json's.
 */
export function jsonBody(limitBytes: number): RequestHandler {
  const general = express.json({ limit: limitBytes });
  return (req: Request, res: Response, next: NextFunction): void => {
    const length = Number(req.headers['content-length']);
    const encoding = req.headers['content-encoding'];
    if (
      req.method !== 'POST' ||
      !(length > 0 && length <= limitBytes) ||
      (encoding !== undefined && encoding.toLowerCase() !== 'identity') ||
      !isPlainJson(req.headers['content-type'])
    ) {
      general(req, res, next);
      return;
    }
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    // The stream's events run in the socket's async context: they run in the request's, so
    // its SQL statement count (src/db/sql-counter.ts) follows the request into Apollo.
    const scope = new AsyncResource('accord.body');
    const fail = (err: Error) => {
      if (done) return;
      done = true;
      scope.runInAsyncScope(next, null, err);
    };
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    });
    req.on('aborted', () => fail(bodyError(400, 'request.aborted', 'request aborted')));
    req.on('error', (err) => fail(bodyError(400, 'request.aborted', err.message)));
    req.on('end', () => {
      if (done) return;
      if (received !== length) return fail(bodyError(400, 'request.size.invalid', 'request size did not match content length'));
      let text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, received).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte-order mark, which express.json's decoder drops too
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (err) {
        return fail(bodyError(400, 'entity.parse.failed', (err as Error).message));
      }
      if (body === null || typeof body !== 'object') return fail(bodyError(400, 'entity.parse.failed', 'the request body must be a JSON object or array'));
      done = true;
      req.body = body;
      scope.runInAsyncScope(next);
    });
  };
}

/**
 * Apollo at this route: the request as Apollo's HTTP request, its answer written back. The
 * same as Apollo's Express integration (@as-integrations/express5) but for how the answer is written.
 */
export function apolloHandler<TContext extends BaseContext>(
  apollo: ApolloServer<TContext>,
  context: (args: { req: Request; res: Response }) => Promise<TContext>,
): RequestHandler {
  apollo.assertStarted('apolloHandler()');
  return (req: Request, res: Response, next: NextFunction): void => {
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.url.indexOf('?');
    const request: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: query === -1 ? '' : req.url.slice(query),
      body: req.body as unknown,
    };
    apollo
      .executeHTTPGraphQLRequest({ httpGraphQLRequest: request, context: () => context({ req, res }) })
      .then(async (answer) => {
        for (const [key, value] of answer.headers) res.setHeader(key, value);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          if (req.method === 'GET') {
            res.send(answer.body.string); // Express's ETag and 304 for a GET that can be revalidated
            return;
          }
          res.setHeader('content-length', Buffer.byteLength(answer.body.string));
          res.end(answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch(next);
  };
}
