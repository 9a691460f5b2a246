import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { isDatabaseUnavailable } from './errors.js';
import type { DB } from './schema.js';

// bigint (int8) ids and counts fit easily in a JS number at this scale; numeric targets
// and rates are small decimals. Parse both so the rest of the code sees numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

/**
 * Pool settings that keep a request from hanging on a database that is away, and keep a leaked
 * transaction from holding locks for ever:
 * - connectionTimeoutMillis: a connect that neither succeeds nor is refused (a host gone from the
 *   network) fails after 1.5 s, so the API answers 503 within 2 s. It also bounds the wait for a
 *   free connection, which under a sane load is milliseconds.
 * - statement_timeout: no single statement runs longer than 60 s (exports fetch in small batches).
 * - idle_in_transaction_session_timeout: the server ends a session left inside a transaction.
 * - keepAlive: a peer that vanished without a FIN is noticed by TCP keepalive.
 * - idleTimeoutMillis: an idle connection is kept 5 minutes, not pg's 10 s or the 30 s it was: a PostgreSQL
 *   backend's first read of a set of rollup rows costs several times its later ones (bench/analytics.ts
 *   reports first runs of 21–592 ms against a p95 of 14–86 ms at 5M answers), and each connection prepares
 *   the submit path's statements once; a dashboard opened after a few quiet minutes should not pay both.
 */
export const POOL_DEFAULTS = {
  connectionTimeoutMillis: 1500,
  idleTimeoutMillis: 300_000,
  keepAlive: true,
  statement_timeout: 60_000,
  idle_in_transaction_session_timeout: 60_000,
  application_name: 'hai-long',
} as const;

/**
 * Every client gets an 'error' listener for its whole life. pg-pool listens only while a client
 * is idle; a client checked out between two statements (inside a transaction, or a cursor
 * waiting for a slow download) whose server goes away (57P01 on a postmaster crash) would
 * otherwise emit an unhandled 'error' and kill the process. The failed client is not queryable
 * afterwards, so pg-pool drops it on release instead of handing it out again.
 */
export function guardPool(pool: pg.Pool, warn: (msg: string, err: Error) => void): pg.Pool {
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      broken.add(client);
      warn('database connection lost', err);
    });
    // A statement that failed because the connection died (57P01, a reset socket) marks the client:
    // the server's goodbye may not have been read yet when it is released, and pg-pool would then
    // keep it and hand it to the next request.
    const proto = Object.getPrototypeOf(client) as { query: (...args: unknown[]) => unknown };
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const result = proto.query.apply(client, args);
      if (result instanceof Promise) {
        result.catch((err: unknown) => {
          if (isDatabaseUnavailable(err)) broken.add(client);
        });
      }
      return result;
    };
  });
  // Checked-out clients that are marked go back with an error, which makes pg-pool destroy them.
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  (pool as unknown as { connect: (...args: unknown[]) => unknown }).connect = (...args: unknown[]) => {
    if (args.length > 0) return (connect as (...a: unknown[]) => unknown)(...args);
    return connect().then((client) => {
      const release = client.release.bind(client);
      client.release = (err?: Error | boolean) =>
        release(err || (broken.has(client) ? new Error('connection lost') : undefined));
      return client;
    });
  };
  // An idle connection dropped by the server (restart, failover); the pool replaces it on next use.
  pool.on('error', (err) => warn('idle database connection lost', err));
  return pool;
}

const broken = new WeakSet<pg.ClientBase>();

export function createPool(connectionString: string, max = 10): pg.Pool {
  return guardPool(new pg.Pool({ connectionString, max, ...POOL_DEFAULTS }), (msg, err) =>
    console.warn(`[hai-long] ${msg}: ${err.message}`),
  );
}

export function createKysely(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
