/**
 * Where one accepted submission's time goes (#10.2), in figures that hold up on a busy machine: CPU
 * milliseconds per accepted answer in the app (node) and in PostgreSQL (every backend of the cluster, from
 * /proc), pg_stat_statements' statements by total time, and the rollup fold's cost per folded change.
 *
 *   npx tsx bench/submit-profile.ts                   # 300 req/s for 10 s, the worker on
 *   RATE=500 SECONDS=10 CPU_PROF=1 npx tsx bench/submit-profile.ts   # also a .cpuprofile of the app
 *   ROLLUP_WORKER=false npx tsx bench/submit-profile.ts               # ingest alone, then one timed drain
 *
 * Linux only (/proc). The cluster lives in a temp folder, removed at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startServerProcess } from './server.js';
import { postJson } from './post.js';
import { targets } from './submit-load.js';

const RATE = Number(process.env.RATE ?? 300);
const SECONDS = Number(process.env.SECONDS ?? 10);
const WORKER = process.env.ROLLUP_WORKER !== 'false';
const TICK = 100; // USER_HZ on Linux

/** utime + stime of a process, in ms. */
function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK;
  } catch {
    return 0;
  }
}

/** The postmaster and its children (backends, background workers). */
function clusterCpuMs(postmaster: number): number {
  let total = cpuMs(postmaster);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuMs(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function main() {
  const { startEmbeddedPostgres } = await import('../server/db/embedded.js');
  const { migrate } = await import('../server/db/migrate.js');
  const { createKysely, createPool } = await import('../server/db/pool.js');
  const { publishDefinitions, readDefinitionFiles } = await import('../server/definitions/publish.js');
  const { seedDemo } = await import('../server/demo/seed.js');
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hailong-submit-prof-'));
  let db = await startEmbeddedPostgres({ dataDir });
  {
    const pool = createPool(db.url, 4);
    const k = createKysely(pool);
    await migrate(pool);
    await publishDefinitions(k, await readDefinitionFiles());
    await seedDemo(k);
    await pool.query(`alter system set shared_preload_libraries = 'pg_stat_statements'`);
    await pool.query(`alter system set pg_stat_statements.track = 'all'`);
    await k.destroy();
  }
  await db.stop();
  db = await startEmbeddedPostgres({ dataDir });
  const admin = new pg.Pool({ connectionString: db.url, max: 2 });
  await admin.query('create extension if not exists pg_stat_statements');
  const postmaster = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

  let server: Awaited<ReturnType<typeof startServerProcess>> | undefined;
  try {
    server = await startServerProcess({
      databaseUrl: db.url,
      env: { SUBMIT_RATE_LIMIT_PER_MINUTE: '1000000', DB_POOL_MAX: '16', ROLLUP_WORKER: String(WORKER) },
      nodeArgs: process.env.CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF_DIR ?? '/tmp'}`] : [],
    });
    const all = await targets(admin);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
    const target = new URL('/api/v1/public/responses', server.url);
    let i = 0;
    /** Failed requests by status or error, printed with the figures. */
    const failures = new Map<string, number>();
    const post = () =>
      new Promise<number>((resolve) => {
        const tg = all[i++ % all.length]!;
        const payload = JSON.stringify({
          id: randomUUID(),
          linkCode: tg.code,
          versionId: tg.versionId,
          answers: tg.answers,
          startedAt: new Date(Date.now() - 120_000).toISOString(),
          deviceToken: randomBytes(18).toString('base64url'),
        });
        const t0 = performance.now();
        void postJson(agent, target, payload).then((outcome) => {
          const failure =
            'error' in outcome ? outcome.error.message : outcome.status !== 201 ? String(outcome.status) : null;
          if (failure !== null) failures.set(failure, (failures.get(failure) ?? 0) + 1);
          resolve(failure === null ? performance.now() - t0 : -1);
        });
      });
    // Warm-up: JIT, caches, plans.
    for (let w = 0; w < 300; w += 10) await Promise.all(Array.from({ length: 10 }, post));
    while ((await admin.query('select count(*)::int as n from rollup_queue')).rows[0].n > 0 && WORKER)
      await new Promise((r) => setTimeout(r, 50));
    await admin.query('select pg_stat_statements_reset()');

    const app0 = cpuMs(server.child.pid!);
    const pg0 = clusterCpuMs(postmaster);
    const latencies: number[] = [];
    let failed = 0;
    let maxDepth = 0;
    const pending: Promise<void>[] = [];
    const start = performance.now();
    let sent = 0;
    const total = RATE * SECONDS;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * RATE));
        while (sent < due) {
          const planned = start + (sent++ * 1000) / RATE;
          pending.push(
            post().then((ms) => {
              if (ms < 0) failed++;
              else latencies.push(performance.now() - planned);
            }),
          );
        }
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
      const sampler = setInterval(() => {
        void admin.query('select count(*)::int as n from rollup_queue').then((r) => {
          maxDepth = Math.max(maxDepth, r.rows[0].n as number);
        });
      }, 250);
      void (async () => {
        await new Promise((r) => setTimeout(r, SECONDS * 1000 + 50));
        clearInterval(sampler);
      })();
    });
    await Promise.all(pending);
    const ingestApp = cpuMs(server.child.pid!) - app0;
    const ingestPg = clusterCpuMs(postmaster) - pg0;
    const wall = performance.now() - start;
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(1);
    const n = latencies.length;
    console.log(
      `${n} accepted, ${failed} failed in ${(wall / 1000).toFixed(1)} s at ${RATE} req/s planned; worker ${WORKER ? 'on' : 'off'}`,
    );
    console.log(
      `  latency from planned moment: p50 ${pct(50)} ms, p90 ${pct(90)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms`,
    );
    console.log(`  queue depth ≤ ${maxDepth}`);
    if (failures.size) console.log(`  failed: ${[...failures].map(([k, v]) => `${k} ×${v}`).join(', ')}`);
    console.log(
      `  CPU per accepted answer: app ${(ingestApp / n).toFixed(3)} ms, PostgreSQL ${(ingestPg / n).toFixed(3)} ms (incl. folds while running)`,
    );

    // What is left in the queue, folded in one timed go.
    const queued = (await admin.query('select count(*)::int as n from rollup_queue')).rows[0].n as number;
    if (!WORKER && queued > 0) {
      const p0 = clusterCpuMs(postmaster);
      const t0 = performance.now();
      let folded = 0;
      for (;;) {
        const r = await admin.query<{ n: number }>('select rollup_fold($1) as n', [Number(process.env.BATCH ?? 2000)]);
        if (r.rows[0]!.n === 0) break;
        folded += r.rows[0]!.n;
      }
      const ms = performance.now() - t0;
      console.log(
        `  fold: ${folded} changes in ${ms.toFixed(0)} ms wall (${((ms / folded) * 1000).toFixed(0)} µs/change), ` +
          `PostgreSQL CPU ${((clusterCpuMs(postmaster) - p0) / folded).toFixed(3)} ms/change`,
      );
    }
    const stats = await admin.query<{ calls: string; total: number; mean: number; rows: string; query: string }>(
      `select calls, total_exec_time::numeric(12,1)::float8 as total, mean_exec_time::numeric(12,3)::float8 as mean, rows,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 150) as query
         from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
        order by total_exec_time desc limit 25`,
    );
    console.log('  pg_stat_statements, by total time (ms):');
    for (const s of stats.rows)
      console.log(
        `   ${String(s.total).padStart(9)} ${String(s.calls).padStart(7)}× ${String(s.mean).padStart(8)}  ${s.query}`,
      );
    agent.destroy();
  } finally {
    await server?.stop();
    await admin.end();
    await db.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
