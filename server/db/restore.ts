/**
 * Restore a backup written by backupDatabase (server/db/backup.ts) into an empty database:
 * run the migrations the backup was made with, load every table in one transaction (user
 * triggers off, so the analytics rollups are loaded as they were rather than recomputed twice),
 * set every sequence as it was, then run any newer migrations of this version of the app.
 */
import { createReadStream } from 'node:fs';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type pg from 'pg';
import {
  BATCH_ROWS,
  listTables,
  migrationChecksum,
  PORTABLE_SETTINGS,
  quoteIdent,
  tableCounts,
  ZBackupHeader,
  ZBackupTrailer,
  type BackupHeader,
} from './backup.js';
import { releaseClient, withClient } from './client.js';
import { migrate, MIGRATIONS_DIR, type MigrationResult } from './migrate.js';

/** Rows that the migrations themselves insert (default settings): they do not make a database "in use". */
const SEEDED_BY_MIGRATIONS = new Set(['analytics_settings']);

/** The target holds data and --force was not given; the message says what is there and what to do. */
export class RestoreRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefused';
  }
}

export interface RestoreResult {
  header: BackupHeader;
  rows: Record<string, number>;
  /** Migrations newer than the backup, applied after loading it. */
  upgraded: string[];
}

/** The tables of the target that hold rows the migrations did not put there. */
export async function dataInUse(pool: pg.Pool): Promise<Array<[string, number]>> {
  return withClient(pool, async (client) =>
    Object.entries(await tableCounts(client)).filter(([name, n]) => n > 0 && !SEEDED_BY_MIGRATIONS.has(name)),
  );
}

async function isPartitioned(client: pg.ClientBase, table: string): Promise<boolean> {
  const { rows } = await client.query<{ p: boolean }>(
    `select relkind = 'p' as p from pg_class where oid = to_regclass(quote_ident($1))`,
    [table],
  );
  return rows[0]?.p === true;
}

/** Lines of a gzip'd JSON-lines file, parsed, one at a time. */
async function* records(file: string): AsyncGenerator<unknown> {
  const input = createReadStream(file).pipe(createGunzip());
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of lines) {
      n++;
      if (line === '') continue;
      try {
        yield JSON.parse(line) as unknown;
      } catch {
        throw new Error(`line ${n} of ${file} is not JSON: the file is damaged`);
      }
    }
  } catch (err) {
    if (err instanceof Error && /unexpected end of file|incorrect header check/i.test(err.message)) {
      throw new Error(`${file} is not a complete gzip file (${err.message}): the backup is damaged or truncated`);
    }
    throw err;
  }
}

/** The migrations the backup was made with must be this app's, byte for byte. */
async function checkMigrations(header: BackupHeader, dir: string): Promise<string[]> {
  const local = new Set((await readdir(dir)).filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)));
  for (const m of header.migrations) {
    if (!local.has(m.name)) {
      throw new Error(
        `the backup was made by a newer version of Hài lòng (migration ${m.name} is unknown here): ` +
          'restore it with that version or a later one',
      );
    }
    if ((await migrationChecksum(path.join(dir, m.name))) !== m.checksum) {
      throw new Error(
        `migration ${m.name} differs from the one the backup was made with: restore with the same version`,
      );
    }
  }
  return header.migrations.map((m) => m.name);
}

/** Bring an empty target to exactly the backup's schema: the backup's migrations and no others. */
async function prepareSchema(pool: pg.Pool, names: string[], dir: string, force: boolean): Promise<void> {
  const applied = await withClient(pool, async (client) => {
    const exists = await client.query(`select to_regclass('public.schema_migrations') is not null as ok`);
    if (!exists.rows[0].ok) return [];
    return (await client.query<{ name: string }>('select name from schema_migrations order by name')).rows.map(
      (r) => r.name,
    );
  });
  const tables = await withClient(pool, (client) => listTables(client));
  const sameSchema = applied.length === names.length && applied.every((n, i) => n === names[i]);
  if ((tables.length > 0 || applied.length > 0) && !sameSchema) {
    // Nothing of value is lost here: the target is empty (checked before) or --force was given.
    if (!force && applied.length === 0) {
      throw new RestoreRefused('the target database has tables but no schema_migrations: it is not an empty database');
    }
    // With the months retention detached (migrations/0160), which belong to the data being replaced.
    await pool.query(
      'drop schema if exists response_archive cascade; drop schema public cascade; create schema public',
    );
  }
  const subset = await mkdtemp(path.join(os.tmpdir(), 'hailong-restore-migrations-'));
  try {
    for (const name of names) await copyFile(path.join(dir, name), path.join(subset, name));
    await migrate(pool, subset);
  } finally {
    await rm(subset, { recursive: true, force: true });
  }
}

/**
 * Restore `file` into the database behind `pool`. Refuses (RestoreRefused) when the target holds
 * data, unless `force`, which replaces everything in it.
 */
export async function restoreDatabase(
  pool: pg.Pool,
  file: string,
  options: { force?: boolean; migrationsDir?: string; log?: (line: string) => void } = {},
): Promise<RestoreResult> {
  const dir = options.migrationsDir ?? MIGRATIONS_DIR;
  const log = options.log ?? (() => {});
  const input = records(file)[Symbol.asyncIterator]();
  const first = await input.next();
  const parsedHeader = ZBackupHeader.safeParse(first.done ? undefined : first.value);
  if (!parsedHeader.success) {
    throw new Error(`${file} is not a Hài lòng backup (format hai-long-backup, version 1)`);
  }
  const header = parsedHeader.data;
  const names = await checkMigrations(header, dir);

  const inUse = await dataInUse(pool);
  if (inUse.length > 0 && !options.force) {
    throw new RestoreRefused(
      `the target database already holds data (${inUse.map(([t, n]) => `${t}: ${n}`).join(', ')}). ` +
        'Restore into an empty database, or pass --force to DELETE everything in it and replace it with the backup.',
    );
  }
  await prepareSchema(pool, names, dir, options.force === true);

  const client = await pool.connect();
  let failure: Error | undefined;
  const rows: Record<string, number> = {};
  try {
    const target = new Map((await listTables(client)).map((t) => [t.name, t]));
    const columnIndex = (name: string, column: string) => target.get(name)!.columns.findIndex((c) => c.name === column);
    for (const t of header.tables) {
      const here = target.get(t.name);
      const want = t.columns.map((c) => c.name).join(',');
      if (!here || here.columns.map((c) => c.name).join(',') !== want) {
        throw new Error(`table ${t.name} of the backup does not match the schema its migrations create`);
      }
    }
    await client.query('begin');
    for (const s of PORTABLE_SETTINGS) await client.query(s);
    const all = header.tables.map((t) => quoteIdent(t.name));
    // Triggers would recompute what the backup already holds (rollups, version questions).
    for (const t of all) await client.query(`alter table ${t} disable trigger user`);
    if (all.length > 0) await client.query(`truncate ${all.join(', ')}`);

    let table: { name: string; sql: string; width: number; months?: string } | undefined;
    let batch: Array<Array<string | null>> = [];
    const flush = async () => {
      if (!table || batch.length === 0) return;
      // One text[] per column, cast to the column's type: the server parses each value from its own text form.
      const columns = Array.from({ length: table.width }, (_, i) => batch.map((r) => r[i] ?? null));
      if (table.months) await client.query(table.months, [columns[columnIndex(table.name, 'submitted_at')]]);
      await client.query(table.sql, columns);
      rows[table.name] = (rows[table.name] ?? 0) + batch.length;
      batch = [];
    };
    let trailer: Record<string, number> | undefined;
    for (let next = await input.next(); !next.done; next = await input.next()) {
      const value = next.value;
      if (Array.isArray(value)) {
        if (!table || value.length !== table.width)
          throw new Error(`a row of ${table?.name ?? '?'} has the wrong shape`);
        batch.push(value.map((v) => (v === null ? null : String(v))));
        if (batch.length >= BATCH_ROWS) await flush();
        continue;
      }
      await flush();
      const object = (value ?? {}) as { table?: unknown };
      if (typeof object.table === 'string') {
        const t = header.tables.find((x) => x.name === object.table);
        if (!t) throw new Error(`the backup names a table it did not declare: ${object.table}`);
        const here = target.get(t.name)!;
        const cols = here.columns.map((c) => quoteIdent(c.name));
        const casts = here.columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
        const selects = here.columns.map((c, i) => `u.c${i}::${c.type}`).join(', ');
        const aliases = here.columns.map((_, i) => `c${i}`).join(', ');
        table = {
          name: t.name,
          width: here.columns.length,
          // A partitioned responses (migrations/0160) needs the month partitions of the rows it receives.
          ...(t.name === 'responses' && (await isPartitioned(client, t.name))
            ? {
                months:
                  'select responses_create_partitions(min(u.at::timestamptz), max(u.at::timestamptz)) ' +
                  'from unnest($1::text[]) as u(at)',
              }
            : {}),
          sql:
            `insert into ${quoteIdent(t.name)} (${cols.join(', ')}) overriding system value ` +
            `select ${selects} from unnest(${casts}) as u(${aliases})`,
        };
        rows[t.name] ??= 0;
        log(`  ${t.name}…`);
        continue;
      }
      const end = ZBackupTrailer.safeParse(value);
      if (!end.success) throw new Error('the backup holds a line that is neither a table, a row nor its end');
      trailer = end.data.rows;
    }
    if (!trailer) throw new Error(`${file} ends before its last line: the backup is incomplete`);
    for (const t of header.tables) {
      if ((rows[t.name] ?? 0) !== (trailer[t.name] ?? 0)) {
        throw new Error(`table ${t.name}: the backup says ${trailer[t.name]} rows, ${rows[t.name] ?? 0} were read`);
      }
    }
    for (const t of all) await client.query(`alter table ${t} enable trigger user`);
    for (const s of header.sequences) {
      await client.query(`select setval(to_regclass(quote_ident($1)), $2::bigint, $3)`, [
        s.name,
        s.lastValue,
        s.isCalled,
      ]);
    }
    await client.query('commit');
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    releaseClient(client, failure);
    await input.return?.(undefined);
  }
  // Newer migrations of this version run on the restored data, as they would have on the original.
  const upgrade: MigrationResult = await migrate(pool, dir);
  await pool.query('analyze');
  return { header, rows, upgraded: upgrade.applied };
}
