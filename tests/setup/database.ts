import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../server/db/embedded.js';
import { migrate } from '../../server/db/migrate.js';

export interface RunDatabase {
  adminUrl: string;
  template: string;
  stop(): Promise<void>;
}

/**
 * One real PostgreSQL for the whole run: DATABASE_URL when set, else an embedded one in a
 * temp folder. Migrations run once into a template; each test file clones it, which takes
 * milliseconds and keeps files independent.
 */
export async function startRunDatabase(): Promise<RunDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hailong-test-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir });
    adminUrl = embedded.adminUrl;
  }
  const template = `hl_template_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (embedded) {
    // A throwaway cluster: no fsync (a killed postgres still loses nothing, only an OS crash would),
    // which makes CREATE DATABASE and every commit cheap. Only ever on our own temp cluster.
    await admin.query('alter system set fsync = off');
    await admin.query('alter system set full_page_writes = off');
    await admin.query('select pg_reload_conf()');
  }
  await admin.query(`drop database if exists ${template}`);
  await admin.query(`create database ${template}`);
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${template}`;
  const pool = new pg.Pool({ connectionString: templateUrl.toString(), max: 1 });
  await migrate(pool);
  await pool.end();
  return {
    adminUrl,
    template,
    async stop() {
      // Drop databases the test files left behind (a crashed file cannot drop its own).
      const leftovers = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'hl_test_%' or datname = $1`,
        [template],
      );
      for (const { datname } of leftovers.rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
      await embedded?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
