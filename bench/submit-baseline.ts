/**
 * The submit bench's baseline table (#10.2): "the same responses table minus the rollup work". Built from
 * the catalog, so that it follows the real table when its shape changes (a partitioned responses gives a
 * partitioned copy with the same bounds): the same columns, defaults, checks, indexes and (unless
 * `foreignKeys` is false) foreign keys; never the triggers, which are the rollup work.
 */
import type pg from 'pg';

export interface BaselineOptions {
  /** The table to copy (default responses). */
  source?: string;
  /** The copy's name; dropped first if it exists. */
  target: string;
  /** Copy the source's foreign keys too (the integrity checks each insert pays). */
  foreignKeys: boolean;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the copy and returns what it carries, for the report. */
export async function createBaselineTable(pool: pg.Pool, options: BaselineOptions) {
  const source = options.source ?? 'responses';
  const target = ident(options.target);
  const { rows: kind } = await pool.query<{ partkey: string | null }>(
    `select case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partkey
       from pg_class c where c.oid = $1::regclass`,
    [source],
  );
  const partkey = kind[0]?.partkey ?? null;
  await pool.query(`drop table if exists ${target}`);
  // LIKE … INCLUDING ALL: columns, defaults, identity, checks, indexes, statistics; no foreign key, no trigger.
  await pool.query(
    `create table ${target} (like ${ident(source)} including all)${partkey ? ` partition by ${partkey}` : ''}`,
  );
  const { rows: parts } = await pool.query<{ name: string; bound: string }>(
    `select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
       from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = $1::regclass order by c.relname`,
    [source],
  );
  for (const [n, p] of parts.entries()) {
    // The partitions get the parent's indexes on creation.
    await pool.query(`create table ${ident(`${options.target}_p${n}`)} partition of ${target} ${p.bound}`);
  }
  const { rows: fks } = await pool.query<{ name: string; def: string }>(
    `select conname as name, pg_get_constraintdef(oid) as def
       from pg_constraint where conrelid = $1::regclass and contype = 'f' order by conname`,
    [source],
  );
  if (options.foreignKeys) {
    for (const fk of fks) {
      await pool.query(`alter table ${target} add constraint ${ident(`${options.target}_${fk.name}`)} ${fk.def}`);
    }
  }
  const { rows: counts } = await pool.query<{ indexes: number; checks: number }>(
    `select (select count(*)::int from pg_index where indrelid = $1::regclass) as indexes,
            (select count(*)::int from pg_constraint where conrelid = $1::regclass and contype = 'c') as checks`,
    [options.target],
  );
  return {
    partitions: parts.length,
    foreignKeys: options.foreignKeys ? fks.length : 0,
    indexes: counts[0]!.indexes,
    checks: counts[0]!.checks,
  };
}

export type BaselineShape = Awaited<ReturnType<typeof createBaselineTable>>;
