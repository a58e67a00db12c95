/**
 * The explorer pages: `/` (search and harmonized items), `/concordance`, `/register` and
 * `/graphiql`, built by `npm run build:web` (web/build.mjs) into dist/web/ and served
 * from here with their scripts and styles under /assets. Nothing is fetched from another
 * origin: the Content-Security-Policy allows this origin only.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Response } from 'express';

export const WEB_PAGES: Record<string, string> = {
  '/': 'index.html',
  '/concordance': 'concordance.html',
  '/register': 'register.html',
  '/assess': 'assess.html',
  '/consistency': 'consistency.html',
  '/graphiql': 'graphiql.html',
};

/** The Content-Security-Policy of each page's route. */
export function cspFor(route: string): string {
  return route === '/graphiql' ? GRAPHIQL_CSP : WEB_CSP;
}

/**
 * This origin only: no inline or evaluated script, no inline style. Fonts and images may
 * be data: URLs (GraphiQL's stylesheet embeds its fonts).
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * GraphiQL's dialogs (settings, shortcuts) lock scrolling by inserting a <style> element
 * at run time (react-remove-scroll), so its page allows inline styles — and still no
 * inline script and nothing from another origin.
 */
export const GRAPHIQL_CSP = WEB_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/**
 * dist/web of the project: found by walking up from this file to the folder holding
 * package.json (the server runs from dist/src/http/, tests run src/http/ directly).
 */
export function webAssetsDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'web');
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(start, '..', '..', 'web'); // unreachable in the project layout
    dir = parent;
  }
}

function securityHeaders(res: Response, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

export function mountWeb(app: express.Express, options: { assetsDir?: string } = {}): void {
  const root = options.assetsDir ?? webAssetsDir();

  app.use(
    '/assets',
    express.static(path.join(root, 'assets'), {
      index: false,
      redirect: false,
      fallthrough: true,
      setHeaders(res) {
        res.setHeader('X-Content-Type-Options', 'nosniff');
        res.setHeader('Cache-Control', 'no-cache'); // revalidate by ETag: names carry no hash
      },
    }),
  );

  for (const [route, file] of Object.entries(WEB_PAGES)) {
    app.get(route, (_req, res, next) => {
      const page = path.join(root, file);
      securityHeaders(res, cspFor(route));
      res.setHeader('Cache-Control', 'no-cache');
      if (!fs.existsSync(page)) {
        res
          .status(503)
          .type('html')
          .send(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Accord</title></head><body>' +
              '<h1>The web pages have not been built</h1><p>Run <code>npm run build</code> (or <code>npm run build:web</code>) and reload. ' +
              'The GraphQL API is at <code>/graphql</code>.</p></body></html>',
          );
        return;
      }
      res.type('html').sendFile(page, (err) => {
        if (err && !res.headersSent) next(err);
      });
    });
  }
}
