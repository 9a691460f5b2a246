import fastifyPostgres from '@fastify/postgres';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createKysely } from '../db/pool.js';
import type { Database } from '../db/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

/** The pg pool (via @fastify/postgres, closed with the app) and a kysely instance over it. */
export const dbPlugin = fp(
  async (app: FastifyInstance, opts: { connectionString: string; max: number }) => {
    await app.register(fastifyPostgres, {
      connectionString: opts.connectionString,
      max: opts.max,
      application_name: 'hai-long',
    });
    // An idle connection dropped by the server must not crash the process.
    app.pg.pool.on('error', (err) => app.log.warn({ err }, 'idle database connection lost'));
    // Kysely shares the pool; destroying it would end the pool twice, so only @fastify/postgres closes it.
    app.decorate('db', createKysely(app.pg.pool));
  },
  { name: 'db' },
);
