/**
 * Bench scales and command-line options (`npm run bench -- --scale small --duration 5`).
 */

export interface Scale {
  name: 'default' | 'small';
  /** Current MEMBER jurisdictions of the consortium (the seeded 11, then X01, X02…). */
  members: number;
  /** Taxonomy nodes under the BENCH root, root included, in four levels below it. */
  nodes: number;
  /** Fan-out of the first three levels below BENCH; the fourth level takes the rest. */
  fanout: [number, number, number];
  /** Entries of each member's bench list (one PUBLISHED version). */
  entriesPerList: number;
  /** Recognition requests filed between members. */
  requests: number;
  /** Share of the requests still open (SUBMITTED / UNDER_REVIEW): what the write mix answers. */
  openShare: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  default: { name: 'default', members: 40, nodes: 5000, fanout: [5, 8, 10], entriesPerList: 2500, requests: 10000, openShare: 0.37 },
  small: { name: 'small', members: 5, nodes: 200, fanout: [2, 3, 4], entriesPerList: 200, requests: 500, openShare: 0.6 },
};

export interface BenchOptions {
  scale: Scale;
  /** Seconds per measured run (one operation at one concurrency level). */
  duration: number;
  /** Seconds of unrecorded warm-up before the first level of each operation. */
  warmup: number;
  connections: number[];
  /** Hard cap on requests per measured run (the load loop is bounded in count and in time). */
  maxRequests: number;
  /** Reuse accord_bench when it already holds a dataset of this scale. */
  reuse: boolean;
  /** Only these scenarios (item, concordance, search, write, register, floor). */
  only: Set<string> | null;
  /** Database name on the server. */
  database: string;
  /** Before measuring harmonizedItem and concordance, request every BENCH node and every page once (a warm cache). */
  prewarm: boolean;
  /** Names the run in the results (e.g. cache-on / cache-off). */
  label: string | null;
  /** Extra environment for the Accord server process. */
  serverEnv: Record<string, string>;
  /** Response cache for the cacheable reads: measured on (production's default), off, or both (default). */
  cache: 'on' | 'off' | 'both';
}

export function parseArgs(argv: string[]): BenchOptions {
  const get = (name: string): string | undefined => {
    const i = argv.indexOf(`--${name}`);
    if (i >= 0) return argv[i + 1];
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    return eq?.slice(name.length + 3);
  };
  const scaleName = (get('scale') ?? 'default') as Scale['name'];
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const duration = Number(get('duration') ?? (scaleName === 'small' ? 4 : 10));
  const warmup = Number(get('warmup') ?? (scaleName === 'small' ? 1 : 2));
  const connections = (get('connections') ?? '1,16,64').split(',').map(Number);
  if (!(duration > 0 && duration <= 120)) throw new Error('--duration must be 1..120 seconds');
  if (connections.some((c) => !Number.isInteger(c) || c < 1 || c > 256)) throw new Error('--connections must be integers 1..256, e.g. 1,16,64');
  const only = get('only');
  return {
    scale,
    duration,
    warmup: Math.max(0, Math.min(30, warmup)),
    connections,
    maxRequests: Number(get('max-requests') ?? 200_000),
    reuse: argv.includes('--reuse'),
    only: only ? new Set(only.split(',')) : null,
    database: get('database') ?? 'accord_bench',
    prewarm: argv.includes('--prewarm'),
    label: get('label') ?? null,
    cache: ((c) => {
      if (c !== 'on' && c !== 'off' && c !== 'both') throw new Error('--cache must be on, off or both');
      return c;
    })(get('cache') ?? 'both'),
    serverEnv: Object.fromEntries(
      (get('server-env') ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => {
          const i = kv.indexOf('=');
          if (i < 1) throw new Error(`--server-env takes KEY=VALUE pairs, got "${kv}"`);
          return [kv.slice(0, i), kv.slice(i + 1)];
        }),
    ),
  };
}
