import { readFileSync } from 'node:fs';
import pg from 'pg';
import { round } from './report.js';

/** What the submit bench measures besides rates: CPU per answer, and how far the rollups lag. */

/** utime + stime of a process in ms (Linux /proc; 0 elsewhere). USER_HZ is 100 on Linux. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/**
 * CPU spent by the app process and by this database's PostgreSQL backends (its pool and the rollup folder)
 * while `work` runs: per accepted answer, these hold up on a busy machine where rates and latencies do not.
 */
export async function withCpu<T>(pool: pg.Pool, appPid: number, work: () => Promise<T>) {
  const backends = async () =>
    (
      await pool.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      )
    ).rows.map((r) => r.pid);
  const before = new Map((await backends()).map((pid) => [pid, cpuMs(pid)]));
  const app0 = cpuMs(appPid);
  const result = await work();
  const appMs = cpuMs(appPid) - app0;
  let dbMs = 0;
  for (const pid of new Set([...before.keys(), ...(await backends())])) dbMs += cpuMs(pid) - (before.get(pid) ?? 0);
  return { result, appMs, dbMs: Math.max(0, dbMs) };
}

export const perAnswer = (run: { appMs: number; dbMs: number }, answers: number) => ({
  app: round(run.appMs / Math.max(1, answers), 3),
  db: round(run.dbMs / Math.max(1, answers), 3),
});

export interface Lag {
  maxDepth: number;
  maxAgeMs: number;
  /** Queue depth once the load stopped, and how long the worker took to empty it. */
  drainMs: number;
}

export const queueNow = async (pool: pg.Pool) =>
  (
    await pool.query<{ depth: number; age: number }>(
      `select count(*)::int as depth, coalesce(extract(epoch from now() - min(queued_at)) * 1000, 0)::float8 as age
         from rollup_queue`,
    )
  ).rows[0]!;

/** Samples the rollup queue every 250 ms while `work` runs, then waits for the worker to empty it. */
export async function withLag<T>(pool: pg.Pool, work: Promise<T>): Promise<{ result: T; lag: Lag }> {
  let maxDepth = 0;
  let maxAgeMs = 0;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const q = await queueNow(pool);
      maxDepth = Math.max(maxDepth, q.depth);
      maxAgeMs = Math.max(maxAgeMs, q.age);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const result = await work;
  running = false;
  await sampler;
  const t0 = performance.now();
  while ((await queueNow(pool)).depth > 0) await new Promise((r) => setTimeout(r, 50));
  return { result, lag: { maxDepth, maxAgeMs: round(maxAgeMs), drainMs: round(performance.now() - t0) } };
}

/**
 * When the rollup folder's backend was running a statement (pg_stat_activity sampled every `everyMs`), to tell
 * whether the slow answers are the ones sent while a fold ran (its burst of CPU each second) or not.
 */
export function foldTimeline(pool: pg.Pool, everyMs = 20) {
  const intervals: Array<[number, number]> = [];
  let open: number | undefined;
  let running = true;
  const sampler = (async () => {
    while (running) {
      const t = performance.now();
      const { rows } = await pool.query<{ active: boolean }>(
        `select coalesce(bool_or(state = 'active' and query like '%rollup_fold%'), false) as active
           from pg_stat_activity where application_name like 'hai-long-rollups%'`,
      );
      if (rows[0]!.active && open === undefined) open = t;
      if (!rows[0]!.active && open !== undefined) {
        intervals.push([open, t]);
        open = undefined;
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await sampler;
      if (open !== undefined) intervals.push([open, performance.now()]);
      return intervals;
    },
  };
}

/** The p99 of latencies (sorts them in place), to 0.1 ms. */
function p99(xs: number[]): number {
  xs.sort((a, b) => a - b);
  return round(xs[Math.min(xs.length - 1, Math.floor(0.99 * xs.length))] ?? 0, 1);
}

/** p99 of the answers whose time in flight overlapped a fold, and of the others; and the folds' share of the time. */
export function tailByFold(requests: Array<[number, number]>, folds: Array<[number, number]>) {
  const during: number[] = [];
  const outside: number[] = [];
  for (const [planned, ms] of requests) {
    const overlaps = folds.some(([a, b]) => planned < b && planned + ms > a);
    (overlaps ? during : outside).push(ms);
  }
  const span = requests.length ? Math.max(...requests.map(([p, ms]) => p + ms)) - requests[0]![0] : 0;
  const folding = folds.reduce((sum, [a, b]) => sum + (b - a), 0);
  return {
    folds: folds.length,
    foldMs: round(folds.length ? folding / folds.length : 0),
    during: { n: during.length, p99: p99(during) },
    outside: { n: outside.length, p99: p99(outside) },
    foldShare: round(span > 0 ? (folding / span) * 100 : 0),
  };
}

/**
 * What the database's sessions are doing while a phase runs (DIAG=1 bench/submit.ts): every 10 ms, the
 * active client backends and autovacuum workers, counted by statement (its first words) and wait event
 * ("cpu" when none). A statement seen waiting on IO:WalSync is waiting for its commit to reach the disk.
 */
export function waitSampler(databaseUrl: string) {
  const counts = new Map<string, number>();
  let on = true;
  const sampling = (async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      while (on) {
        const { rows } = await client.query<{ kind: string; wait: string; query: string }>(
          `select backend_type as kind, coalesce(wait_event_type || ':' || wait_event, 'cpu') as wait,
                  left(regexp_replace(query, '\\s+', ' ', 'g'), 40) as query
             from pg_stat_activity
            where state = 'active' and pid <> pg_backend_pid() and backend_type in ('client backend', 'autovacuum worker')`,
        );
        for (const r of rows) {
          const what = r.kind === 'autovacuum worker' ? `autovacuum ${r.query}` : r.query.trim().slice(0, 30);
          const key = `${r.wait}  ${what}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await client.end();
    }
  })();
  return {
    async stop(): Promise<Array<[string, number]>> {
      on = false;
      await sampling;
      return [...counts.entries()].sort((a, b) => b[1] - a[1]);
    },
  };
}

/** The p99 latency of the requests planned in each second of a phase (requests: planned moment, latency). */
export function perSecondP99(requests: Array<[number, number]>): number[] {
  if (requests.length === 0) return [];
  const t0 = Math.min(...requests.map(([planned]) => planned));
  const seconds: number[][] = [];
  for (const [planned, ms] of requests) (seconds[Math.floor((planned - t0) / 1000)] ??= []).push(ms);
  return [...seconds].map((v = []) => p99(v));
}
