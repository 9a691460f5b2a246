import { z } from 'zod';
import { ZSchoolLevel, type TSchoolLevel } from '../../domain/contract/units.js';
import {
  lastLocalDay,
  listRecentQuarters,
  localDay,
  parsePeriodCode,
  PERIOD_CODE_HINT,
  rangeOf,
} from '../../domain/periods.js';
import { DEFAULT_SCORING_METHOD, ZScoringMethod, type ScoringMethod } from '../../domain/methods.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { HttpError, type FieldError } from '../plugins/errors.js';
import { chooseSurveys, loadSurveys, type Selector, type SurveyRow, type SurveySelection } from './surveys.js';
import { validationError } from '../http/validation.js';

/**
 * The filters every analytics, report and export endpoint accepts, their validation, and their
 * resolution into surveys, a period, a unit and the caller's scope (conditions.ts turns the result
 * into SQL).
 */

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

export const ZSlug = z.string().trim().max(80).regex(slugPattern, 'chỉ gồm chữ thường, số và dấu gạch ngang');
export const ZPeriodParam = z
  .string()
  .trim()
  .max(40)
  .refine((c) => parsePeriodCode(c) !== null, `mã kỳ báo cáo không hợp lệ (vd. ${PERIOD_CODE_HINT})`);
export const ZDateParam = z
  .string()
  .trim()
  .regex(datePattern, { message: 'ngày theo dạng YYYY-MM-DD', abort: true })
  .refine((d) => parsePeriodCode(`${d}..${d}`) !== null, 'ngày không hợp lệ');
export const ZUnitCode = z.string().trim().min(1).max(40);
export const ZChannel = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'kênh chỉ gồm chữ thường, số và dấu gạch dưới');

export const analyticsFilterShape = {
  survey: ZSlug.optional().describe('Survey slug, or a family name (pools the family)'),
  family: ZSlug.optional().describe('Survey family, e.g. public-education-parents'),
  period: ZPeriodParam.optional().describe('Q1-2026, H1-2026, Y-2026 or 2026-01-01..2026-03-31'),
  from: ZDateParam.optional().describe('First local date (inclusive), with `to`'),
  to: ZDateParam.optional().describe('Last local date (inclusive), with `from`'),
  unit: ZUnitCode.optional().describe('Unit code; includes all its sub-units'),
  level: ZSchoolLevel.optional(),
  ward: z.string().trim().min(1).max(120).optional(),
  channel: ZChannel.optional(),
  version: z.coerce.number().int().min(1).max(100_000).optional().describe('Version number'),
  method: ZScoringMethod.optional(),
};

export const ZAnalyticsFilters = z.object(analyticsFilterShape);
export type AnalyticsFilterInput = z.infer<typeof ZAnalyticsFilters>;

/** Cross-field rules, as field errors (zod refinements on a querystring object run after coercion). */
export function filterCombinationErrors(q: AnalyticsFilterInput): FieldError[] {
  const fields: FieldError[] = [];
  if (q.period && (q.from || q.to)) {
    fields.push({ path: 'querystring.period', message: 'chỉ dùng period hoặc from/to, không dùng cả hai' });
  }
  if ((q.from === undefined) !== (q.to === undefined)) {
    fields.push({
      path: q.from === undefined ? 'querystring.from' : 'querystring.to',
      message: 'cần cả from và to',
    });
  }
  if (q.from && q.to && q.from > q.to) fields.push({ path: 'querystring.to', message: 'to phải sau hoặc bằng from' });
  return fields;
}

/** What resolving filters can come to; routes map these to 200 / 404 / 400 (analytics/http.ts). */
export type FiltersOutcome =
  | { status: 'ok'; filters: ResolvedFilters }
  /** The unit does not exist or is outside the caller's scope (reads the same, so it is not confirmed). */
  | { status: 'unit_not_found'; fields: FieldError[] }
  | { status: 'invalid'; fields: FieldError[]; message?: string };

export interface ResolvedPeriod {
  code: string;
  label: { vi: string; en: string };
  /** First local date, inclusive. */
  fromDay: string;
  /** Local date after the last one (exclusive). */
  toDay: string;
  /** Last local date, inclusive (for display). */
  lastDay: string;
  from: Date;
  to: Date;
}

export interface ResolvedFilters {
  selector: Selector;
  surveys: SurveyRow[];
  target: number;
  period: ResolvedPeriod;
  /** The unit filter; `level` (when known) picks the wording of a family's criteria. */
  unit: { id: number; code: string; name: string; level?: string | null } | null;
  level: TSchoolLevel | null;
  ward: string | null;
  channel: string | null;
  version: number | null;
  /** Version ids matching `version` (null: every version). */
  versionIds: number[] | null;
  method: ScoringMethod;
  /** Units the caller may see (null: all). */
  scope: ReturnType<typeof scopedUnitIds>;
}

/** A period code resolved to local dates and instants, or null when the code is not one. */
export function periodOf(code: string): ResolvedPeriod | null {
  const parsed = parsePeriodCode(code);
  if (!parsed) return null;
  const r = rangeOf(parsed);
  return {
    code: r.code,
    label: r.label,
    fromDay: localDay(r.from),
    toDay: localDay(r.to),
    lastDay: lastLocalDay(r.to),
    from: r.from,
    to: r.to,
  };
}

/** The field error of a period code that is not one (routes answer it as a 400). */
export const periodField = {
  path: 'querystring.period',
  message: `mã kỳ báo cáo không hợp lệ (vd. ${PERIOD_CODE_HINT})`,
};

/** The default period: the current quarter and the three before it (what the demo data covers). */
export function defaultPeriod(now = new Date()): ResolvedPeriod {
  const quarters = listRecentQuarters(now, 4);
  const first = quarters.at(-1)!;
  const last = quarters[0]!;
  const resolved = periodOf(`${localDay(first.from)}..${lastLocalDay(last.to)}`)!;
  return {
    ...resolved,
    label: { vi: `4 quý gần nhất (${resolved.label.vi})`, en: `Last 4 quarters (${resolved.label.en})` },
  };
}

export async function resolveFilterOutcome(
  db: Database,
  user: SessionUser,
  q: AnalyticsFilterInput,
  options: { now?: Date } = {},
): Promise<FiltersOutcome> {
  const combination = filterCombinationErrors(q);
  if (combination.length > 0) return { status: 'invalid', fields: combination };
  const all = await loadSurveys(db);
  const chosen = chooseSurveys(all, q.survey, q.family);
  if (chosen.status !== 'ok') return { status: 'invalid', fields: chosen.fields };
  const { selector, surveys, target } = chosen.selection;
  const period = q.period
    ? periodOf(q.period)
    : q.from && q.to
      ? periodOf(`${q.from}..${q.to}`)
      : defaultPeriod(options.now);
  if (!period) return { status: 'invalid', fields: [periodField], message: 'Kỳ báo cáo không hợp lệ' };
  const scope = scopedUnitIds(db, user);
  let unit: ResolvedFilters['unit'] = null;
  if (q.unit) {
    const row = await db
      .selectFrom('units')
      .select(['id', 'code', 'name', 'level'])
      .where('code', '=', q.unit)
      .executeTakeFirst();
    // A unit outside the caller's scope reads as unknown, so its existence is not confirmed.
    const visible = row && (scope === null || (await scope.where('id', '=', row.id).executeTakeFirst()) !== undefined);
    if (!row || !visible)
      return { status: 'unit_not_found', fields: [{ path: 'querystring.unit', message: 'không có đơn vị này' }] };
    unit = row;
  }
  let versionIds: number[] | null = null;
  if (q.version !== undefined) {
    const rows = await db
      .selectFrom('survey_versions')
      .select('id')
      .where(
        'survey_id',
        'in',
        surveys.map((s) => s.id),
      )
      .where('number', '=', q.version)
      .execute();
    if (rows.length === 0) {
      return {
        status: 'invalid',
        fields: [{ path: 'querystring.version', message: 'phiếu khảo sát không có phiên bản này' }],
      };
    }
    versionIds = rows.map((r) => r.id);
  }
  const filters: ResolvedFilters = {
    selector,
    surveys,
    target,
    period,
    unit,
    level: q.level ?? null,
    ward: q.ward ?? null,
    channel: q.channel ?? null,
    version: q.version ?? null,
    versionIds,
    method: q.method ?? DEFAULT_SCORING_METHOD,
    scope,
  };
  return { status: 'ok', filters };
}

/** The outcome as HTTP: 404 for an unknown unit, 400 with field errors for the rest. */
export function filtersOrHttpError(outcome: FiltersOutcome): ResolvedFilters {
  switch (outcome.status) {
    case 'ok':
      return outcome.filters;
    case 'unit_not_found':
      throw new HttpError(404, 'not_found', 'Không tìm thấy đơn vị này', outcome.fields);
    case 'invalid':
      throw validationError(outcome.fields, outcome.message);
  }
}

/**
 * The filters of one report section, CCHC table or public figure: a whole survey selection for a
 * period, by the default method, for one unit's subtree or everything the scope allows.
 */
export function groupFilters(
  group: SurveySelection,
  period: ResolvedPeriod,
  where: { unit?: ResolvedFilters['unit']; scope?: ResolvedFilters['scope'] } = {},
): ResolvedFilters {
  return {
    ...group,
    period,
    unit: where.unit ?? null,
    level: null,
    ward: null,
    channel: null,
    version: null,
    versionIds: null,
    method: 'top2_pooled',
    scope: where.scope ?? null,
  };
}
