import { ZCchcSettings, type TCchcRow, type TCchcSettings, type TCchcTable } from '../../domain/contract/cchc.js';
import { cchcPoints, type CchcScale, type CchcStep } from '../../domain/cchc.js';
import { computeBreakdown } from '../analytics/breakdown.js';
import { groupFilters, resolvePeriod, type ResolvedFilters } from '../analytics/filters.js';
import { loadSurveys, reportGroups, selectorOf } from '../analytics/surveys.js';
import { recordAudit } from '../audit/record.js';
import type { SessionUser } from '../auth/queries.js';
import type { Database } from '../db/schema.js';

/**
 * CCHC scores: the satisfaction part of the yearly administrative-reform assessment of each unit.
 * The points scale changes from year to year, so it is a setting (analytics_settings 'cchc'), and
 * can be overridden per request to compare scales.
 */

const DEFAULT_SETTINGS: TCchcSettings = { maxPoints: 1, scale: { kind: 'proportional' } };

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

/** Every unit's points for a year, per survey or family, within what the caller may see. */
export async function cchcTable(
  db: Database,
  q: {
    year: number;
    survey?: string | undefined;
    family?: string | undefined;
    maxPoints: number;
    scale: CchcScale;
    scope: ResolvedFilters['scope'];
  },
  minN: number,
): Promise<TCchcTable> {
  const period = resolvePeriod(`Y-${q.year}`);
  const all = await loadSurveys(db);
  const rows: TCchcRow[] = [];
  for (const g of reportGroups(all, selectorOf(all, q.survey, q.family))) {
    for (const r of await computeBreakdown(db, groupFilters(g, period, { scope: q.scope }), 'unit', minN)) {
      if (!r.unit) continue;
      const p = cchcPoints(r.figure.value, g.target, q.maxPoints, q.scale);
      rows.push({
        survey: g.selector.code,
        surveyTitle: g.selector.title,
        target: g.target,
        unit: { code: r.unit.code, name: r.unit.name, level: r.unit.level, ward: r.unit.ward },
        responses: r.responses,
        figure: r.figure,
        points: Math.round(p.points * 1000) / 1000,
        maxPoints: q.maxPoints,
        noData: p.noData,
      });
    }
  }
  return {
    year: q.year,
    period: { code: period.code, label: period.label },
    maxPoints: q.maxPoints,
    scale: q.scale,
    rows,
  };
}
