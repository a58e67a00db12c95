import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout (pino). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'accord' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'headers.authorization'], censor: '[redacted]' },
  });
}
export type { Logger };
