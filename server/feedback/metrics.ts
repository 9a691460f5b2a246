import { sql } from 'kysely';
import { OPEN_STATUSES } from '../../domain/contract/feedback-codes.js';
import type { TFeedbackMetrics } from '../../domain/contract/feedback.js';
import { lastLocalDay, localDay, type PeriodRange } from '../../domain/periods.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { subtreeIds } from '../units/queries.js';
import { loadCalendar } from './settings.js';

type Row = Omit<TFeedbackMetrics['units'][number], 'unit'>;

/**
 * Per unit, for items received in the period: how many; how many were answered (a reply, or
 * "not within our competence" with its reason) and how many of those by the deadline; the share
 * on time among those answered or already past their deadline; the median working days to answer
 * (the feedback calendar, domain/working-days.ts). Overdue now counts every open item past its
 * deadline, whenever it came in.
 */
export async function feedbackMetrics(
  db: Database,
  user: SessionUser,
  range: PeriodRange,
  now = new Date(),
): Promise<TFeedbackMetrics> {
  return feedbackMetricsWithin(db, { scope: scopedUnitIds(db, user) }, range, now);
}

/** Units whose items count: a caller's scope (null: all) and, for a unit's report, that unit's subtree. */
export interface MetricsWhere {
  scope: ReturnType<typeof scopedUnitIds>;
  unitId?: number | null | undefined;
}

/** The same figures for a report or the CCHC table, which scope by unit rather than by user. */
export async function feedbackMetricsWithin(
  db: Database,
  where: MetricsWhere,
  range: PeriodRange,
  now = new Date(),
): Promise<TFeedbackMetrics> {
  const today = localDay(now);
  const { scope } = where;
  const inPeriod = sql<boolean>`f.created_at >= ${range.from} and f.created_at < ${range.to}`;
  const overdue = sql<boolean>`f.status in (${sql.join(OPEN_STATUSES)}) and f.deadline < ${today}::date`;
  const answeredOnTime = sql<boolean>`f.replied_at is not null and (f.replied_at at time zone 'Asia/Ho_Chi_Minh')::date <= f.deadline`;
  let q = db
    .selectFrom('feedback_items as f')
    .innerJoin('units as u', 'u.id', 'f.unit_id')
    .where('f.spam', '=', false)
    .where(sql<boolean>`((${inPeriod}) or (${overdue}))`);
  if (scope) q = q.where('f.unit_id', 'in', scope);
  if (where.unitId) q = q.where('f.unit_id', 'in', subtreeIds(db, where.unitId));
  const rows = await q
    .select([
      'u.code',
      'u.name',
      'f.category',
      sql<number>`count(*) filter (where ${inPeriod})::int`.as('received'),
      sql<number>`count(*) filter (where ${inPeriod} and f.replied_at is not null)::int`.as('answered'),
      sql<number>`count(*) filter (where ${inPeriod} and ${answeredOnTime})::int`.as('onTime'),
      sql<number>`count(*) filter (where ${inPeriod} and f.replied_at is null and f.deadline < ${today}::date)::int`.as(
        'late',
      ),
      sql<number>`count(*) filter (where ${overdue})::int`.as('overdueNow'),
      // Local days of receipt and answer, "from>to" pairs: handling time is counted in working days.
      sql<
        string[]
      >`coalesce(array_agg(to_char(f.created_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD') || '>' || to_char(f.replied_at at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')) filter (where ${inPeriod} and f.replied_at is not null), '{}')`.as(
        'spans',
      ),
    ])
    .groupBy(['u.code', 'u.name', 'f.category'])
    .execute();
  const calendar = await loadCalendar(db);

  const units = new Map<string, { name: string; days: number[]; row: Row & { late: number } }>();
  const empty = (): Row & { late: number } => ({
    received: 0,
    answered: 0,
    answeredOnTime: 0,
    due: 0,
    onTimeShare: null,
    medianDays: null,
    overdueNow: 0,
    categories: {},
    late: 0,
  });
  const total = { days: [] as number[], row: empty() };
  for (const r of rows) {
    const entry = units.get(r.code) ?? { name: r.name, days: [], row: empty() };
    units.set(r.code, entry);
    for (const target of [entry, total]) {
      target.row.received += r.received;
      target.row.answered += r.answered;
      target.row.answeredOnTime += r.onTime;
      target.row.late += r.late;
      target.row.overdueNow += r.overdueNow;
      if (r.received > 0) target.row.categories[r.category] = (target.row.categories[r.category] ?? 0) + r.received;
      for (const span of r.spans) {
        const [from, to] = span.split('>') as [string, string];
        target.days.push(calendar.workingDaysBetween(from, to));
      }
    }
  }
  const finish = ({ days, row }: { days: number[]; row: Row & { late: number } }): Row => {
    const { late, ...rest } = row;
    const due = row.answered + late;
    return { ...rest, due, onTimeShare: due > 0 ? row.answeredOnTime / due : null, medianDays: median(days) };
  };
  return {
    from: localDay(range.from),
    to: lastLocalDay(range.to),
    total: finish(total),
    units: [...units.entries()]
      .map(([code, e]) => ({ unit: { code, name: e.name }, ...finish(e) }))
      .sort(
        (a, b) =>
          b.overdueNow - a.overdueNow || b.received - a.received || a.unit.name.localeCompare(b.unit.name, 'vi'),
      ),
  };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return Math.round(m * 10) / 10;
}
