import { sql, type Expression, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { ZSchoolLevel, type TSchoolLevel } from '../../domain/contract/units.js';
import { listRecentQuarters, parsePeriodCode, PERIOD_CODE_HINT, rangeOf } from '../../domain/periods.js';
import { ZScoringMethod, type ScoringMethod } from '../../domain/scoring.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { HttpError } from '../plugins/errors.js';
import { subtreeIds } from '../units/queries.js';

/**
 * The filters every analytics, report and export endpoint accepts, their validation, and their
 * translation into SQL over the rollup tables (or over raw responses, for comments and exports).
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
  .regex(datePattern, 'ngày theo dạng YYYY-MM-DD')
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
export function checkFilterCombination(q: AnalyticsFilterInput): void {
  const fields: Array<{ path: string; message: string }> = [];
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
  if (fields.length > 0) throw new HttpError(400, 'validation_failed', 'Dữ liệu gửi lên không hợp lệ', fields);
}

export interface SurveyRow {
  id: number;
  slug: string;
  family: string | null;
  kind: string;
  level: string | null;
  title: { vi: string; en: string };
  target: number;
}

export interface Selector {
  /** 'tthc-services', 'family:public-education-parents' or '*' */
  code: string;
  kind: 'survey' | 'family';
  key: string;
  title: { vi: string; en: string };
}

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
  unit: { id: number; code: string; name: string } | null;
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

const DAY_MS = 86_400_000;
const OFFSET_MS = 7 * 3600_000;
/** The Vietnam local date (YYYY-MM-DD) of a local-midnight instant. */
export const localDay = (instant: Date): string => new Date(instant.getTime() + OFFSET_MS).toISOString().slice(0, 10);

export function resolvePeriod(code: string): ResolvedPeriod {
  const parsed = parsePeriodCode(code);
  if (!parsed)
    throw new HttpError(400, 'validation_failed', 'Kỳ báo cáo không hợp lệ', [
      { path: 'querystring.period', message: `mã kỳ báo cáo không hợp lệ (vd. ${PERIOD_CODE_HINT})` },
    ]);
  const r = rangeOf(parsed);
  return {
    code: r.code,
    label: r.label,
    fromDay: localDay(r.from),
    toDay: localDay(r.to),
    lastDay: localDay(new Date(r.to.getTime() - DAY_MS)),
    from: r.from,
    to: r.to,
  };
}

/** The default period: the current quarter and the three before it (what the demo data covers). */
export function defaultPeriod(now = new Date()): ResolvedPeriod {
  const quarters = listRecentQuarters(now, 4);
  const first = quarters.at(-1)!;
  const last = quarters[0]!;
  const resolved = resolvePeriod(`${localDay(first.from)}..${localDay(new Date(last.to.getTime() - DAY_MS))}`);
  return {
    ...resolved,
    label: { vi: `4 quý gần nhất (${resolved.label.vi})`, en: `Last 4 quarters (${resolved.label.en})` },
  };
}

function fieldError(path: string, message: string): HttpError {
  return new HttpError(400, 'validation_failed', 'Dữ liệu gửi lên không hợp lệ', [{ path, message }]);
}

export async function loadSurveys(db: Database): Promise<SurveyRow[]> {
  const rows = await db
    .selectFrom('surveys')
    .select(['id', 'slug', 'family', 'kind', 'level', 'title_vi', 'title_en', 'target'])
    .orderBy('slug')
    .execute();
  return rows.map((s) => ({
    id: s.id,
    slug: s.slug,
    family: s.family,
    kind: s.kind,
    level: s.level,
    title: { vi: s.title_vi, en: s.title_en ?? s.title_vi },
    target: Number(s.target),
  }));
}

const FAMILY_TITLES: Record<string, { vi: string; en: string }> = {
  'public-education-parents': {
    vi: 'Sự hài lòng của cha mẹ học sinh về giáo dục công (mọi cấp học)',
    en: "Parents' satisfaction with public education (all levels)",
  },
};

export function familyTitle(family: string, members: SurveyRow[]): { vi: string; en: string } {
  return (
    FAMILY_TITLES[family] ?? {
      vi: `Nhóm phiếu ${family} (${members.length} phiếu)`,
      en: `Survey family ${family} (${members.length} surveys)`,
    }
  );
}

/**
 * The surveys a selector covers. `survey` may name a slug or, when no slug matches, a family;
 * `family` names a family. Pooling surveys with different targets would blur what "met" means, so
 * a family's target is the strictest of its members'.
 */
export function selectSurveys(
  all: SurveyRow[],
  survey: string | undefined,
  family: string | undefined,
  path = 'querystring',
): { selector: Selector; surveys: SurveyRow[]; target: number } {
  const bySlug = survey ? all.find((s) => s.slug === survey) : undefined;
  const familyKey = family ?? (bySlug ? undefined : survey);
  if (bySlug && !family) {
    return {
      selector: { code: bySlug.slug, kind: 'survey', key: bySlug.slug, title: bySlug.title },
      surveys: [bySlug],
      target: bySlug.target,
    };
  }
  if (familyKey) {
    const members = all.filter((s) => s.family === familyKey);
    if (members.length === 0) {
      throw fieldError(`${path}.${family ? 'family' : 'survey'}`, 'không có phiếu khảo sát hoặc nhóm phiếu này');
    }
    const chosen = bySlug && family ? members.filter((m) => m.slug === bySlug.slug) : members;
    if (chosen.length === 0) throw fieldError(`${path}.survey`, 'phiếu khảo sát không thuộc nhóm phiếu đã chọn');
    return {
      selector:
        chosen.length === 1 && bySlug
          ? { code: bySlug.slug, kind: 'survey', key: bySlug.slug, title: bySlug.title }
          : { code: `family:${familyKey}`, kind: 'family', key: familyKey, title: familyTitle(familyKey, members) },
      surveys: chosen,
      target: Math.max(...chosen.map((s) => s.target)),
    };
  }
  if (survey) throw fieldError(`${path}.survey`, 'không có phiếu khảo sát hoặc nhóm phiếu này');
  throw fieldError(`${path}.survey`, 'hãy chọn một phiếu khảo sát (survey) hoặc một nhóm phiếu (family)');
}

/** Parses a selector code as stored in frozen_periods ('slug' or 'family:x'). */
export function selectorFromCode(all: SurveyRow[], code: string) {
  return code.startsWith('family:')
    ? selectSurveys(all, undefined, code.slice(7))
    : selectSurveys(all, code, undefined);
}

export async function resolveFilters(
  db: Database,
  user: SessionUser,
  q: AnalyticsFilterInput,
  options: { now?: Date; requireSurvey?: boolean } = {},
): Promise<ResolvedFilters> {
  checkFilterCombination(q);
  const all = await loadSurveys(db);
  const { selector, surveys, target } = selectSurveys(all, q.survey, q.family);
  const period = q.period
    ? resolvePeriod(q.period)
    : q.from && q.to
      ? resolvePeriod(`${q.from}..${q.to}`)
      : defaultPeriod(options.now);
  const scope = scopedUnitIds(db, user);
  let unit: ResolvedFilters['unit'] = null;
  if (q.unit) {
    const row = await db
      .selectFrom('units')
      .select(['id', 'code', 'name'])
      .where('code', '=', q.unit)
      .executeTakeFirst();
    // A unit outside the caller's scope reads as unknown, so its existence is not confirmed.
    const visible = row && (scope === null || (await scope.where('id', '=', row.id).executeTakeFirst()) !== undefined);
    if (!row || !visible)
      throw new HttpError(404, 'not_found', 'Không tìm thấy đơn vị này', [
        { path: 'querystring.unit', message: 'không có đơn vị này' },
      ]);
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
    if (rows.length === 0) throw fieldError('querystring.version', 'phiếu khảo sát không có phiên bản này');
    versionIds = rows.map((r) => r.id);
  }
  return {
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
    method: q.method ?? 'top2_pooled',
    scope,
  };
}

// ---------------------------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------------------------

/**
 * Which rows of a rollup table to read by unit. Rollups count every answer twice: under its unit and
 * under one of 8 "all units" shards with a negative unit id (migrations/0022). With no unit, level,
 * ward or scope filter a summary reads only the shards; a breakdown by unit reads only real units.
 */
export type UnitRows = 'all-units' | 'real-units';

function unitConditions(
  db: Database,
  f: ResolvedFilters,
  col: (name: string) => RawBuilder<unknown>,
  rollup: boolean,
): RawBuilder<unknown>[] {
  // On rollups, `= any(array(subquery))`: the unit list is computed first and the index that leads
  // with unit_id is searched for each unit, instead of scanning every unit's rows in the period.
  const inUnits = (subquery: Expression<unknown>) =>
    rollup ? sql`${col('unit_id')} = any(array(${subquery}))` : sql`${col('unit_id')} in (${subquery})`;
  const conds: RawBuilder<unknown>[] = [];
  if (f.unit) conds.push(inUnits(subtreeIds(db, f.unit.id)));
  if (f.level) conds.push(inUnits(sql`select id from units where level = ${f.level}`));
  if (f.ward) conds.push(inUnits(sql`select id from units where ward = ${f.ward}`));
  if (f.scope) conds.push(inUnits(f.scope));
  return conds;
}

/** Conditions on survey, unit, channel and version of a table aliased `alias` (rollups or responses). */
export function dimensionConditions(
  db: Database,
  f: ResolvedFilters,
  alias: string,
  rollup: UnitRows | null = null,
): RawBuilder<unknown>[] {
  const col = (name: string) => sql.ref(`${alias}.${name}`) as unknown as RawBuilder<unknown>;
  const conds: RawBuilder<unknown>[] = [sql`${col('survey_id')} in (${sql.join(f.surveys.map((s) => s.id))})`];
  const units = unitConditions(db, f, col, rollup !== null);
  conds.push(...units);
  if (rollup && units.length === 0) {
    conds.push(rollup === 'all-units' ? sql`${col('unit_id')} < 0` : sql`${col('unit_id')} > 0`);
  }
  if (f.channel) conds.push(sql`${col('channel')} = ${f.channel}`);
  if (f.versionIds) conds.push(sql`${col('version_id')} in (${sql.join(f.versionIds)})`);
  return conds;
}

function addMonths(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + months, 1));
  return d.toISOString().slice(0, 10);
}

/**
 * Which rollup rows cover [fromDay, toDay): month rows for the whole months inside the range, day
 * rows for the days at its edges. With `daysOnly` (weekly series), day rows throughout.
 */
export function timeCondition(alias: string, fromDay: string, toDay: string, daysOnly = false): RawBuilder<unknown> {
  const grain = sql.ref(`${alias}.grain`);
  const bucket = sql.ref(`${alias}.bucket`);
  const days = (a: string, b: string) => sql`(${bucket} >= ${a}::date and ${bucket} < ${b}::date)`;
  const firstWhole = fromDay.endsWith('-01') ? fromDay : addMonths(fromDay, 1);
  const endWhole = `${toDay.slice(0, 7)}-01`;
  if (daysOnly || firstWhole >= endWhole) return sql`(${grain} = 'day' and ${days(fromDay, toDay)})`;
  const edges = [];
  if (fromDay < firstWhole) edges.push(days(fromDay, firstWhole));
  if (endWhole < toDay) edges.push(days(endWhole, toDay));
  const month = sql`(${grain} = 'month' and ${days(firstWhole, endWhole)})`;
  return edges.length === 0 ? month : sql`(${month} or (${grain} = 'day' and (${sql.join(edges, sql` or `)})))`;
}

/** The WHERE clause (without the keyword) for a rollup table aliased `alias`. */
export function rollupWhere(
  db: Database,
  f: ResolvedFilters,
  alias: string,
  options: { daysOnly?: boolean; rows?: UnitRows } = {},
): RawBuilder<unknown> {
  return sql.join(
    [
      timeCondition(alias, f.period.fromDay, f.period.toDay, options.daysOnly ?? false),
      ...dimensionConditions(db, f, alias, options.rows ?? 'all-units'),
    ],
    sql` and `,
  );
}

/** The WHERE clause for raw responses aliased `alias` (comments, exports, the naive oracle). */
export function responsesWhere(db: Database, f: ResolvedFilters, alias: string): RawBuilder<unknown> {
  const at = sql.ref(`${alias}.submitted_at`);
  return sql.join(
    [sql`${at} >= ${f.period.from} and ${at} < ${f.period.to}`, ...dimensionConditions(db, f, alias)],
    sql` and `,
  );
}
