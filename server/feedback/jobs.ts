import { sql } from 'kysely';
import { OPEN_STATUSES } from '../../domain/contract/feedback-codes.js';
import { localDay } from '../../domain/periods.js';
import { recordAudit } from '../audit/record.js';
import { startLeaderJob, type LeaderJob } from '../db/leader.js';
import type { Database } from '../db/schema.js';
import { loadSettings } from './settings.js';

/**
 * Overdue items go up one level: the item is flagged and the parent unit (whose managers see it
 * in their list, with the "quá hạn" filter and counter) is named. Once per item; a transfer
 * clears it. Returns the codes escalated.
 */
export async function escalateOverdue(db: Database, now = new Date()): Promise<string[]> {
  const today = localDay(now);
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('feedback_items as f')
      .from('units as u')
      .set({ escalated_at: now, escalated_to: sql`coalesce(u.parent_id, u.id)` })
      .whereRef('u.id', '=', 'f.unit_id')
      .where('f.status', 'in', OPEN_STATUSES)
      .where('f.spam', '=', false)
      .where('f.escalated_at', 'is', null)
      .where(sql<boolean>`f.deadline < ${today}::date`)
      .returning(['f.id', 'f.code', 'f.escalated_to'])
      .execute();
    if (rows.length === 0) return [];
    await trx
      .insertInto('feedback_events')
      .values(
        rows.map((r) => ({ feedback_id: r.id, at: now, kind: 'escalated', unit_id: r.escalated_to, text: 'quá hạn' })),
      )
      .execute();
    await recordAudit(trx, {
      actorLabel: 'system',
      action: 'feedback.escalate',
      targetType: 'feedback',
      details: { codes: rows.map((r) => r.code) },
    });
    return rows.map((r) => r.code);
  });
}

/**
 * Retention: the contact details and photos of an item closed more than N months ago (the
 * setting) are deleted; the item, its text and its history stay for the metrics.
 */
export async function purgeExpiredContacts(db: Database, now = new Date()): Promise<string[]> {
  const { retentionMonths } = await loadSettings(db);
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('feedback_items')
      .set({ contact: null, contact_purged_at: now })
      .where('closed_at', '<', sql<Date>`${now}::timestamptz - make_interval(months => ${retentionMonths})`)
      .where('contact_purged_at', 'is', null)
      .returning(['id', 'code'])
      .execute();
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    await trx.deleteFrom('feedback_photos').where('feedback_id', 'in', ids).execute();
    await trx
      .insertInto('feedback_events')
      .values(ids.map((id) => ({ feedback_id: id, at: now, kind: 'contact_purged' })))
      .execute();
    await recordAudit(trx, {
      actorLabel: 'system',
      action: 'feedback.purge',
      targetType: 'feedback',
      details: { codes: rows.map((r) => r.code), retentionMonths },
    });
    return rows.map((r) => r.code);
  });
}

export type FeedbackJobs = LeaderJob;

const running = new WeakMap<Database, FeedbackJobs>();

/** The jobs an app started (keyed by its kysely instance), for the two-instance test and diagnostics. */
export function feedbackJobsOf(db: Database): FeedbackJobs | undefined {
  return running.get(db);
}

/**
 * Both jobs every `everyMs`, in exactly one app instance: the holder of LOCKS.feedbackJobs
 * (startLeaderJob, server/db/leader.ts).
 */
export function startFeedbackJobs(options: {
  db: Database;
  connectionString: string;
  log: (err: unknown) => void;
  onEscalated?: (codes: string[]) => void;
  everyMs: number;
  firstDelayMs?: number;
}): FeedbackJobs {
  const { db } = options;
  const job = startLeaderJob({
    connectionString: options.connectionString,
    lock: 'feedbackJobs',
    name: 'hai-long-feedback-jobs',
    everyMs: options.everyMs,
    firstDelayMs: options.firstDelayMs,
    log: options.log,
    run: async () => {
      const codes = await escalateOverdue(db);
      if (codes.length > 0) options.onEscalated?.(codes);
      await purgeExpiredContacts(db);
    },
  });
  const jobs: FeedbackJobs = {
    stats: job.stats,
    async stop() {
      await job.stop();
      running.delete(db);
    },
  };
  running.set(db, jobs);
  return jobs;
}
