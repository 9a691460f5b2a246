import { sql, type Expression, type RawBuilder } from 'kysely';
import { OWN_CHANNEL_CODES } from '../../domain/channels.js';
import type { Database } from '../db/schema.js';
import { subtreeIds } from '../units/queries.js';
import type { ResolvedFilters } from './filters.js';

/**
 * Resolved filters as SQL: the conditions on the rollup tables (by unit, survey, channel, version
 * and time grain), or on raw responses for comments and exports.
 */

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

/**
 * A channel filter: 'link' is every code a link was shared under (zalo, sms, email…), the other
 * collection channels and any stored code match exactly (domain/channels.ts).
 */
function channelCondition(column: RawBuilder<unknown>, channel: string): RawBuilder<unknown> {
  if (channel !== 'link') return sql`${column} = ${channel}`;
  return sql`${column} not in (${sql.join([...OWN_CHANNEL_CODES])})`;
}

/** The collection channel of a stored code, as SQL (a breakdown by channel groups by it). */
export function channelGroupSql(column: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`case when ${column} in (${sql.join([...OWN_CHANNEL_CODES])}) then ${column} else 'link' end`;
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
  if (f.channel) conds.push(channelCondition(col('channel'), f.channel));
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
