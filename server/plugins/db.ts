import fastifyPostgres from '@fastify/postgres';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createKysely, guardPool, POOL_DEFAULTS } from '../db/pool.js';
import type { Database } from '../db/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** The pg pool (via @fastify/postgres, closed with the app) and a kysely instance over it. */
export const dbPlugin = fp(
  async (app: FastifyInstance, opts: { connectionString: string; max: number }) => {
    await app.register(fastifyPostgres, { connectionString: opts.connectionString, max: opts.max, ...POOL_DEFAULTS });
    guardPool(app.pg.pool, (msg, err) => app.log.warn({ err: { message: err.message, code: errCode(err) } }, msg));
    // Kysely shares the pool; destroying it would end the pool twice, so only @fastify/postgres closes it.
    app.decorate('db', createKysely(app.pg.pool));
  },
  { name: 'db' },
);

function errCode(err: Error): string | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
