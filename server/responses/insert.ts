import { sql, type Insertable, type RawBuilder } from 'kysely';
import type { Database, ResponsesTable } from '../db/schema.js';

export type NewResponse = Insertable<ResponsesTable> & { id: string };

/**
 * The one way the app stores new answers (the batcher, a lone answer, staff entry). `responses` is
 * partitioned by month (migrations/0160), so its primary key is (id, submitted_at) and cannot keep an id
 * unique across months: the id is claimed in response_ids, in the same statement as the row, and only
 * the rows whose claim succeeded are inserted. Claim and row commit together; an id already claimed (a
 * replay, or a concurrent twin) inserts nothing and is not returned.
 */

/** Casts for the VALUES list, whose columns PostgreSQL cannot type from bound parameters alone. */
const CAST = {
  uuid: (v: unknown) => sql`${v}::uuid`,
  bigint: (v: unknown) => sql`${v}::bigint`,
  text: (v: unknown) => sql`${v}::text`,
  jsonb: (v: unknown) => sql`${v}::jsonb`,
  timestamptz: (v: unknown) => sql`${v}::timestamptz`,
  textArray: (v: unknown) => sql`${v}::text[]`,
} as const;

/** The columns an answer is stored with, and their types (the VALUES list needs them spelled out). */
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
  ['flags', 'textArray'],
  ['review_status', 'text'],
  ['operator_id', 'bigint'],
  ['kiosk_id', 'bigint'],
  ['officer_id', 'bigint'],
] as const satisfies ReadonlyArray<readonly [keyof NewResponse, keyof typeof CAST]>;

/** Identifiers, quoted by kysely: no SQL is built from strings. */
const NAMES = sql.join(COLUMNS.map(([name]) => sql.ref(name)));

function valueOf(row: NewResponse, column: (typeof COLUMNS)[number][0]): unknown {
  switch (column) {
    case 'answers':
      return typeof row.answers === 'string' ? row.answers : JSON.stringify(row.answers);
    case 'flags':
      return row.flags ?? [];
    case 'review_status':
      return row.review_status ?? 'accepted';
    default:
      return row[column] ?? null;
  }
}

const tuple = (row: NewResponse): RawBuilder<unknown> =>
  sql`(${sql.join(COLUMNS.map(([name, type]) => CAST[type](valueOf(row, name))))})`;

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

async function claimAndInsert(db: Database, rows: NewResponse[]): Promise<Set<string>> {
  const { rows: inserted } = await sql<{ id: string }>`
    with claimed as (
      insert into response_ids (id, submitted_at)
      select id, now() from unnest(${rows.map((r) => r.id)}::uuid[]) as t(id)
      on conflict (id) do nothing
      returning id, submitted_at
    )
    insert into responses (${NAMES}, submitted_at)
    select v.*, c.submitted_at from (values ${sql.join(rows.map(tuple))}) as v(${NAMES}) join claimed c on c.id = v.id
    returning id`.execute(db);
  return new Set(inserted.map((r) => r.id));
}

/**
 * Stores the rows whose id is not claimed yet; returns the ids stored by this call. The same id twice
 * in `rows`: the first one counts. Claims are taken in id order, so two batches sharing ids wait on
 * each other rather than deadlock. Outside a transaction, a month without its partition (the worker
 * that makes them ahead has not run) is made and the insert tried once more.
 */
export async function insertResponses(db: Database, rows: NewResponse[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const unique = rows
    .filter((r) => !seen.has(r.id) && seen.add(r.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (unique.length === 0) return new Set();
  try {
    return await claimAndInsert(db, unique);
  } catch (err) {
    // In a transaction the failed statement has aborted it: the caller's retry starts afresh.
    if (!isMissingPartition(err) || db.isTransaction) throw err;
    await ensureCurrentPartitions(db);
    return claimAndInsert(db, unique);
  }
}
