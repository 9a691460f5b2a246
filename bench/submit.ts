/**
 * Public submission throughput and latency, through real HTTP on loopback, against the real app
 * (child process) on an embedded PostgreSQL with the demo data. In the same run, as the baseline (#10.2):
 * raw single-row INSERTs of the same rows, from 16 connections, into a copy of the responses table with the
 * same columns, checks, indexes and foreign keys and no trigger (no rollup work at all; submit-baseline.ts),
 * and, for comparison with earlier runs, into a copy without the foreign keys. Goals: accepted responses/s
 * ≥ 50 % of the raw INSERT rate; p99 < 50 ms at a steady 500 requests/s, open loop; and the rollup lag at
 * that rate (the queue of migrations/0060: its depth and the age of its oldest change, sampled every 250 ms).
 *
 *   apt-get install -y wrk                  # once: the flat-out load generator (else autocannon, heavier)
 *   SECONDS=20 npx tsx bench/submit.ts      # the documented run: about 2½ minutes, writes docs/benchmarks.md
 *   SECONDS=3 NO_WRITE=1 npx tsx bench/submit.ts   # a quick check that does not touch docs/benchmarks.md
 *   DIAG=1 …                                        # also what the sessions wait on in the steady phase, p99 per second
 *   GENERATOR=autocannon …                  # flat out with autocannon even when wrk is installed
 *
 * Every request carries a fresh UUID, a device token and a start time two minutes back, like the
 * phone form, spread over every demo link, so each is a new, valid, unflagged answer. Besides rates it
 * prints the CPU per accepted answer (app, PostgreSQL) and per request of each load generator.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { machineLine, round, writeSection } from './report.js';
import { prepareBenchDatabase, startServerProcess } from './server.js';
import { createBaselineTable, type BaselineShape } from './submit-baseline.js';
import { flatOut, hasWrk, paced, targets, type LoadResult, type Target } from './submit-load.js';
import {
  cpuMs,
  foldTimeline,
  perAnswer,
  perSecondP99,
  queueNow,
  tailByFold,
  waitSampler,
  withCpu,
  withLag,
  type Lag,
} from './submit-measure.js';

const SECONDS = Number(process.env.SECONDS ?? 10);
/** The baseline's connections, and the app's pool (DB_POOL_MAX) in this run. */
const POOL = 16;
const CONNECTIONS = 32;
const FIXED_RATE = 500;
/** wrk (Debian's package) when installed: a C load generator takes far less of the two cores than autocannon. */
const GENERATOR: 'wrk' | 'autocannon' =
  process.env.GENERATOR === 'autocannon' || (process.env.GENERATOR !== 'wrk' && !hasWrk()) ? 'autocannon' : 'wrk';

/**
 * A baseline: the same row the app writes, one INSERT per statement, POOL at a time, into `table` (a copy of
 * responses without its triggers, so with no rollup work: submit-baseline.ts).
 */
async function rawInserts(databaseUrl: string, table: string, all: Target[], seconds: number) {
  // One client per worker, so that each backend's CPU can be read before the clients close.
  const clients = await Promise.all(
    Array.from({ length: POOL }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      return { client, pid };
    }),
  );
  let done = 0;
  const latencies: number[] = [];
  const db0 = clients.map((c) => cpuMs(c.pid));
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    clients.map(async ({ client }, worker) => {
      let i = worker;
      while (performance.now() < until) {
        const tg = all[i++ % all.length]!;
        const t0 = performance.now();
        await client.query(
          `insert into ${table} (id, survey_id, version_id, unit_id, link_id, channel, answers, comment, started_at,
                                  body_hash, device_hash, ip_hash, flags, review_status)
           values ($1, $2, $3, $4, $5, 'qr', $6, null, $7, $8, $9, $10, '{}', 'accepted')`,
          [
            randomUUID(),
            tg.surveyId,
            tg.versionId,
            tg.unitId,
            tg.linkId,
            JSON.stringify(tg.answers),
            new Date(Date.now() - 120_000),
            createHash('sha256').update(String(i)).digest('hex'),
            randomBytes(32).toString('base64url'),
            randomBytes(32).toString('base64url'),
          ],
        );
        latencies.push(performance.now() - t0);
        done++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const dbMs = clients.reduce((sum, c, k) => sum + cpuMs(c.pid) - db0[k]!, 0);
  await Promise.all(clients.map((c) => c.client.end()));
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return {
    inserts: done,
    perSecond: done / elapsed,
    p50: pct(50),
    p99: pct(99),
    /** CPU per row: the inserting backends (PostgreSQL) and this process (the pg client). */
    dbMs: round(dbMs / Math.max(1, done), 3),
    generatorMs: round((cpu.user + cpu.system) / 1000 / Math.max(1, done), 3),
  };
}

type Raw = Awaited<ReturnType<typeof rawInserts>> & { shape: BaselineShape };

interface Phases {
  /** The old baseline (no foreign keys) and this round's (the real table's foreign keys too). */
  rawNoFk: Raw;
  raw: Raw;
  max: LoadResult & { queueLeft: number; drainMs: number; cpu: ReturnType<typeof perAnswer> };
  fixed: LoadResult & { cpu: ReturnType<typeof perAnswer> };
  lag: Lag;
  tail: ReturnType<typeof tailByFold>;
  stored: number;
}

async function baseline(pool: pg.Pool, url: string, all: Target[], foreignKeys: boolean): Promise<Raw> {
  const table = foreignKeys ? 'bench_raw_responses' : 'bench_raw_responses_nofk';
  const shape = await createBaselineTable(pool, { target: table, foreignKeys });
  const run = await rawInserts(url, table, all, SECONDS);
  await pool.query(`drop table ${table}`);
  return { ...run, shape };
}

async function phases(
  url: string,
  databaseUrl: string,
  pool: pg.Pool,
  appPid: number,
  all: Target[],
  say: (l: string) => void,
) {
  const count = async () => Number((await pool.query('select count(*) from responses')).rows[0].count);
  const sayRaw = (name: string, r: Raw) =>
    say(
      `  raw INSERT ${name} (pg, ${POOL} connections): ${round(r.perSecond)} rows/s, p50 ${round(r.p50, 2)} ms, ` +
        `p99 ${round(r.p99, 2)} ms; CPU per row: PostgreSQL ${r.dbMs} ms, client ${r.generatorMs} ms`,
    );
  const rawNoFk = await baseline(pool, databaseUrl, all, false);
  sayRaw('without foreign keys (old baseline)', rawNoFk);
  const raw = await baseline(pool, databaseUrl, all, true);
  sayRaw(`with the ${raw.shape.foreignKeys} foreign keys (baseline)`, raw);
  const before = await count();
  // Each phase's CPU includes folding its answers: the flat-out one waits for the worker to catch up.
  const maxRun = await withCpu(pool, appPid, async () => {
    const result = await flatOut(url, all, { connections: CONNECTIONS, seconds: SECONDS, generator: GENERATOR });
    // The work the phase deferred: the folder runs niced (server/rollups/priority.ts), so flat out it may fall behind.
    const left = await queueNow(pool);
    const t0 = performance.now();
    while ((await queueNow(pool)).depth > 0) await new Promise((r) => setTimeout(r, 50));
    return { ...result, queueLeft: left.depth, drainMs: round(performance.now() - t0) };
  });
  const max = { ...maxRun.result, cpu: perAnswer(maxRun, maxRun.result.ok) };
  const pct = (b: Raw) => round((max.perSecond / b.perSecond) * 100);
  say(
    `  HTTP flat out (${GENERATOR}, ${CONNECTIONS} connections): ${round(max.perSecond)} accepted/s ` +
      `(${pct(raw)} % of raw, ${pct(rawNoFk)} % of raw without FKs), ` +
      `p50 ${max.p50} ms, p99 ${max.p99} ms, non-2xx ${max.non2xx}, errors ${max.errors}; ` +
      `queue left ${max.queueLeft}, drained ${max.drainMs} ms after`,
  );
  say(
    `    CPU per accepted answer, its fold included: app ${max.cpu.app} ms, PostgreSQL ${max.cpu.db} ms; ` +
      `load generator ${max.generatorMs} ms per request`,
  );
  const sent: Array<[number, number]> = [];
  const waits = process.env.DIAG ? waitSampler(databaseUrl) : undefined;
  const timeline = foldTimeline(pool);
  const fixedRun = await withCpu(pool, appPid, () =>
    withLag(
      pool,
      paced(url, all, FIXED_RATE, SECONDS, (planned, ms) => sent.push([planned, ms])),
    ),
  );
  const tail = tailByFold(sent, await timeline.stop());
  if (waits) {
    // Each sample is 10 ms of one session's time, roughly.
    say(`    DIAG sessions seen active every 10 ms (count, wait event, statement):`);
    for (const [what, n] of (await waits.stop()).slice(0, 12)) say(`      ${n}  ${what}`);
    say(`    DIAG p99 of each second: ${perSecondP99(sent).join(' ')}`);
  }
  const { lag } = fixedRun.result;
  const fixed = { ...fixedRun.result.result, cpu: perAnswer(fixedRun, fixedRun.result.result.ok) };
  say(
    `  HTTP at ${FIXED_RATE} req/s (open loop): ${round(fixed.perSecond)} accepted/s, p50 ${fixed.p50} ms, ` +
      `p99 ${fixed.p99} ms, max ${fixed.max} ms, non-2xx ${fixed.non2xx}, errors ${fixed.errors}`,
  );
  say(
    `    CPU per accepted answer, its fold included: app ${fixed.cpu.app} ms, PostgreSQL ${fixed.cpu.db} ms; ` +
      `load generator ${fixed.generatorMs} ms per request`,
  );
  say(
    `    the tail and the folds: ${tail.folds} folds of ${tail.foldMs} ms on average (${tail.foldShare} % of the time); ` +
      `p99 of the ${tail.during.n} answers in flight during a fold ${tail.during.p99} ms, of the ${tail.outside.n} others ${tail.outside.p99} ms`,
  );
  say(
    `  rollup lag at ${FIXED_RATE} req/s: queue depth ≤ ${lag.maxDepth}, oldest ≤ ${lag.maxAgeMs} ms; drained ${lag.drainMs} ms after the load`,
  );
  // Requests still in flight when a phase ends are stored too, so rows ≥ acknowledged answers.
  const stored = (await count()) - before;
  return { rawNoFk, raw, max, fixed, lag, tail, stored } satisfies Phases;
}

function section(date: string, links: number, p: Phases) {
  const ratio = p.max.perSecond / p.raw.perSecond;
  const ratioNoFk = p.max.perSecond / p.rawNoFk.perSecond;
  const generator =
    GENERATOR === 'wrk'
      ? 'wrk (Debian’s package, C, 2 threads, in a child process; the bench falls back to autocannon without it)'
      : 'autocannon (in the bench process)';
  return `## Public submission (bench/submit.ts)

Measured ${date.slice(0, 10)} on ${machineLine()}. Run: \`SECONDS=${SECONDS} npx tsx bench/submit.ts\`
(about ${Math.round((4 * SECONDS + 60) / 10) * 10} s with the demo data's load; \`apt-get install -y wrk\` first).
The app (\`server/main.ts\` in a child process, pool of ${POOL}) on an embedded PostgreSQL 18 with the demo data; the load
generators on loopback, sharing the two cores with the server and PostgreSQL. Each request is a new valid answer (fresh
UUID, device token, start time two minutes back) to one of ${links} demo links; flat out with ${generator},
${CONNECTIONS} connections; at a steady ${FIXED_RATE} req/s with an open-loop generator in the bench process (bench/open-loop.ts:
raw keep-alive sockets, one request at a time each, every request's bytes built before the clock starts; each request's
latency counts from its planned moment; 16 connections opened before the clock starts, more when all are busy). It goes through zod, the definition's answer schema, the integrity checks (a
device-token lookup) and the idempotent INSERT, look-up and insert in one statement (server/responses/lookup-insert.ts; answers arriving
together share it, prepared once per connection), whose trigger appends one
row to the rollup queue (migrations/0060); the app's worker folds the queue into the rollups in the background.
The bench's own reads during the phases (queue depth, fold timeline) run without parallel workers. \`DIAG=1\` adds what
the sessions wait on during the steady phase and the p99 of each second.
The baseline, in the same run (#10.2): the same rows INSERTed one per statement with pg from ${POOL} connections into a copy
of \`responses\` built from the catalog (bench/submit-baseline.ts: the same columns, checks, ${p.raw.shape.indexes} indexes,
${p.raw.shape.partitions ? `${p.raw.shape.partitions} partitions, ` : ''}and its ${p.raw.shape.foreignKeys} foreign keys) without
its triggers: the same table minus the rollup work. Until this round the copy had no foreign keys; that baseline is
measured too, and its ratio given beside. ${SECONDS} s per phase. On a shared machine runs differ by up to a third;
compare rows of one run.

| Phase | Rate | p50 | p99 |
| --- | ---: | ---: | ---: |
| Raw single-row INSERT, no rollup work, no foreign keys (old baseline) | ${round(p.rawNoFk.perSecond)} rows/s | ${round(p.rawNoFk.p50, 2)} ms | ${round(p.rawNoFk.p99, 2)} ms |
| Raw single-row INSERT, no rollup work, with the foreign keys (baseline) | ${round(p.raw.perSecond)} rows/s | ${round(p.raw.p50, 2)} ms | ${round(p.raw.p99, 2)} ms |
| POST /api/v1/public/responses, ${CONNECTIONS} connections, flat out | ${round(p.max.perSecond)} accepted/s (${round(ratio * 100)} %) | ${p.max.p50} ms | ${p.max.p99} ms |
| POST /api/v1/public/responses at a steady ${FIXED_RATE} req/s (open loop) | ${round(p.fixed.perSecond)} accepted/s | ${p.fixed.p50} ms | ${p.fixed.p99} ms |

- Accepted/s ÷ raw INSERT/s: **${round(ratio * 100)} %** (goal ≥ 50 %: **${ratio >= 0.5 ? 'met' : 'NOT met'}**); against the old
  baseline without foreign keys ${round(ratioNoFk * 100)} % (${ratioNoFk >= 0.5 ? 'met' : 'not met'} there).
- p99 at a steady ${FIXED_RATE} req/s: **${p.fixed.p99} ms** (goal < 50 ms: **${p.fixed.p99 < 50 ? 'met' : 'NOT met'}**); max ${p.fixed.max} ms.
- The tail at ${FIXED_RATE} req/s and the rollup folds (the folder's backend sampled every 20 ms): ${p.tail.folds} folds of
  ${p.tail.foldMs} ms on average, running ${p.tail.foldShare} % of the time; p99 of the ${p.tail.during.n} answers in flight
  while a fold ran ${p.tail.during.p99} ms, of the ${p.tail.outside.n} others ${p.tail.outside.p99} ms.
- Work the flat-out phase deferred: **${p.max.queueLeft}** changes left in the rollup queue when it ended, folded
  ${p.max.drainMs} ms later (its CPU per answer below includes that fold).
- Rollup lag at ${FIXED_RATE} req/s (sampled every 250 ms): queue depth at most **${p.lag.maxDepth}**, oldest unfolded change
  at most **${p.lag.maxAgeMs} ms** old; the queue was empty ${p.lag.drainMs} ms after the load stopped. Reads are exact
  meanwhile: the live views add the queued changes (docs/scaling.md).
- CPU per accepted answer, folding it into the rollups included (app process; this database's PostgreSQL
  backends), which a busy machine distorts far less than rates: flat out app ${p.max.cpu.app} ms, PostgreSQL ${p.max.cpu.db} ms;
  at ${FIXED_RATE} req/s app ${p.fixed.cpu.app} ms, PostgreSQL ${p.fixed.cpu.db} ms. A raw INSERT: PostgreSQL ${p.raw.dbMs} ms
  (${p.rawNoFk.dbMs} ms without foreign keys). The load generators' own CPU per request: flat out ${p.max.generatorMs} ms,
  at ${FIXED_RATE} req/s ${p.fixed.generatorMs} ms, the baseline's pg client ${p.raw.generatorMs} ms.
- Nothing lost: ${p.max.ok + p.fixed.ok} answers acknowledged (2xx), ${p.stored} rows stored (requests in flight when a
  phase ends are stored too); failed requests: ${p.max.non2xx + p.fixed.non2xx + p.max.errors + p.fixed.errors}.
`;
}

export async function main() {
  const date = new Date().toISOString();
  const say = (line: string) => console.log(line);
  say(`Submission benchmark — ${date}\nMachine: ${machineLine()}`);
  const db = await prepareBenchDatabase(say);
  // The per-IP ceiling (120/min by default) would stop a load generator on one address at once;
  // it stays on (its cost is measured), just high.
  const server = await startServerProcess({
    databaseUrl: db.url,
    env: { SUBMIT_RATE_LIMIT_PER_MINUTE: '1000000', DB_POOL_MAX: String(POOL) },
  });
  // The bench's own reads (the queue's depth four times a second, the fold timeline) never start parallel
  // workers: a parallel count(*) over the queue, bloated after the flat-out phase, forked two processes every
  // 250 ms during the steady phase it measures.
  const pool = new pg.Pool({ connectionString: db.url, max: 2, options: '-c max_parallel_workers_per_gather=0' });
  try {
    const all = await targets(pool);
    say(`${all.length} links; server at ${server.url}; ${SECONDS} s per phase; flat out with ${GENERATOR}`);
    // Warm up the server (JIT, schema cache, HMAC key) and PostgreSQL.
    await paced(server.url, all, 100, 3);
    say('As shipped (submissions queue their rollup change; the app folds the queue in the background):');
    const shipped = await phases(server.url, db.url, pool, server.child.pid!, all, say);
    if (process.env.NO_WRITE) return;
    await writeSection('submit', section(date, all.length, shipped));
    say('docs/benchmarks.md updated (section submit)');
  } finally {
    await pool.end();
    await server.stop();
    await db.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
