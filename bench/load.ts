/**
 * One measured run: autocannon (programmatic API) against 127.0.0.1 at one concurrency
 * level, bounded in time (duration, then stop()) and in count (amount). Latencies are
 * taken per response (exact p50/p95/p99), GraphQL errors are looked for in every body
 * (cheap scan) and every 25th body is parsed in full, and the server's RSS is sampled from
 * /proc/<pid>/status while it runs.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

export interface NextRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  name: string;
  baseUrl: string;
  connections: number;
  durationSec: number;
  maxRequests: number;
  next: () => NextRequest | null;
  /** Server process whose RSS is sampled. */
  pid?: number;
}

export interface LoadResult {
  name: string;
  connections: number;
  requests: number;
  seconds: number;
  rps: number;
  /** Latency percentiles in ms; null when no response completed within the run. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
  /** Requests sent but not answered when the run stopped (abandoned). */
  abandoned: number;
  non2xx: number;
  gqlErrors: number;
  connErrors: number;
  timeouts: number;
  sampleErrors: string[];
  avgBytes: number;
  rssPeakMb: number | null;
  rssEndMb: number | null;
  /** The server's CPU time (user + system) over the run per answered request, in ms; null without a pid. */
  cpuMsPerRequest: number | null;
}

export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 102.4) / 10 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

/**
 * Wait until the processes are idle (< 5 % of a CPU over 500 ms) and `busy()` (e.g. active
 * queries in PostgreSQL) says no: autocannon's stop() abandons requests in flight, which
 * the server and the database still finish, and that work must not leak into the next
 * run. Bounded by `maxMs`; returns how long it waited and whether it is idle.
 */
export async function waitIdle(pids: number[], maxMs = 120_000, busy: () => Promise<boolean> = async () => false): Promise<{ ms: number; idle: boolean }> {
  const started = Date.now();
  while (Date.now() - started < maxMs) {
    const before = pids.map(cpuSeconds);
    await new Promise((r) => setTimeout(r, 500));
    const after = pids.map(cpuSeconds);
    const cpuBusy = after.some((a, i) => a !== null && before[i] !== null && a - before[i] > 0.025);
    if (!cpuBusy && !(await busy())) return { ms: Date.now() - started, idle: true };
  }
  return { ms: Date.now() - started, idle: false };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const base = new URL(spec.baseUrl);
  if (base.hostname !== '127.0.0.1') throw new Error(`the bench only targets 127.0.0.1, not ${base.hostname}`);
  const latencies: number[] = [];
  let bytes = 0;
  let gqlErrors = 0;
  let parsed = 0;
  let exhausted = false;
  const sampleErrors: string[] = [];
  let rssPeak: number | null = null;
  const sample = () => {
    if (!spec.pid) return;
    const r = rssMb(spec.pid);
    if (r !== null && (rssPeak === null || r > rssPeak)) rssPeak = r;
  };
  const noteError = (msg: string) => {
    if (sampleErrors.length < 5 && !sampleErrors.includes(msg)) sampleErrors.push(msg);
  };
  const amount = Math.max(spec.connections, spec.maxRequests);
  const cpuBefore = spec.pid ? cpuSeconds(spec.pid) : null;
  return new Promise<LoadResult>((resolve, reject) => {
    let instance: autocannon.Instance;
    const sampler = setInterval(sample, 200);
    sample();
    let stopTimer: NodeJS.Timeout | undefined;
    let hardTimer: NodeJS.Timeout | undefined;
    try {
      instance = autocannon(
        {
          url: spec.baseUrl,
          connections: spec.connections,
          amount,
          timeout: 30,
          requests: [
            {
              setupRequest: (req) => {
                const n = spec.next();
                if (!n) {
                  // Nothing left to send (the write mix ran out of open requests): end the run.
                  if (!exhausted) {
                    exhausted = true;
                    setImmediate(() => instance.stop());
                  }
                  return { ...req, method: 'GET', path: '/healthz', headers: {}, body: undefined };
                }
                return {
                  ...req,
                  method: n.method,
                  path: n.path,
                  headers: { ...(n.headers ?? {}), ...(n.body ? { 'content-type': 'application/json' } : {}) },
                  body: n.body,
                };
              },
              onResponse: (status, body) => {
                if (status !== 200) {
                  noteError(`HTTP ${status}: ${body.slice(0, 200)}`);
                  return;
                }
                if (body.startsWith('{"status"')) return; // a /healthz filler after exhaustion
                if (body.includes('"errors":[')) {
                  gqlErrors += 1;
                  noteError(body.slice(0, 300));
                } else if (++parsed % 25 === 0) {
                  try {
                    const json = JSON.parse(body) as { errors?: unknown[]; data?: unknown };
                    if (json.errors?.length || json.data === undefined) {
                      gqlErrors += 1;
                      noteError(body.slice(0, 300));
                    }
                  } catch {
                    gqlErrors += 1;
                    noteError(`unparseable body: ${body.slice(0, 100)}`);
                  }
                }
              },
            },
          ],
        },
        (err, result) => {
          clearInterval(sampler);
          if (stopTimer) clearTimeout(stopTimer);
          if (hardTimer) clearTimeout(hardTimer);
          if (err) return reject(err);
          sample();
          latencies.sort((a, b) => a - b);
          const seconds = Math.max(0.001, (result.finish.getTime() - result.start.getTime()) / 1000);
          const requests = latencies.length;
          const cpuAfter = spec.pid ? cpuSeconds(spec.pid) : null;
          resolve({
            name: spec.name,
            connections: spec.connections,
            requests,
            seconds: round(seconds, 2),
            rps: round(requests / seconds),
            p50: requests ? round(percentile(latencies, 50), 2) : null,
            p95: requests ? round(percentile(latencies, 95), 2) : null,
            p99: requests ? round(percentile(latencies, 99), 2) : null,
            max: requests ? round(latencies[latencies.length - 1], 2) : null,
            abandoned: Math.max(0, Number((result.requests as unknown as { sent?: number }).sent ?? requests) - result.requests.total - result.errors),
            non2xx: result.non2xx,
            gqlErrors,
            connErrors: result.errors,
            timeouts: result.timeouts,
            sampleErrors,
            avgBytes: requests ? Math.round(bytes / requests) : 0,
            rssPeakMb: rssPeak,
            rssEndMb: spec.pid ? rssMb(spec.pid) : null,
            cpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && requests ? round(((cpuAfter - cpuBefore) * 1000) / requests, 3) : null,
          });
        },
      );
    } catch (err) {
      clearInterval(sampler);
      reject(err);
      return;
    }
    instance.on('response', (_client: unknown, _status: number, resBytes: number, responseTime: number) => {
      if (exhausted) return;
      latencies.push(responseTime);
      bytes += resBytes;
    });
    stopTimer = setTimeout(() => instance.stop(), spec.durationSec * 1000);
    // Belt and braces: whatever happens, a run never outlives duration + 60 s.
    hardTimer = setTimeout(() => instance.stop(), spec.durationSec * 1000 + 60_000);
  });
}

/** A GraphQL POST to /graphql. */
export const gql = (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): NextRequest => ({
  method: 'POST',
  path: '/graphql',
  headers,
  body: JSON.stringify({ query, variables }),
});
