import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../server/db/migrate.js';
import { readdirSync } from 'node:fs';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

describe('migrations', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrated: false });
  });
  afterAll(() => t.drop());

  const files = readdirSync(MIGRATIONS_DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();

  it('applies every file in order on an empty database, then is a no-op', async () => {
    const first = await migrate(t.pool);
    expect(first.applied).toEqual(files);
    const recorded = await t.pool.query('select name from schema_migrations order by name');
    expect(recorded.rows.map((r) => r.name)).toEqual(files);
    const tables = await t.pool.query(
      "select table_name from information_schema.tables where table_schema = 'public' order by 1",
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['units', 'surveys', 'survey_versions', 'links', 'responses', 'users', 'sessions']),
    );

    const second = await migrate(t.pool);
    expect(second.applied).toEqual([]);
    expect(second.skipped).toEqual(files);
  });

  it('lets instances that start together take turns (advisory lock)', async () => {
    const fresh = await createTestDatabase({ migrated: false });
    try {
      const results = await Promise.all([migrate(fresh.pool), migrate(fresh.pool), migrate(fresh.pool)]);
      expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, files.length]);
      const count = await fresh.pool.query('select count(*)::int as n from schema_migrations');
      expect(count.rows[0].n).toBe(files.length);
    } finally {
      await fresh.drop();
    }
  });

  it('rolls back a failing migration whole and records nothing for it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hl-mig-'));
    await writeFile(path.join(dir, '0001_ok.sql'), 'create table ok_table (id int);');
    await writeFile(path.join(dir, '0002_bad.sql'), 'create table half_table (id int); select * from no_such_table;');
    const fresh = await createTestDatabase({ migrated: false });
    try {
      await expect(migrate(fresh.pool, dir)).rejects.toThrow(/0002_bad\.sql failed/);
      const names = await fresh.pool.query('select name from schema_migrations');
      expect(names.rows.map((r) => r.name)).toEqual(['0001_ok.sql']);
      const half = await fresh.pool.query("select to_regclass('half_table') as t");
      expect(half.rows[0].t).toBeNull();
      // A file changed after it was applied is refused, not silently skipped.
      await writeFile(path.join(dir, '0001_ok.sql'), 'create table ok_table (id bigint);');
      await expect(migrate(fresh.pool, dir)).rejects.toThrow(/changed after it was applied/);
    } finally {
      await fresh.drop();
    }
  });
});
