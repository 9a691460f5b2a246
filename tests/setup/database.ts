import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.js';
import { migrate, MIGRATIONS_DIR } from '../../server/db/migrate.js';
import { copyTree, digestFiles, prune, touch } from './cache.js';

export interface RunDatabase {
  adminUrl: string;
  template: string;
  /**
   * FILE_COPY copies the template's files instead of writing every page through shared buffers and the
   * WAL (WAL_LOG, the default). On the run's own cluster (fsync off, so the checkpoint it asks for is
   * cheap) the creating backend's CPU fell from 0.2 s to 0.13 s per admin statement on average over the
   * fast suite. A shared server (DATABASE_URL) keeps WAL_LOG: there each checkpoint would flush to disk.
   */
  cloneStrategy: 'wal_log' | 'file_copy';
  stop(): Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'hailong-test-pg');
/** What a migrated cluster is made of: the migrations, the code that applies them, and the PostgreSQL build. */
const CLUSTER_INPUTS = [
  'server/db/migrate.ts',
  'server/db/embedded.ts',
  'package-lock.json',
  'tests/setup/database.ts',
  'tests/setup/cache.ts',
];
/** The template's name in the run's own embedded cluster (a shared server gets one per run, below). */
const EMBEDDED_TEMPLATE = 'hl_template';

async function clusterKey(): Promise<string> {
  const migrations = (await readdir(MIGRATIONS_DIR)).sort().map((f) => path.join(MIGRATIONS_DIR, f));
  return digestFiles([...migrations, ...CLUSTER_INPUTS.map((f) => path.join(ROOT, f))]);
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The migrated template, created in the database server behind adminUrl. */
async function createTemplate(admin: pg.Client, adminUrl: string, template: string): Promise<void> {
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const pool = new pg.Pool({ connectionString: templateUrl.toString(), max: 1 });
  try {
    await migrate(pool);
    // The month partitions of responses (migrations/0160) for the test data: fixed dates from late 2025
    // in the files, dates relative to now up to a year back, and a cached cluster reused for months.
    await pool.query(
      `select responses_create_partitions(least('2025-06-01'::timestamptz, now() - interval '13 months'),
                                          now() + interval '6 months')`,
    );
  } finally {
    await pool.end();
  }
}

/**
 * One real PostgreSQL for the whole run: DATABASE_URL when set, else an embedded one in a
 * temp folder. Migrations run once into a template; each test file clones it, which takes
 * milliseconds and keeps files independent.
 *
 * The embedded cluster, initdb'd and migrated, is kept (stopped cleanly) in node_modules/.cache and
 * copied for the next run while the migrations and the PostgreSQL build are the same: initdb and the
 * migrations are seconds on the critical path of every run. Any change to them makes a new key and a
 * fresh cluster. HL_PG_FRESH=1 always makes a fresh one.
 */
export async function startRunDatabase(): Promise<RunDatabase> {
  const external = process.env.DATABASE_URL;
  if (external) {
    const template = `hl_template_${process.pid}`;
    const admin = await connect(external);
    await createTemplate(admin, external, template);
    return {
      adminUrl: external,
      template,
      cloneStrategy: 'wal_log',
      async stop() {
        // Drop databases the test files left behind (a crashed file cannot drop its own).
        // With them the fixture templates made from this run's template (tests/helpers/db.ts), once unmarked.
        const leftovers = await admin.query<{ datname: string; datistemplate: boolean }>(
          `select datname, datistemplate from pg_database
            where datname like 'hl_test_%' or datname = $1 or starts_with(datname, $1 || '_')`,
          [template],
        );
        for (const { datname, datistemplate } of leftovers.rows) {
          if (datistemplate) await admin.query(`alter database ${datname} is_template false`);
          await admin.query(`drop database if exists ${datname} with (force)`);
        }
        await admin.end();
      },
    };
  }

  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hailong-test-pg-'));
  const cached = path.join(CACHE, await clusterKey());
  let embedded: EmbeddedDatabase | undefined =
    process.env.HL_PG_FRESH === '1' ? undefined : await startCached(cached, dataDir);
  const reuse = embedded !== undefined;
  embedded ??= await startEmbeddedPostgres({ dataDir });
  if (!reuse) {
    const admin = await connect(embedded.adminUrl);
    try {
      // A throwaway cluster: no fsync (a killed postgres still loses nothing, only an OS crash would),
      // which makes CREATE DATABASE and every commit cheap. Only ever on our own temp cluster.
      await admin.query('alter system set fsync = off');
      await admin.query('alter system set full_page_writes = off');
      await admin.query('select pg_reload_conf()');
      await createTemplate(admin, embedded.adminUrl, EMBEDDED_TEMPLATE);
    } finally {
      await admin.end();
    }
    // Stopped cleanly to be copied whole, then started again for this run.
    await embedded.stop();
    await storeCluster(dataDir, cached);
    embedded = await startEmbeddedPostgres({ dataDir });
  }
  const running = embedded;
  return {
    adminUrl: running.adminUrl,
    template: EMBEDDED_TEMPLATE,
    cloneStrategy: 'file_copy',
    async stop() {
      // The whole cluster goes, with whatever databases the test files left behind.
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * For the tests that start an embedded PostgreSQL of their own (through `npm start`'s path, or a primary
 * for a replica): the run's kept cluster, initdb'd and migrated, copied into dataDir (as DATA_DIR holds
 * it: pg/ and pg-password) in place of an initdb of their own, seconds each under load. Its throwaway
 * settings (no fsync) are dropped, so it runs as a cluster `npm start` makes. Returns the name of the
 * migrated database in it, or undefined (dataDir left empty) when no cluster is kept for these migrations.
 */
export async function seedDataDir(dataDir: string): Promise<string | undefined> {
  const cached = path.join(CACHE, await clusterKey());
  if (!existsSync(path.join(cached, 'pg', 'PG_VERSION'))) return undefined;
  try {
    await copyTree(`${cached}/.`, dataDir);
    const settings = path.join(dataDir, 'pg', 'postgresql.auto.conf');
    const kept = (await readFile(settings, 'utf8')).split('\n').filter((l) => !/^(fsync|full_page_writes)\b/.test(l));
    await writeFile(settings, kept.join('\n'));
    return EMBEDDED_TEMPLATE;
  } catch {
    // Replaced by a run beside this one while copying: the test makes its own cluster instead.
    for (const entry of await readdir(dataDir)) await rm(path.join(dataDir, entry), { recursive: true, force: true });
    return undefined;
  }
}

/** The kept cluster, copied and started; undefined (and dataDir empty again) when there is none or it fails. */
async function startCached(cached: string, dataDir: string): Promise<EmbeddedDatabase | undefined> {
  if (!existsSync(path.join(cached, 'pg', 'PG_VERSION'))) return undefined;
  try {
    await copyTree(`${cached}/.`, dataDir);
    await touch(cached);
    return await startEmbeddedPostgres({ dataDir });
  } catch {
    // Replaced by a run beside this one while copying, or damaged: a fresh cluster instead.
    for (const entry of await readdir(dataDir)) await rm(path.join(dataDir, entry), { recursive: true, force: true });
    return undefined;
  }
}

/** Keep a stopped cluster for later runs; written aside and renamed, so a run beside this one never copies half. */
async function storeCluster(dataDir: string, cached: string): Promise<void> {
  const aside = `${cached}.${process.pid}.tmp`;
  try {
    await mkdir(aside, { recursive: true });
    await copyTree(`${dataDir}/.`, aside);
    await rename(aside, cached);
    // A few clusters kept (tests/setup/cache.ts): the newest, and those of other trees sharing node_modules.
    await prune(CACHE);
  } catch {
    // Another run stored the same cluster first, or the cache is not writable: only the next run is slower.
    await rm(aside, { recursive: true, force: true });
  }
}
