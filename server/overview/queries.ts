import { sql } from 'kysely';
import { OPEN_STATUSES } from '../../domain/contract/feedback-codes.js';
import type { TOverview, TOverviewSurvey } from '../../domain/contract/overview.js';
import { computeBreakdown } from '../analytics/breakdown.js';
import { groupFilters, type ResolvedPeriod } from '../analytics/filters.js';
import { computeSummary } from '../analytics/summary.js';
import { loadSurveys, reportGroups } from '../analytics/surveys.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { scopedItems } from '../feedback/queries.js';

/** How many units the start page names under "below target" and "without answers"; the rest are counted. */
export const NAMED_UNITS = 5;
const RECENT_DAYS = 7;

/**
 * The start page's figures. Each survey line runs the analytics engine on the same filters as
 * GET /analytics/summary?survey={selector}&period={code} (groupFilters: the whole selection, the
 * default method, the caller's scope), so the numbers match the detail page exactly.
 */
export async function buildOverview(
  db: Database,
  user: SessionUser,
  period: ResolvedPeriod,
  minN: number,
  now = new Date(),
): Promise<TOverview> {
  const scope = scopedUnitIds(db, user);
  const groups = reportGroups(await loadSurveys(db), '*');
  const surveys: TOverviewSurvey[] = [];
  // One group after another: each reads several rollups, and the pool is shared with the form.
  for (const group of groups) {
    const f = groupFilters(group, period, { scope });
    const summary = await computeSummary(db, f, { minN });
    // Units ranked by the headline's method, so "below target" means what the headline means.
    const units = await computeBreakdown(db, { ...f, method: summary.headline.method.key }, 'unit', minN);
    surveys.push({
      selector: group.selector.key,
      title: group.selector.title,
      target: group.target,
      // The official headline: the method the Sở publishes and scores by (reports, CCHC, public page).
      method: summary.headline.method.label,
      overall: summary.headline.figure,
      responses: summary.responses.accepted,
      unitsBelow: units
        .filter((r) => r.unit && r.figure.status === 'below')
        .map((r) => ({ code: r.unit!.code, name: r.unit!.name, value: r.figure.value })),
      unitsMeasured: units.filter((r) => r.unit && r.responses > 0).length,
    });
  }

  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  let flaggedQuery = db.selectFrom('responses as r').where('r.review_status', '=', 'pending');
  if (scope) flaggedQuery = flaggedQuery.where('r.unit_id', 'in', scopedUnitIds(db, user)!);
  const flagged = await flaggedQuery
    .select([
      (eb) => eb.fn.countAll<string>().as('pending'),
      sql<string>`count(*) filter (where r.submitted_at >= ${since})`.as('recent'),
    ])
    .executeTakeFirstOrThrow();

  const feedback = await scopedItems(db, user)
    .select([
      sql<string>`count(*) filter (where f.status in (${sql.join([...OPEN_STATUSES])}))`.as('open'),
      sql<string>`count(*) filter (where f.status = 'new')`.as('new'),
    ])
    .executeTakeFirstOrThrow();

  // Units someone could answer for (an active link) that have no accepted answer in the period.
  let silent = db
    .selectFrom('units as u')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('links as l').select('l.id').whereRef('l.unit_id', '=', 'u.id').where('l.retired_at', 'is', null),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('responses as r')
            .select('r.id')
            .whereRef('r.unit_id', '=', 'u.id')
            .where('r.review_status', '=', 'accepted')
            .where('r.submitted_at', '>=', period.from)
            .where('r.submitted_at', '<', period.to),
        ),
      ),
    );
  if (scope) silent = silent.where('u.id', 'in', scopedUnitIds(db, user)!);
  const [silentCount, silentNamed] = await Promise.all([
    silent.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    silent.select(['u.code', 'u.name']).orderBy('u.name').limit(NAMED_UNITS).execute(),
  ]);

  return {
    period: { code: period.code, label: period.label, from: period.fromDay, to: period.lastDay },
    surveys,
    flagged: { pending: Number(flagged.pending), recent: Number(flagged.recent) },
    feedback: { open: Number(feedback.open), new: Number(feedback.new) },
    unitsWithoutAnswers: { count: Number(silentCount.n), units: silentNamed },
  };
}
