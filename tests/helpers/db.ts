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

/** Data several test files start from, loaded once per run into a template of its own (see fixtureTemplate). */
export interface Fixture {
  /** Short, unique, [a-z]: part of the template's name. */
  name: string;
  /** Where this fixture's published versions are numbered from: below every file's own base (1 100 000 up). */
  versionBase: number;
  fill: (db: Database) => Promise<void>;
}

const urlOf = (database: string) => {
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${database}`;
  return url.toString();
};

/**
 * The migrated template with a fixture loaded, made by the first file of the run that asks while the
 * others wait on an advisory lock: loading the demo's year of answers or the light fixture's definitions
 * and units in every file that uses them was a large part of those files' time. A template is marked
 * IS_TEMPLATE only once complete, so one left half-filled by a killed run is made again. Its published
 * versions are numbered from the fixture's own base, so that in a worker process (which caches versions
 * by id) an id still means one definition: the same in every clone.
 */
async function fixtureTemplate(fixture: Fixture): Promise<string> {
  const template = `${inject('pgTemplate')}_${fixture.name}`;
  return admin(async (c) => {
    await c.query('select pg_advisory_lock(hashtext($1))', [template]);
    try {
      const found = await c.query<{ done: boolean }>(
        'select datistemplate as done from pg_database where datname = $1',
        [template],
      );
      if (found.rows[0]?.done) return template;
      await c.query(`drop database if exists ${template} with (force)`);
      await c.query(`create database ${template} template ${inject('pgTemplate')}`);
      const pool = createPool(urlOf(template), 5);
      const db = createKysely(pool);
      try {
        await sql`alter table survey_versions alter column id restart with ${sql.lit(fixture.versionBase)}`.execute(db);
        await fixture.fill(db);
      } finally {
        await db.destroy();
      }
      await c.query(`alter database ${template} is_template true`);
      return template;
    } finally {
      await c.query('select pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
}

/**
 * A fresh database for one test file: a clone of the migrated template (with a fixture's data when
 * given), or (migrated: false) an empty one for testing migrations themselves.
 */
export async function createTestDatabase(
  options: { migrated?: boolean; fixture?: Fixture | undefined } = {},
): Promise<TestDatabase> {
  const name = `hl_test_${randomBytes(6).toString('hex')}`;
  const template = options.fixture ? await fixtureTemplate(options.fixture) : inject('pgTemplate');
  await admin((c) =>
    c.query(
      options.migrated === false
        ? `create database ${name}`
        : `create database ${name} template ${template} strategy ${inject('pgCloneStrategy')}`,
    ),
  );
  const url = new URL(urlOf(name));
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
