/** The concordance matrix as CSV at /export/concordance.csv (published list data: no token needed). */
import type express from 'express';
import type { Logger } from '../shared/logger';
import { concordanceCsv } from '../modules/harmonized/concordance-export';
import type { Services } from '../graphql/context';
import { publicError } from '../shared/public-error';
import { sendError } from './http-errors';

export function mountExports(app: express.Express, services: Services, logger: Logger): void {
  app.get('/export/concordance.csv', async (req, res) => {
    const consortiumId = typeof req.query.consortiumId === 'string' ? req.query.consortiumId : '';
    const prefix = typeof req.query.taxonomyPrefix === 'string' ? req.query.taxonomyPrefix : null;
    if (!consortiumId) {
      sendError(res, { status: 400, message: 'consortiumId is required', extensions: { code: 'BAD_USER_INPUT', field: 'consortiumId' } });
      return;
    }
    const asOf = typeof req.query.asOf === 'string' ? req.query.asOf : null;
    const rows = concordanceCsv(services.harmonized, consortiumId, prefix, asOf);
    let first: IteratorResult<string>;
    try {
      first = await rows.next(); // errors (unknown consortium, bad prefix) surface before any byte is sent
    } catch (err) {
      const error = publicError(err);
      if (error.status === 500) logger.error({ err, reqId: res.locals.reqId }, 'concordance export failed');
      sendError(res, error);
      return;
    }
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', 'attachment; filename="concordance.csv"');
    try {
      if (!first.done) res.write(first.value);
      for await (const chunk of rows) res.write(chunk);
      res.end();
    } catch (err) {
      logger.error({ err, reqId: res.locals.reqId }, 'concordance export failed midway');
      res.destroy(err as Error);
    }
  });
}
