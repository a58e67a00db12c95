/**
 * Schedulers a test file starts against its server (the service's own tasks, without job
 * workers, on the file's clock), stopped together after its tests.
 */
import { createLogger } from '../../src/shared/logger';
import { Scheduler } from '../../src/scheduler/scheduler';
import { createTasks } from '../../src/scheduler/tasks';
import type { TestApp } from './test-app';

export function testSchedulers(app: () => TestApp): { scheduler: () => Promise<Scheduler>; stopSchedulers: () => Promise<void> } {
  const started: Scheduler[] = [];
  return {
    scheduler: async () => {
      const t = app();
      const s = new Scheduler({ databaseUrl: t.databaseUrl, clock: t.clock, logger: createLogger('silent'), tasks: createTasks(t.app.services), work: false });
      await s.start();
      started.push(s);
      return s;
    },
    stopSchedulers: async () => {
      for (const s of started) await s.stop();
    },
  };
}
