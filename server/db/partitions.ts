import type pg from 'pg';

/**
 * Upkeep of the month partitions of responses (migrations/0160), run by the rollup worker's leader
 * (server/rollups/worker.ts), so by one instance at a time, and by `npm run responses:archive`
 * (server/cli/responses-archive.ts).
 *
 * - Months ahead: the current local month and the next MONTHS_AHEAD always exist, so an answer never
 *   finds its month missing (server/responses/insert.ts makes the current one itself if the worker has not run).
 * - Retention (RESPONSE_RETENTION_MONTHS, unset = keep every answer): a whole month older than the
 *   setting is detached CONCURRENTLY (no lock that stops answers or reads; it cannot run in a
 *   transaction) and moved to the schema response_archive, where every backup still includes it
 *   (server/db/backup.ts). The rollups keep its figures (DETACH fires no trigger) and response_ids
 *   keeps its ids, so a late retry of one of its answers is still a replay.
 * - After RESPONSE_ARCHIVE_GRACE_DAYS (or at once on command), an archived month is dropped.
 */

export const MONTHS_AHEAD = 3;

/** A partition's name: responses_YYYY_MM, the local month it holds. */
const MONTH_TABLE = /^responses_(\d{4})_(\d{2})$/;

export interface UpkeepOptions {
  /** Keep this many whole months before the current one; unset: keep everything. */
  retentionMonths?: number | undefined;
  /** Days an archived month stays before it is dropped; unset: never dropped by upkeep. */
  archiveGraceDays?: number | undefined;
}

export interface UpkeepResult {
  made: number;
  detached: string[];
  archived: string[];
  dropped: string[];
}

/** Makes the current month's partition and the next MONTHS_AHEAD, those missing; returns how many. */
export async function createAhead(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ made: number }>(
    `select responses_create_partitions(now(), now() + make_interval(months => $1)) as made`,
    [MONTHS_AHEAD],
  );
  return rows[0]?.made ?? 0;
}

/**
 * Detaches the months older than `retentionMonths` whole months before the current one (with 12 in
 * December 2026, November 2025 and earlier), and finishes a detach an earlier run left half done.
 */
export async function detachOldMonths(client: pg.ClientBase, retentionMonths: number): Promise<string[]> {
  const { rows: pending } = await client.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'responses'::regclass and i.inhdetachpending`,
  );
  for (const { name } of pending) {
    await client.query(`alter table responses detach partition public.${ident(name)} finalize`);
  }
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'responses'::regclass and c.relname ~ '^responses_[0-9]{4}_[0-9]{2}$'
        and to_date(substr(c.relname, 11), 'YYYY_MM') < vn_month(now()) - make_interval(months => $1)
      order by c.relname`,
    [retentionMonths],
  );
  if (rows.length > 0) {
    // Outside any transaction (CONCURRENTLY): it waits for the transactions that may still read the month,
    // an export among them, longer than the connection's usual statement limit. One cut short leaves the
    // month "detach pending", finished by the next run (above).
    await client.query(`set statement_timeout = '30min'`);
    try {
      for (const { name } of rows) {
        await client.query(`alter table responses detach partition public.${ident(name)} concurrently`);
      }
    } finally {
      await client.query('reset statement_timeout').catch(() => undefined);
    }
  }
  return [...pending, ...rows].map((r) => r.name);
}

/**
 * Moves the month tables that are no longer partitions (just detached) to response_archive and
 * records them in response_archives, each in one transaction.
 */
export async function archiveDetached(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and not c.relispartition
        and c.relname ~ '^responses_[0-9]{4}_[0-9]{2}$'
      order by c.relname`,
  );
  const archived: string[] = [];
  for (const { name } of rows) {
    const match = MONTH_TABLE.exec(name);
    if (!match) continue;
    await client.query('begin');
    try {
      // The same month archived before (a restore put it back): the second copy gets a suffix.
      const { rows: taken } = await client.query<{ taken: boolean }>(
        `select to_regclass('response_archive.' || quote_ident($1)) is not null as taken`,
        [name],
      );
      const target = taken[0]?.taken ? `${name}_${Date.now()}` : name;
      const { rows: count } = await client.query<{ n: string }>(
        `select count(*)::text as n from public.${ident(name)}`,
      );
      await client.query(`alter table public.${ident(name)} set schema response_archive`);
      if (target !== name) await client.query(`alter table response_archive.${ident(name)} rename to ${ident(target)}`);
      await client.query(
        `insert into response_archives (table_name, month, rows) values ($1, make_date($2, $3, 1), $4)`,
        [target, Number(match[1]), Number(match[2]), count[0]!.n],
      );
      await client.query('commit');
      archived.push(target);
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    }
  }
  return archived;
}

/** Drops the archived months detached more than `graceDays` days ago (0: all of them). */
export async function dropArchived(client: pg.ClientBase, graceDays: number): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select table_name as name from response_archives
      where dropped_at is null and detached_at <= now() - make_interval(days => $1)
      order by table_name`,
    [graceDays],
  );
  for (const { name } of rows) {
    await client.query('begin');
    try {
      await client.query(`drop table if exists response_archive.${ident(name)}`);
      await client.query(`update response_archives set dropped_at = now() where table_name = $1`, [name]);
      await client.query('commit');
    } catch (err) {
      await client.query('rollback').catch(() => undefined);
      throw err;
    }
  }
  return rows.map((r) => r.name);
}

/** One round of upkeep: months ahead, then (with a retention setting) detach, archive and drop. */
export async function partitionUpkeep(client: pg.ClientBase, options: UpkeepOptions = {}): Promise<UpkeepResult> {
  const made = await createAhead(client);
  const detached = options.retentionMonths ? await detachOldMonths(client, options.retentionMonths) : [];
  const archived = await archiveDetached(client);
  const dropped = options.archiveGraceDays === undefined ? [] : await dropArchived(client, options.archiveGraceDays);
  return { made, detached, archived, dropped };
}

/** Names come from the catalog and match MONTH_TABLE (or its suffixed form); quoted all the same. */
function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
