import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import pg from 'pg';
import { createKysely, guardPool, POOL_DEFAULTS } from './pool.js';
import type { Database } from './schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Where read-only queries that may lag a little go (analytics, exports, the public page): a streaming
     * replica when DATABASE_READ_URL is set, otherwise the primary. Writes, sessions and anything that must
     * read its own writes use app.db / app.pg.pool (the primary).
     */
    read: { db: Database; pool: pg.Pool };
  }
}

/**
 * A replica is a consistent snapshot of the primary a moment ago: the rollup tables and the rollup queue
 * (migrations/0060) arrive together, so a figure read there is exact as of that moment, never a half-folded
 * batch.
 */
export const readPoolPlugin = fp(
  async (app: FastifyInstance, opts: { connectionString?: string; max: number }) => {
    if (!opts.connectionString) {
      app.decorate('read', { db: app.db, pool: app.pg.pool });
      return;
    }
    const pool = guardPool(
      new pg.Pool({ connectionString: opts.connectionString, max: opts.max, ...POOL_DEFAULTS }),
      (msg, err) => app.log.warn({ err: { message: err.message } }, `read replica: ${msg}`),
    );
    const db = createKysely(pool);
    app.decorate('read', { db, pool });
    app.addHook('onClose', async () => {
      await db.destroy();
    });
  },
  { name: 'read-pool', dependencies: ['db'] },
);
