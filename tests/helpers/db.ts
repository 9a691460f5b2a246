import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { createKysely, createPool } from '../../server/db/pool.js';
import type { Database } from '../../server/db/schema.js';

export interface TestDatabase {
  url: string;
  name: string;
  db: Database;
  pool: pg.Pool;
  drop(): Promise<void>;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let databasesMade = 0;

/**
 * A fresh database for one test file: a clone of the migrated template, or (migrated: false)
 * an empty one for testing migrations themselves.
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `hl_test_${randomBytes(6).toString('hex')}`;
  await admin((c) =>
    c.query(
      options.migrated === false
        ? `create database ${name}`
        : `create database ${name} template ${inject('pgTemplate')}`,
    ),
  );
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  const pool = createPool(url.toString(), 5);
  const db = createKysely(pool);
  if (options.migrated !== false) {
    // Test files share worker processes (vitest isolate: false), and the app caches published versions by
    // id for the life of the process (they never change within one database). Each database therefore
    // numbers its new versions from its own base, so an id never means two definitions in one process.
    // The template's own rows, identical in every clone, keep their ids.
    const base = 1_000_000 + ++databasesMade * 100_000;
    await sql`alter table survey_versions alter column id restart with ${sql.lit(base)}`.execute(db);
  }
  return {
    url: url.toString(),
    name,
    db,
    pool,
    async drop() {
      // kysely ends the pool only if it ever used it; end it here otherwise.
      await db.destroy();
      if (!pool.ended) await pool.end();
      await admin((c) => c.query(`drop database if exists ${name} with (force)`));
    },
  };
}
