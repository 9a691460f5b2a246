/**
 * One loaded bench cluster shared by bench/analytics.ts and bench/partitioning.ts. Loading 5M responses
 * takes a quarter of an hour of both cores, so with DATA_DIR set the cluster is kept there and a later run
 * (of either script) reuses it when it already holds the same number of loaded responses:
 *
 *   DATA_DIR=/tmp/hl-bench-5m RESPONSES=5000000 npx tsx bench/analytics.ts
 *   DATA_DIR=/tmp/hl-bench-5m RESPONSES=5000000 npx tsx bench/partitioning.ts
 *
 * Without DATA_DIR the cluster lives in a temporary folder removed at the end, as before.
 * The load's figures and its `now` (the cases are relative to it) are kept in a bench_load table.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';
import { createKysely, createPool } from '../server/db/pool.js';
import type { Database } from '../server/db/schema.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { createBenchUnits, loadBenchResponses } from './analytics-data.js';

export interface LoadInfo {
  responses: number;
  loadSeconds: number;
  loadPerSecond: number;
  rebuildSeconds: number;
  /** The instant the data was generated against (the 12 months before it). */
  now: Date;
  /** True when the data came from an earlier run's DATA_DIR. */
  reused: boolean;
}

export interface BenchCluster {
  server: EmbeddedDatabase;
  pool: pg.Pool;
  db: Database;
  load: LoadInfo;
  close(): Promise<void>;
}

export async function openBenchCluster(
  total: number,
  options: { log: (line: string) => void; poolSize?: number },
): Promise<BenchCluster> {
  const { log } = options;
  const keep = Boolean(process.env.DATA_DIR);
  const dataDir = keep
    ? path.resolve(process.env.DATA_DIR!)
    : await mkdtemp(path.join(os.tmpdir(), 'hailong-bench-analytics-'));
  log(`embedded PostgreSQL in ${dataDir}${keep ? ' (kept)' : ''}`);
  const server = await startEmbeddedPostgres({ dataDir });
  const pool = createPool(server.url, options.poolSize ?? 8);
  // The app's 60 s statement timeout would cut the rebuild, the vacuum and the naive 5M GROUP BY short.
  pool.on('connect', (client) => {
    void client.query('set statement_timeout = 0; set idle_in_transaction_session_timeout = 0');
  });
  const db = createKysely(pool);
  const close = async () => {
    await db.destroy();
    await server.stop();
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  };
  const opened = (load: LoadInfo): BenchCluster => ({ server, pool, db, close, load });
  try {
    await migrate(pool);
    await sql`create table if not exists bench_load (responses int8 not null, load_seconds float8 not null,
      rebuild_seconds float8 not null, generated_at timestamptz not null)`.execute(db);
    const previous = (
      await sql<{
        responses: string;
        load_seconds: number;
        rebuild_seconds: number;
        generated_at: Date;
      }>`select * from bench_load`.execute(db)
    ).rows[0];
    if (previous) {
      if (Number(previous.responses) !== total)
        throw new Error(`${dataDir} holds ${previous.responses} loaded responses, not ${total}: use another DATA_DIR`);
      log(
        `reusing ${total.toLocaleString('en')} responses loaded earlier (generated ${previous.generated_at.toISOString()})`,
      );
      return opened({
        responses: total,
        loadSeconds: previous.load_seconds,
        loadPerSecond: total / previous.load_seconds,
        rebuildSeconds: previous.rebuild_seconds,
        now: previous.generated_at,
        reused: true,
      });
    }
    const units = await db
      .selectFrom('units')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    let now = new Date();
    let loaded: { seconds: number; perSecond: number };
    if (Number(units.n) > 0) {
      // A load whose COPY finished but whose rebuild did not (an earlier run stopped there): resume.
      const done = (
        await sql<{ n: string; last: Date }>`select count(*) as n, max(submitted_at) as last from responses`.execute(db)
      ).rows[0]!;
      if (Number(done.n) !== total) throw new Error(`${dataDir} holds a half-finished load: remove it and start again`);
      log(`resuming after the COPY of ${total.toLocaleString('en')} responses: rebuild`);
      now = done.last;
      const seconds = Number(process.env.LOAD_SECONDS ?? Number.NaN);
      loaded = { seconds, perSecond: total / seconds };
      if (process.env.NO_REBUILD) {
        // For bench/partitioning.ts, which does not read the rollups: the raw rows are all it needs.
        log('NO_REBUILD: the rollups are left as they are (not rebuilt)');
        const load = { responses: total, loadSeconds: seconds, loadPerSecond: total / seconds };
        return opened({ ...load, rebuildSeconds: Number.NaN, now, reused: true });
      }
    } else {
      await publishDefinitions(db, await readDefinitionFiles());
      await createBenchUnits(db);
      // Bulk load with the triggers off, then one set-based rebuild of the rollups: the fast path for
      // an initial import.
      log(`loading ${total.toLocaleString('en')} responses with COPY (triggers off)…`);
      await sql`alter table responses disable trigger responses_rollup_insert`.execute(db);
      loaded = await loadBenchResponses(db, pool, total, { now, log });
      await sql`alter table responses enable trigger responses_rollup_insert`.execute(db);
    }
    log('rollup_rebuild()…');
    // One session for both: its memory settings are set once, and last for the vacuum too.
    const rebuildSeconds = await db.connection().execute(async (c) => {
      await sql`set work_mem = '256MB'`.execute(c);
      await sql`set maintenance_work_mem = '512MB'`.execute(c);
      const rebuildStart = performance.now();
      await sql`select rollup_rebuild()`.execute(c);
      const seconds = (performance.now() - rebuildStart) / 1000;
      log(`  rebuilt in ${Math.round(seconds)} s; vacuum analyze…`);
      await sql`vacuum analyze`.execute(c);
      return seconds;
    });
    await sql`insert into bench_load values (${total}, ${loaded.seconds}, ${rebuildSeconds}, ${now})`.execute(db);
    return opened({
      responses: total,
      loadSeconds: loaded.seconds,
      loadPerSecond: loaded.perSecond,
      rebuildSeconds,
      now,
      reused: false,
    });
  } catch (err) {
    await close();
    throw err;
  }
}
