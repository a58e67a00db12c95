/** Liveness at /healthz (the process answers) and readiness at /readyz (the database answers and is migrated). */
import type express from 'express';
import type { DataSource } from 'typeorm';

export type Readiness = { ready: boolean; reason?: string };

const READY_TIMEOUT_MS = 2000;

/** The readiness check: not while stopping, and only with the database answering within READY_TIMEOUT_MS and no migration pending. */
export function readinessCheck(dataSource: DataSource, stopping: () => boolean): () => Promise<Readiness> {
  return async () => {
    if (stopping()) return { ready: false, reason: 'shutting down' };
    const check = (async () => {
      await dataSource.query('SELECT 1');
      const pending = await dataSource.showMigrations();
      return pending ? { ready: false, reason: 'migrations pending' } : { ready: true };
    })();
    const timeout = new Promise<{ ready: boolean; reason: string }>((resolve) =>
      setTimeout(() => resolve({ ready: false, reason: 'database did not answer in time' }), READY_TIMEOUT_MS).unref(),
    );
    try {
      return await Promise.race([check, timeout]);
    } catch {
      return { ready: false, reason: 'database unreachable' };
    }
  };
}

export function mountHealth(app: express.Express, isReady: () => Promise<Readiness>): void {
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    const r = await isReady();
    res.status(r.ready ? 200 : 503).json(r.ready ? { status: 'ready' } : { status: 'unavailable', reason: r.reason });
  });
}
