/**
 * Time-driven transitions (deadlines, clock-stop allowances, sunsets, overdue reports)
 * on the PostgreSQL job queue pg-boss, so several server instances fire each one once.
 *
 * A sweep (every minute by cron; pg-boss sends each cron tick once across instances)
 * asks every registered task which of its cases are due at the injectable clock's `now`
 * and queues one job per case (singletonKey = the case). Workers on any instance take
 * jobs with SKIP LOCKED; the task's `fire` locks the case row and re-checks that it is
 * still due, so even a duplicate job changes nothing. Tests call `runDue()` after moving
 * the clock.
 */
import PgBoss from 'pg-boss';
import type { Logger } from '../shared/logger';
import type { Clock } from '../shared/clock';

export interface DueCase {
  key: string;
  [field: string]: unknown;
}

export interface ScheduledTask {
  name: string;
  due(now: Date): Promise<DueCase[]>;
  fire(job: DueCase): Promise<boolean>;
}

const SWEEP = 'accord-sweep';
const FIRE = 'accord-fire';

export interface SchedulerOptions {
  databaseUrl: string;
  clock: Clock;
  logger: Logger;
  tasks: ScheduledTask[];
  /** Poll for jobs and run the cron sweep (servers); off for one-shot runs. */
  work?: boolean;
  pollingIntervalSeconds?: number;
}

export class Scheduler {
  private readonly boss: PgBoss;
  private started = false;
  /** Transitions this instance fired (for tests and logs). */
  fired = 0;

  constructor(private readonly opts: SchedulerOptions) {
    this.boss = new PgBoss({
      connectionString: opts.databaseUrl,
      max: 4,
      application_name: 'accord-scheduler',
      schedule: opts.work ?? true,
      supervise: opts.work ?? true,
    });
    this.boss.on('error', (err) => opts.logger.error({ err }, 'job queue error'));
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const name of [SWEEP, FIRE]) await this.boss.createQueue(name).catch(() => undefined);
    this.started = true;
    if (this.opts.work ?? true) {
      const polling = { pollingIntervalSeconds: this.opts.pollingIntervalSeconds ?? 2 };
      await this.boss.work(SWEEP, polling, async () => {
        await this.sweep();
      });
      await this.boss.work<DueCase & { task: string }>(FIRE, { ...polling, batchSize: 5 }, async (jobs) => {
        for (const job of jobs) await this.fire(job.data);
      });
      await this.boss.schedule(SWEEP, '* * * * *');
    }
  }

  /** Queue a job for every case that is due now. */
  async sweep(): Promise<number> {
    const now = this.opts.clock.now();
    let queued = 0;
    for (const task of this.opts.tasks) {
      for (const c of await task.due(now)) {
        const id = await this.boss.send(FIRE, { ...c, task: task.name }, { singletonKey: `${task.name}:${c.key}`, retryLimit: 3, retryBackoff: true });
        if (id) queued += 1;
      }
    }
    return queued;
  }

  private async fire(data: DueCase & { task: string }): Promise<void> {
    const task = this.opts.tasks.find((t) => t.name === data.task);
    if (!task) {
      this.opts.logger.warn({ task: data.task }, 'job for an unknown task');
      return;
    }
    if (await task.fire(data)) {
      this.fired += 1;
      this.opts.logger.info({ task: task.name, key: data.key }, 'scheduled transition fired');
    }
  }

  /** Sweep, then work the queue until it is empty (one-shot; what the cron tick does, at once). */
  async runDue(): Promise<number> {
    if (!this.started) throw new Error('scheduler not started');
    await this.sweep();
    const before = this.fired;
    for (;;) {
      const jobs = await this.boss.fetch<DueCase & { task: string }>(FIRE, { batchSize: 10 });
      if (!jobs.length) break;
      for (const job of jobs) {
        try {
          await this.fire(job.data);
          await this.boss.complete(FIRE, job.id);
        } catch (err) {
          this.opts.logger.error({ err, key: job.data.key }, 'scheduled transition failed');
          await this.boss.fail(FIRE, job.id, { message: err instanceof Error ? err.message : String(err) });
        }
      }
    }
    return this.fired - before;
  }

  async stop(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
    this.started = false;
  }
}
