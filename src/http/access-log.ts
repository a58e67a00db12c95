/** Request ids and the access log: one `request` line per response, with its SQL statement count. */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { withSqlCounter } from '../db/sql-counter';
import type { Logger } from '../shared/logger';

/** `x-request-id`: the caller's when it is a plain token of at most 128 characters, else a new UUID; in `res.locals.reqId`. */
export function accessLog(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const incoming = req.header('x-request-id');
    const reqId = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    res.locals.reqId = reqId;
    res.setHeader('x-request-id', reqId);
    const started = process.hrtime.bigint();
    const sql = { statements: 0, ms: 0 };
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { reqId, method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10, sqlStatements: sql.statements },
        'request',
      );
    });
    withSqlCounter(next, sql);
  };
}
