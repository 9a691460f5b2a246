import { sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { startLeaderJob, type LeaderJob } from '../db/leader.js';
import type { Database } from '../db/schema.js';

/**
 * Retention of interview contacts (docs/interviews.md): a list's people who were never reached,
 * are waiting for a call-back or were never called keep a phone number only while the list is
 * open. `retentionDays` after a list closes, the numbers still on it are cleared; the people's
 * labels, statuses and call history stay, so the response rate can still be read. (Completed and
 * refused people lose theirs when the outcome is recorded.)
 */
export async function clearClosedListContacts(
  db: Database,
  retentionDays: number,
  now = new Date(),
): Promise<Array<{ listId: number; cleared: number }>> {
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .updateTable('interview_lists')
      .set({ contacts_cleared_at: now })
      .where('closed_at', '<=', sql<Date>`${now}::timestamptz - make_interval(days => ${retentionDays})`)
      .where('contacts_cleared_at', 'is', null)
      .returning('id')
      .execute();
    if (due.length === 0) return [];
    const ids = due.map((r) => r.id);
    const cleared = await trx
      .updateTable('interview_contacts')
      .set({ contact: null })
      .where('list_id', 'in', ids)
      .where('contact', 'is not', null)
      .returning('list_id')
      .execute();
    const result = ids.map((listId) => ({ listId, cleared: cleared.filter((c) => c.list_id === listId).length }));
    await recordAudit(trx, {
      actorLabel: 'system',
      action: 'interviews.clear_contacts',
      targetType: 'interview_list',
      details: { lists: result, retentionDays },
    });
    return result;
  });
}

export type InterviewJobs = LeaderJob;

/**
 * The clearing every `everyMs` in exactly one app instance, the holder of LOCKS.interviewJobs
 * (startLeaderJob, server/db/leader.ts).
 */
export function startInterviewJobs(options: {
  db: Database;
  connectionString: string;
  retentionDays: number;
  everyMs: number;
  firstDelayMs?: number;
  log: (err: unknown) => void;
  onCleared?: (lists: Array<{ listId: number; cleared: number }>) => void;
}): InterviewJobs {
  return startLeaderJob({
    connectionString: options.connectionString,
    lock: 'interviewJobs',
    name: 'hai-long-interview-jobs',
    everyMs: options.everyMs,
    firstDelayMs: options.firstDelayMs,
    log: options.log,
    run: async () => {
      const lists = await clearClosedListContacts(options.db, options.retentionDays);
      if (lists.length > 0) options.onCleared?.(lists);
    },
  });
}
