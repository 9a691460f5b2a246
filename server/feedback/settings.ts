import {
  DEFAULT_DEADLINE_DAYS,
  FEEDBACK_CATEGORIES,
  type TFeedbackCategory,
} from '../../domain/contract/feedback-codes.js';
import { workingCalendar, type WorkingCalendar } from '../../domain/working-days.js';
import type { Database } from '../db/schema.js';

/** Months after closure at which an item's contact details and photos are deleted (default). */
export const DEFAULT_RETENTION_MONTHS = 12;

export interface FeedbackSettings {
  deadlines: Record<TFeedbackCategory, number>;
  retentionMonths: number;
}

export async function loadSettings(db: Database): Promise<FeedbackSettings> {
  const rows = await db.selectFrom('feedback_settings').select(['name', 'value']).execute();
  const stored = new Map(rows.map((r) => [r.name, r.value]));
  const deadlines = { ...DEFAULT_DEADLINE_DAYS };
  const savedDeadlines = stored.get('deadlines');
  if (savedDeadlines && typeof savedDeadlines === 'object') {
    for (const c of FEEDBACK_CATEGORIES) {
      const v = (savedDeadlines as Record<string, unknown>)[c];
      if (typeof v === 'number' && Number.isInteger(v) && v > 0) deadlines[c] = v;
    }
  }
  const months = stored.get('retention_months');
  return {
    deadlines,
    retentionMonths: typeof months === 'number' && months > 0 ? months : DEFAULT_RETENTION_MONTHS,
  };
}

export async function saveSettings(db: Database, s: FeedbackSettings, userId: number): Promise<void> {
  const rows = [
    { name: 'deadlines', value: JSON.stringify(s.deadlines), updated_by: userId },
    { name: 'retention_months', value: JSON.stringify(s.retentionMonths), updated_by: userId },
  ];
  await db
    .insertInto('feedback_settings')
    .values(rows)
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        updated_by: eb.ref('excluded.updated_by'),
        updated_at: new Date(),
      })),
    )
    .execute();
}

/** The built-in holidays plus the admin's days (calendar_days). */
export async function loadCalendar(db: Database): Promise<WorkingCalendar> {
  const days = await db
    .selectFrom('calendar_days')
    .select([(eb) => eb.fn<string>('to_char', [eb.ref('day'), eb.val('YYYY-MM-DD')]).as('day'), 'kind'])
    .execute();
  return workingCalendar(days);
}

export async function listCalendarDays(db: Database) {
  return db
    .selectFrom('calendar_days')
    .select([(eb) => eb.fn<string>('to_char', [eb.ref('day'), eb.val('YYYY-MM-DD')]).as('day'), 'kind', 'name'])
    .orderBy('day')
    .execute();
}
