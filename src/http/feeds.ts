/** The public register as an Atom feed at /register.atom, for ordinary feed readers. */
import type express from 'express';
import { RegisterKind } from '../modules/register/register.enums';
import type { Services } from '../graphql/context';

export function mountFeeds(app: express.Express, services: Services): void {
  app.get('/register.atom', async (req, res, next) => {
    try {
      const kind =
        typeof req.query.kind === 'string' && (Object.values(RegisterKind) as string[]).includes(req.query.kind) ? (req.query.kind as RegisterKind) : null;
      const base = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
      res.setHeader('content-type', 'application/atom+xml; charset=utf-8');
      res.send(await services.register.atom(base, kind));
    } catch (err) {
      next(err); // answered by errorHandler (src/http/http-errors.ts)
    }
  });
}
