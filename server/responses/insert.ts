import { sql, type CompiledQuery, type Insertable } from 'kysely';
import type { Database, ResponsesTable } from '../db/schema.js';

export type NewResponse = Insertable<ResponsesTable> & { id: string };

/**
 * The one way the app stores new answers (the batcher, a lone answer, staff entry). `responses` is
 * partitioned by month (migrations/0160), so its primary key is (id, submitted_at) and cannot keep an id
 * unique across months: the id is claimed in response_ids, in the same statement as the row, and only
 * the rows whose claim succeeded are inserted. Claim and row commit together; an id already claimed (a
 * replay, or a concurrent twin) inserts nothing and is not returned.
 */

/**
 * The columns an answer is stored with, each bound as one array over the batch (unnest below), so the
 * statement's text is the same for any batch size: the submit route runs it as a named prepared statement
 * that each connection parses and plans once, where a VALUES list of n rows was a new statement to parse
 * and plan for every batch. flags is an array per row, which an array of arrays cannot carry when the rows'
 * lengths differ: each row's flags travel as JSON text.
 */
const COLUMNS = [
  ['id', 'uuid'],
  ['survey_id', 'bigint'],
  ['version_id', 'bigint'],
  ['unit_id', 'bigint'],
  ['link_id', 'bigint'],
  ['channel', 'text'],
  ['answers', 'jsonb'],
  ['comment', 'text'],
  ['started_at', 'timestamptz'],
  ['body_hash', 'text'],
  ['device_hash', 'text'],
  ['ip_hash', 'text'],
  ['flags', 'text'],
  ['review_status', 'text'],
  ['operator_id', 'bigint'],
  ['kiosk_id', 'bigint'],
  ['officer_id', 'bigint'],
] as const satisfies ReadonlyArray<readonly [keyof NewResponse, string]>;

/** Identifiers, quoted by kysely: no SQL is built from strings. */
const NAMES = sql.join(COLUMNS.map(([name]) => sql.ref(name)));

/** The unnested columns in COLUMNS' order, flags turned back from JSON text into text[]. */
const SELECTED = sql.join(
  COLUMNS.map(([name]) =>
    name === 'flags' ? sql`array(select jsonb_array_elements_text(v.flags::jsonb))` : sql.ref(`v.${name}`),
  ),
);

const ARRAY_CAST = {
  uuid: (v: unknown[]) => sql`${v}::uuid[]`,
  bigint: (v: unknown[]) => sql`${v}::bigint[]`,
  text: (v: unknown[]) => sql`${v}::text[]`,
  jsonb: (v: unknown[]) => sql`${v}::jsonb[]`,
  timestamptz: (v: unknown[]) => sql`${v}::timestamptz[]`,
} as const;

function valueOf(row: NewResponse, column: (typeof COLUMNS)[number][0]): unknown {
  switch (column) {
    case 'answers':
      return typeof row.answers === 'string' ? row.answers : JSON.stringify(row.answers);
    case 'flags':
      return JSON.stringify(row.flags ?? []);
    case 'review_status':
      return row.review_status ?? 'accepted';
    default:
      return row[column] ?? null;
  }
}

/** The claim-and-insert of `rows` (see insertResponses): one text for every batch size. */
export function claimAndInsertQuery(db: Database, rows: NewResponse[]): CompiledQuery<{ id: string }> {
  const arrays = COLUMNS.map(([name, type]) => ARRAY_CAST[type](rows.map((row) => valueOf(row, name))));
  return sql<{ id: string }>`
    with claimed as (
      insert into response_ids (id, submitted_at)
      select id, now() from unnest(${rows.map((r) => r.id)}::uuid[]) as t(id)
      on conflict (id) do nothing
      returning id, submitted_at
    )
    insert into responses (${NAMES}, submitted_at)
    select ${SELECTED}, c.submitted_at
    from unnest(${sql.join(arrays)}) as v(${NAMES}) join claimed c on c.id = v.id
    returning id`.compile(db);
}

/** Runs a compiled statement; the submit route passes one that prepares it by name on each connection. */
export type RunQuery = <R>(query: CompiledQuery<R>) => Promise<R[]>;

/** PostgreSQL's error for a row whose month has no partition (SQLSTATE 23514, check_violation). */
export function isMissingPartition(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '23514' && typeof e.message === 'string' && e.message.startsWith('no partition of relation');
}

/** Makes this month's partition and the next three if any is missing (migrations/0160). */
export async function ensureCurrentPartitions(db: Database): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    select responses_create_partitions(now(), now() + interval '3 months') as made`.execute(db);
  return rows[0]?.made ?? 0;
}

async function claimAndInsert(db: Database, rows: NewResponse[], run?: RunQuery): Promise<Set<string>> {
  const query = claimAndInsertQuery(db, rows);
  const inserted = run ? await run(query) : (await db.executeQuery(query)).rows;
  return new Set(inserted.map((r) => r.id));
}

/**
 * Stores the rows whose id is not claimed yet; returns the ids stored by this call. The same id twice
 * in `rows`: the first one counts. Claims are taken in id order, so two batches sharing ids wait on
 * each other rather than deadlock. Outside a transaction, a month without its partition (the worker
 * that makes them ahead has not run) is made and the insert tried once more.
 */
export async function insertResponses(db: Database, rows: NewResponse[], run?: RunQuery): Promise<Set<string>> {
  const seen = new Set<string>();
  const unique = rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (unique.length === 0) return new Set();
  try {
    return await claimAndInsert(db, unique, run);
  } catch (err) {
    // In a transaction the failed statement has aborted it: the caller's retry starts afresh.
    if (!isMissingPartition(err) || db.isTransaction) throw err;
    await ensureCurrentPartitions(db);
    return claimAndInsert(db, unique, run);
  }
}
