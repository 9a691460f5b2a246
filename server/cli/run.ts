import { ConfigError, loadConfig, type Config } from '../config.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { createKysely, createPool } from '../db/pool.js';
import type { Database } from '../db/schema.js';
import type pg from 'pg';

/**
 * Run a command-line task against the configured database: DATABASE_URL, or else the
 * embedded one in DATA_DIR (started for the task and stopped after it).
 */
export async function runWithDatabase(
  task: (ctx: { db: Database; pool: pg.Pool; config: Config }) => Promise<number | void>,
): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const embedded = config.DATABASE_URL
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.DATA_DIR, port: config.EMBEDDED_PG_PORT });
  const pool = createPool(config.DATABASE_URL ?? embedded!.url, 2);
  const db = createKysely(pool);
  let code = 0;
  try {
    code = (await task({ db, pool, config })) ?? 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    code = 1;
  } finally {
    await db.destroy();
    await embedded?.stop();
  }
  process.exit(code);
}
