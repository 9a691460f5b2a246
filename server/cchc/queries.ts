import type { TBreakdownRow, TFigure } from '../../domain/contract/analytics.js';
import {
  ZCchcSettings,
  type TCchcFeedbackRow,
  type TCchcRow,
  type TCchcSettings,
  type TCchcTable,
} from '../../domain/contract/cchc.js';
import { cchcAssessment, cchcFeedbackPoints, type CchcFeedbackRule, type CchcStep } from '../../domain/cchc.js';
import { periodLabel, rangeCode, type CutoffPeriod, type PeriodBasis } from '../../domain/reporting-cutoff.js';
import { DEFAULT_SCORING_METHOD } from '../../domain/methods.js';
import { emptyLikertCounts } from '../../domain/scoring.js';
import { computeBreakdown } from '../analytics/breakdown.js';
import { figureFor } from '../analytics/figures.js';
import { groupFilters, periodOf, type ResolvedFilters, type ResolvedPeriod } from '../analytics/filters.js';
import { loadSurveys, reportGroups, selectorOf, type SurveySelection } from '../analytics/surveys.js';
import { recordAudit } from '../audit/record.js';
import type { SessionUser } from '../auth/queries.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';
import { feedbackMetricsWithin } from '../feedback/queries.js';
import { expectedUnits } from './expected.js';

export { expectedUnits, type ExpectedUnit } from './expected.js';

/**
 * CCHC scores: the satisfaction part of the yearly administrative-reform assessment of each unit.
 * The points scale changes from year to year, so it is a setting (analytics_settings 'cchc'), and
 * can be overridden per request to compare scales.
 */

const DEFAULT_SETTINGS: TCchcSettings = ZCchcSettings.parse({ maxPoints: 1, scale: { kind: 'proportional' } });

export async function cchcSettings(db: Database): Promise<TCchcSettings> {
  const row = await db.selectFrom('analytics_settings').select('value').where('name', '=', 'cchc').executeTakeFirst();
  const parsed = ZCchcSettings.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** Stores the default scale, and says who changed it in the audit log, in one transaction. */
export async function saveCchcSettings(db: Database, user: SessionUser, value: TCchcSettings): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('analytics_settings')
      .values({ name: 'cchc', value: JSON.stringify(value), updated_by: user.id })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({ value: JSON.stringify(value), updated_by: user.id, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'settings.update',
      targetType: 'setting',
      targetId: 'cchc',
      details: value,
    });
  });
}

/** "0.95:1,0.9:0.75,0.8:0.5" → steps; null when malformed. */
export function parseSteps(text: string): CchcStep[] | null {
  const steps: CchcStep[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(0(?:\.\d+)?|1(?:\.0+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!m) return null;
    steps.push({ minRate: Number(m[1]), points: Number(m[2]) });
  }
  return steps;
}

/** The assessment period: a year or one of its quarters, by calendar or by the Decree 09/2019 cut-off. */
export function cchcPeriod(year: number, quarter: number | null, basis: PeriodBasis): ResolvedPeriod {
  const p: CutoffPeriod = quarter
    ? { kind: 'quarter', year, quarter: quarter as 1 | 2 | 3 | 4 }
    : { kind: 'year', year };
  const code = basis === 'calendar' ? (quarter ? `Q${quarter}-${year}` : `Y-${year}`) : rangeCode(p, basis);
  // The code is built here from a valid year and quarter, so it always parses.
  return { ...periodOf(code)!, label: periodLabel(p, basis) };
}

export type CchcOutcome =
  { kind: 'table'; table: TCchcTable } | { kind: 'consultation' } | { kind: 'invalid'; fields: FieldError[] };

/**
 * Every expected unit's points for a period, per survey or family, within what the caller may see.
 * Consultations on draft policy are not service satisfaction: they never enter the points.
 */
export async function cchcTable(
  db: Database,
  q: {
    year: number;
    quarter: number | null;
    survey?: string | undefined;
    family?: string | undefined;
    settings: TCchcSettings;
    scope: ResolvedFilters['scope'];
  },
  minRespondents: number,
): Promise<CchcOutcome> {
  const { settings } = q;
  const period = cchcPeriod(q.year, q.quarter, settings.periodBasis);
  const all = await loadSurveys(db);
  const chosen = selectorOf(all, q.survey, q.family);
  if (chosen.status === 'invalid') return { kind: 'invalid', fields: chosen.fields };
  const groups = reportGroups(all, chosen.selector).filter((g) => !g.surveys.every((s) => s.kind === 'consultation'));
  if (groups.length === 0) return { kind: 'consultation' };
  const rows: TCchcRow[] = [];
  for (const g of groups) {
    // Points are scored by the official headline method (domain/methods.ts), as the Sở publishes.
    const f = {
      ...groupFilters({ ...g, surveys: g.surveys.filter((s) => s.kind !== 'consultation') }, period, {
        scope: q.scope,
      }),
      method: DEFAULT_SCORING_METHOD,
    };
    const [answered, expected] = await Promise.all([
      computeBreakdown(db, f, 'unit', minRespondents),
      expectedUnits(db, g, q.scope),
    ]);
    const seen = new Set<string>();
    for (const r of answered) {
      if (!r.unit) continue;
      seen.add(r.unit.code);
      rows.push(cchcRow(g, r.unit, r.responses, respondentsOf(r), r.figure, settings, minRespondents));
    }
    const empty = figureFor(DEFAULT_SCORING_METHOD, {
      counts: emptyLikertCounts(),
      target: g.target,
      minN: minRespondents,
    });
    for (const u of expected) {
      if (!seen.has(u.code)) rows.push(cchcRow(g, u, 0, 0, empty, settings, minRespondents));
    }
  }
  return {
    kind: 'table',
    table: {
      year: q.year,
      quarter: q.quarter,
      basis: settings.periodBasis,
      period: { code: period.code, label: period.label, from: period.fromDay, to: period.lastDay },
      minRespondents,
      maxPoints: settings.maxPoints,
      scale: settings.scale,
      statusRule: settings.statusRule,
      smallSample: settings.smallSample,
      rows,
      feedback: settings.feedback,
      feedbackRows: settings.feedback.enabled
        ? await feedbackRows(db, period, q.scope, new Set(rows.map((r) => r.unit.code)), settings.feedback)
        : [],
    },
  };
}

/**
 * The feedback component per unit: every unit of the satisfaction rows (full points when nothing was
 * due) and any other unit in scope that received or has overdue items.
 */
async function feedbackRows(
  db: Database,
  period: ResolvedPeriod,
  scope: ResolvedFilters['scope'],
  expected: Set<string>,
  rule: CchcFeedbackRule,
): Promise<TCchcFeedbackRow[]> {
  const metrics = await feedbackMetricsWithin(db, { scope }, period);
  const byCode = new Map(metrics.units.map((m) => [m.unit.code, m]));
  const names = expected.size
    ? await db
        .selectFrom('units')
        .select(['code', 'name'])
        .where('code', 'in', [...expected])
        .execute()
    : [];
  const units = new Map(names.map((u) => [u.code, u.name]));
  for (const m of metrics.units) units.set(m.unit.code, m.unit.name);
  return [...units.entries()]
    .map(([code, name]): TCchcFeedbackRow => {
      const m = byCode.get(code);
      const share = m?.onTimeShare ?? null;
      return {
        unit: { code, name },
        received: m?.received ?? 0,
        due: m?.due ?? 0,
        answeredOnTime: m?.answeredOnTime ?? 0,
        onTimeShare: share,
        medianDays: m?.medianDays ?? null,
        overdueNow: m?.overdueNow ?? 0,
        points: Math.round(cchcFeedbackPoints(share, rule) * 1000) / 1000,
        maxPoints: rule.maxPoints,
      };
    })
    .sort((a, b) => a.points - b.points || b.overdueNow - a.overdueNow || a.unit.name.localeCompare(b.unit.name, 'vi'));
}

/** The minimum-n rule counts people, not answers. */
function respondentsOf(r: TBreakdownRow): number {
  return r.figure.respondents;
}

function cchcRow(
  g: SurveySelection,
  unit: { code: string; name: string; level: string | null; ward: string | null },
  responses: number,
  respondents: number,
  figure: TFigure,
  settings: TCchcSettings,
  minRespondents: number,
): TCchcRow {
  const a = cchcAssessment(
    {
      rate: figure.value,
      interval: figure.interval,
      status: figure.status,
      respondents,
      minRespondents,
      target: g.target,
    },
    settings,
  );
  return {
    survey: g.selector.code,
    surveyTitle: g.selector.title,
    target: g.target,
    unit: { code: unit.code, name: unit.name, level: unit.level, ward: unit.ward },
    responses,
    respondents,
    figure,
    state: a.state,
    points: Math.round(a.points * 1000) / 1000,
    maxPoints: settings.maxPoints,
    noData: a.state === 'no_survey',
  };
}
