import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

// bigint (int8) ids and counts fit easily in a JS number at this scale; numeric targets
// and rates are small decimals. Parse both so the rest of the code sees numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function createPool(connectionString: string, max = 10): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'hai-long' });
  // Without a listener, an idle connection dropped by the server (restart, failover) would
  // crash the process; the pool replaces the connection on next use.
  pool.on('error', (err) => console.warn(`[hai-long] idle database connection lost: ${err.message}`));
  return pool;
}

export function createKysely(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
