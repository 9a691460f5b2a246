/**
 * The partitioned copy measured by bench/partitioning.ts (#10.5), built beside the plain `responses` in the
 * same cluster: `bench_part_responses`, partitioned by range of submitted_at into local (Asia/Ho_Chi_Minh)
 * months, with the same columns, checks, foreign keys and indexes as `responses`. A partitioned table's
 * unique indexes must contain the partition key, so its primary key is (id, submitted_at) and the id alone is
 * kept unique by `bench_response_ids (id primary key, submitted_at)`, written by the same statement as the row.
 * Its rollup-queue triggers are copies of the real ones writing to `bench_part_queue`, so the app's
 * rollups (and the analytics bench that reads them) never see the copy.
 */
import { sql } from 'kysely';
import type { Database } from '../server/db/schema.js';

export const PART = 'bench_part_responses';
export const IDS = 'bench_response_ids';
export const PART_QUEUE = 'bench_part_queue';

/** The first instant of the local month `monthsAfter` months after the one holding `at` (ISO text for SQL and Date). */
export function localMonthStart(at: Date, monthsAfter = 0): string {
  const local = new Date(at.getTime() + 7 * 3600_000);
  const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + monthsAfter, 1));
  return `${d.toISOString().slice(0, 10)}T00:00:00+07:00`;
}

export const partitionName = (start: string): string => `${PART}_${start.slice(0, 7).replace('-', '_')}`;

export interface PartitionSetup {
  partitions: string[];
  rows: number;
  seconds: number;
  reused: boolean;
}

/**
 * Builds the copy (or reuses it when it already holds every row of `responses`): monthly partitions from
 * the month of the oldest answer to two months after `now` (the worker would keep creating them ahead),
 * the rows and ids copied in bulk, then the indexes and triggers (cheaper than maintaining them per row).
 */
export async function buildPartitionedCopy(db: Database, now: Date, log: (line: string) => void) {
  const started = performance.now();
  const plainRows = Number((await sql<{ n: string }>`select count(*) as n from responses`.execute(db)).rows[0]!.n);
  const exists = (await sql<{ t: string | null }>`select to_regclass(${PART})::text as t`.execute(db)).rows[0]!.t;
  if (exists) {
    const n = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(PART)}`.execute(db)).rows[0]!.n);
    if (n <= plainRows) {
      // Answers added to responses since the copy was built (bench/analytics.ts adds some): top it up.
      if (n < plainRows) {
        const added = await sql`insert into ${sql.table(PART)} select r.* from responses r
          where not exists (select 1 from ${sql.table(IDS)} i where i.id = r.id)`.execute(db);
        await sql`insert into ${sql.table(IDS)} select id, submitted_at from responses r
          where not exists (select 1 from ${sql.table(IDS)} i where i.id = r.id)`.execute(db);
        await sql`truncate ${sql.table(PART_QUEUE)}`.execute(db);
        await sql`analyze ${sql.table(PART)}`.execute(db);
        log(`topped ${PART} up with ${Number(added.numAffectedRows ?? 0)} rows`);
      }
      log(`reusing ${PART} (${plainRows.toLocaleString('en')} rows)`);
      return { partitions: await partitions(db), rows: plainRows, seconds: 0, reused: true } satisfies PartitionSetup;
    }
    log(`${PART} holds ${n} rows, responses ${plainRows}: rebuilding`);
  }
  await sql`drop table if exists ${sql.table(PART)}, ${sql.table(IDS)}, ${sql.table(PART_QUEUE)} cascade`.execute(db);
  const oldest = (await sql<{ t: Date }>`select min(submitted_at) as t from responses`.execute(db)).rows[0]!.t;
  await sql`create table ${sql.table(PART)} (like responses including defaults including constraints)
    partition by range (submitted_at)`.execute(db);
  const made: string[] = [];
  for (let m = 0; ; m++) {
    const start = localMonthStart(oldest, m);
    if (new Date(start) > new Date(localMonthStart(now, 2))) break;
    const name = partitionName(start);
    await sql`create table ${sql.table(name)} partition of ${sql.table(PART)}
      for values from (${sql.lit(start)}) to (${sql.lit(localMonthStart(oldest, m + 1))})`.execute(db);
    made.push(name);
  }
  log(`${made.length} monthly partitions; copying ${plainRows.toLocaleString('en')} rows…`);
  await db.connection().execute(async (c) => {
    await sql`set synchronous_commit = off`.execute(c);
    await sql`set maintenance_work_mem = '512MB'`.execute(c);
    await sql`insert into ${sql.table(PART)} select * from responses`.execute(c);
    await sql`create table ${sql.table(IDS)} (id uuid primary key, submitted_at timestamptz not null)`.execute(c);
    await sql`insert into ${sql.table(IDS)} select id, submitted_at from responses`.execute(c);
    log('indexes…');
    await sql`alter table ${sql.table(PART)} add primary key (id, submitted_at)`.execute(c);
    // Every other index of responses, as it is defined there (created on each partition by PostgreSQL).
    const indexes = (
      await sql<{ name: string; def: string; uniq: boolean }>`
        select i.relname as name, pg_get_indexdef(x.indexrelid) as def, x.indisunique as uniq
          from pg_index x join pg_class i on i.oid = x.indexrelid
         where x.indrelid = 'responses'::regclass and not x.indisprimary`.execute(c)
    ).rows;
    for (const ix of indexes) {
      if (ix.uniq) throw new Error(`unique index ${ix.name} on responses: it would need submitted_at on partitions`);
      const def = ix.def.replace(
        /^CREATE INDEX (\S+) ON (public\.)?responses /,
        `CREATE INDEX bench_part_$1 ON ${PART} `,
      );
      await sql.raw(def).execute(c);
    }
    const fks = (
      await sql<{ def: string }>`select pg_get_constraintdef(oid) as def from pg_constraint
         where conrelid = 'responses'::regclass and contype = 'f'`.execute(c)
    ).rows;
    for (const fk of fks) await sql.raw(`alter table ${PART} add ${fk.def}`).execute(c);
  });
  await copyQueueTriggers(db);
  log('vacuum analyze…');
  await sql`vacuum analyze ${sql.table(PART)}`.execute(db);
  await sql`vacuum analyze ${sql.table(IDS)}`.execute(db);
  return {
    partitions: made,
    rows: plainRows,
    seconds: (performance.now() - started) / 1000,
    reused: false,
  } satisfies PartitionSetup;
}

/** The real responses' queue trigger functions, renamed and writing to the copy's own queue. */
async function copyQueueTriggers(db: Database): Promise<void> {
  await sql`create table ${sql.table(PART_QUEUE)} (like rollup_queue including defaults including identity)`.execute(
    db,
  );
  const triggers = (
    await sql<{ name: string; def: string; fn: string; fndef: string }>`
      select t.tgname as name, pg_get_triggerdef(t.oid) as def, p.proname as fn, pg_get_functiondef(p.oid) as fndef
        from pg_trigger t join pg_proc p on p.oid = t.tgfoid
       where t.tgrelid = 'responses'::regclass and not t.tgisinternal and t.tgname like 'responses_rollup_%'`.execute(
      db,
    )
  ).rows;
  if (triggers.length === 0) throw new Error('no rollup triggers on responses');
  for (const t of triggers) {
    const fn = `bench_part_${t.fn}`;
    await sql
      .raw(t.fndef.replace(/FUNCTION (public\.)?\w+\(/, `FUNCTION ${fn}(`).replace(/\brollup_queue\b/g, PART_QUEUE))
      .execute(db);
    await sql
      .raw(
        t.def
          .replace(/TRIGGER \w+/, `TRIGGER bench_part_${t.name}`)
          .replace(/ ON (public\.)?responses /, ` ON ${PART} `)
          .replace(/FUNCTION (public\.)?\w+\(/, `FUNCTION ${fn}(`),
      )
      .execute(db);
  }
}

export async function partitions(db: Database): Promise<string[]> {
  return (
    await sql<{ name: string }>`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = ${PART}::regclass order by c.relname`.execute(db)
  ).rows.map((r) => r.name);
}
