import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { releaseClient } from './client.js';
import { LOCKS } from './locks.js';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'migrations');
const MIGRATION_LOCK_ID = LOCKS.migrations;

export interface MigrationResult {
  applied: string[];
  skipped: string[];
}

/**
 * Apply numbered SQL files in order, each in its own transaction, recording each in
 * schema_migrations. A session advisory lock makes instances that start together take turns.
 * A file already applied whose content changed is an error: migrations are forward-only.
 */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).sort();
  const client = await pool.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  // Destroy rather than reuse the client if anything failed: it may hold the session lock or an open transaction.
  let failure: Error | undefined;
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query(`create table if not exists schema_migrations (
      name text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>('select name, checksum from schema_migrations')).rows.map(
        (r) => [r.name, r.checksum],
      ),
    );
    for (const file of files) {
      const sql = await readFile(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const previous = done.get(file);
      if (previous !== undefined) {
        if (previous !== checksum) throw new Error(`migration ${file} was changed after it was applied`);
        result.skipped.push(file);
        continue;
      }
      try {
        await client.query('begin');
        await client.query(sql);
        await client.query('insert into schema_migrations (name, checksum) values ($1, $2)', [file, checksum]);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        throw new Error(`migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
      result.applied.push(file);
    }
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    const unlocked = await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).then(
      () => true,
      () => false,
    );
    releaseClient(client, failure ?? (unlocked ? undefined : new Error('advisory unlock failed')));
  }
  return result;
}
