import type { TFieldError } from '../../domain/contract/errors.js';
import type { TReportData as ReportData, TReportSection as ReportSection } from '../../domain/contract/reports.js';
import { DEFAULT_SCORING_METHOD } from '../../domain/methods.js';
import { PERIOD_CODE_HINT } from '../../domain/periods.js';
import { recordAudit } from '../audit/record.js';
import { computeBreakdown } from '../analytics/breakdown.js';
import { methodInfo } from '../analytics/figures.js';
import { groupFilters, periodOf, type ResolvedFilters, type ResolvedPeriod } from '../analytics/filters.js';
import { chooseSurveys, loadSurveys, reportGroups, type SurveyRow } from '../analytics/surveys.js';
import { computeSummary } from '../analytics/summary.js';
import type { SessionUser } from '../auth/queries.js';
import { isGlobalReader, scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { feedbackMetricsWithin } from '../feedback/queries.js';
import { userLabel } from '../settings/queries.js';

/**
 * What a period report says, independent of its format (PDF, XLSX, CSV, JSON; the shape is
 * domain/contract/reports.ts): one section per survey (or family) with the summary and the table
 * of units against the target. A frozen period's report is read from its snapshot, so late answers
 * never change it.
 */

export type ReportUnit = { id: number; code: string; name: string };

/** Why a report cannot be given; the routes turn these into statuses. */
export type ReportRefusal =
  { kind: 'choose_unit' } | { kind: 'unit_not_found' } | { kind: 'invalid'; fields: TFieldError[]; message: string };

/** The selector and period a request names, or why not (a 400). */
function selection(
  all: SurveyRow[],
  q: { period: string; survey?: string | undefined; family?: string | undefined },
  path: 'querystring' | 'body',
): { kind: 'ok'; selector: string; period: ResolvedPeriod } | ReportRefusal {
  const period = periodOf(q.period);
  if (!period) {
    return {
      kind: 'invalid',
      fields: [{ path: 'params.period', message: `mã kỳ báo cáo không hợp lệ (vd. ${PERIOD_CODE_HINT})` }],
      message: 'Kỳ báo cáo không hợp lệ',
    };
  }
  if (!q.survey && !q.family) return { kind: 'ok', selector: '*', period };
  const choice = chooseSurveys(all, q.survey, q.family, path);
  if (choice.status === 'invalid') {
    return { kind: 'invalid', fields: choice.fields, message: 'Dữ liệu gửi lên không hợp lệ' };
  }
  return { kind: 'ok', selector: choice.selection.selector.code, period };
}

export type FreezeOutcome =
  | { kind: 'frozen'; result: FreezeResult }
  | { kind: 'period_not_over'; label: string }
  | { kind: 'already_frozen'; label: string };

export interface FreezeResult {
  periodCode: string;
  selector: string;
  frozenAt: Date;
  frozenBy: string;
  units: number;
}

export interface FrozenSnapshot {
  whole: ReportData;
  units: Record<string, ReportData>;
}

async function buildLive(
  db: Database,
  all: SurveyRow[],
  selector: string,
  periodCode: string,
  unit: ReportUnit | null,
  scope: ResolvedFilters['scope'],
  minN: number,
): Promise<ReportData> {
  const period = periodOf(periodCode)!;
  const sections: ReportSection[] = [];
  for (const g of reportGroups(all, selector)) {
    // Reports publish the official headline (domain/methods.ts); the pooled rate stays an alternative.
    const f = { ...groupFilters(g, period, { unit, scope }), method: DEFAULT_SCORING_METHOD };
    const [summary, units] = await Promise.all([
      computeSummary(db, f, { minN, bucket: 'month' }),
      computeBreakdown(db, f, 'unit', minN),
    ]);
    // A report for every survey leaves out the ones nobody answered in the period.
    if (selector === '*' && summary.responses.accepted + summary.responses.pending === 0) continue;
    sections.push({ selector: g.selector.code, title: g.selector.title, target: g.target, summary, units });
  }
  // Feedback is about units, not surveys: the report for every survey carries it (once), a one-survey report not.
  const feedback =
    selector === '*' ? await feedbackMetricsWithin(db, { scope, unitId: unit?.id ?? null }, period) : undefined;
  return {
    period: { code: period.code, label: period.label, from: period.fromDay, to: period.lastDay },
    unit: unit ? { code: unit.code, name: unit.name } : null,
    selector,
    method: methodInfo(DEFAULT_SCORING_METHOD),
    minN,
    generatedAt: new Date().toISOString(),
    sections,
    frozen: null,
    ...(feedback ? { feedback } : {}),
  };
}

/**
 * The unit a report is about. Admins and analysts may ask for the whole Sở (no unit) or any unit;
 * a unit manager gets their own unit (and its sub-units) only.
 */
export async function reportUnit(
  db: Database,
  user: SessionUser,
  code: string | undefined,
): Promise<{ kind: 'unit'; unit: ReportUnit | null } | ReportRefusal> {
  if (!code) {
    if (isGlobalReader(user)) return { kind: 'unit', unit: null };
    const roots = user.roles.filter((r) => r.role === 'unit_manager' && r.unitId !== null);
    if (roots.length !== 1) return { kind: 'choose_unit' };
    const own = await db
      .selectFrom('units')
      .select(['id', 'code', 'name'])
      .where('id', '=', roots[0]!.unitId!)
      .executeTakeFirstOrThrow();
    return { kind: 'unit', unit: own };
  }
  const row = await db.selectFrom('units').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
  const scope = scopedUnitIds(db, user);
  const visible = row && (scope === null || (await scope.where('id', '=', row.id).executeTakeFirst()) !== undefined);
  return row && visible ? { kind: 'unit', unit: row } : { kind: 'unit_not_found' };
}

/**
 * Who certified a period, as printed. Periods frozen before people had titles stored the
 * e-mail address: those show the person's name and title as they are now.
 */
async function frozenByLabel(db: Database, by: number | null, label: string | null): Promise<string | null> {
  if (by !== null && (label === null || label.includes('@'))) return userLabel(db, by, label ?? '');
  return label;
}

export async function loadReport(
  db: Database,
  user: SessionUser,
  q: { period: string; survey?: string | undefined; family?: string | undefined; unit?: string | undefined },
  minN: number,
): Promise<{ kind: 'report'; data: ReportData } | ReportRefusal> {
  const all = await loadSurveys(db);
  const chosen = selection(all, q, 'querystring');
  if (chosen.kind !== 'ok') return chosen;
  const { selector, period } = chosen;
  const found = await reportUnit(db, user, q.unit);
  if (found.kind !== 'unit') return found;
  const unit = found.unit;
  const frozen = await db
    .selectFrom('frozen_periods')
    .select(['snapshot', 'frozen_at', 'frozen_by', 'frozen_by_label'])
    .where('period_code', '=', period.code)
    .where('selector', '=', selector)
    .executeTakeFirst();
  if (frozen) {
    const snapshot = frozen.snapshot as FrozenSnapshot;
    const base = unit ? snapshot.units[unit.code] : snapshot.whole;
    const by = await frozenByLabel(db, frozen.frozen_by, frozen.frozen_by_label);
    const stamp = { at: frozen.frozen_at.toISOString(), by };
    if (base) return { kind: 'report', data: { ...base, frozen: stamp } };
    // The unit had no answers when the period was frozen: an empty report, frozen all the same.
    const empty = { ...snapshot.whole, unit: unit ? { code: unit.code, name: unit.name } : null, sections: [] };
    return { kind: 'report', data: { ...empty, frozen: stamp } };
  }
  // Unit reports are scoped to the unit's subtree; the caller's scope contains it.
  const data = await buildLive(db, all, selector, period.code, unit, unit ? null : scopedUnitIds(db, user), minN);
  return { kind: 'report', data };
}

/** Frozen periods, newest first, with who certified each (name and title). */
export async function listFrozen(
  db: Database,
): Promise<Array<{ periodCode: string; selector: string; frozenAt: Date; frozenBy: string | null }>> {
  const rows = await db
    .selectFrom('frozen_periods')
    .select(['period_code', 'selector', 'frozen_at', 'frozen_by', 'frozen_by_label'])
    .orderBy('frozen_at', 'desc')
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      periodCode: r.period_code,
      selector: r.selector,
      frozenAt: r.frozen_at,
      frozenBy: await frozenByLabel(db, r.frozen_by, r.frozen_by_label),
    })),
  );
}

/**
 * Certifies a period: the report for the whole Sở and for every unit with answers (and the units
 * above them) is computed now and kept. The period must be over.
 */
export async function freezePeriod(
  db: Database,
  user: SessionUser,
  q: { period: string; survey?: string | undefined; family?: string | undefined },
  minN: number,
  now = new Date(),
): Promise<FreezeOutcome | ReportRefusal> {
  const all = await loadSurveys(db);
  const chosen = selection(all, q, 'body');
  if (chosen.kind !== 'ok') return chosen;
  const { selector, period } = chosen;
  if (period.to > now) return { kind: 'period_not_over', label: period.label.vi };
  const exists = await db
    .selectFrom('frozen_periods')
    .select('id')
    .where('period_code', '=', period.code)
    .where('selector', '=', selector)
    .executeTakeFirst();
  if (exists) return { kind: 'already_frozen', label: period.label.vi };

  const whole = await buildLive(db, all, selector, period.code, null, null, minN);
  const unitIds = new Set<number>();
  for (const s of whole.sections) for (const u of s.units) if (u.unit) unitIds.add(u.unit.id);
  const units = await db.selectFrom('units').select(['id', 'code', 'name', 'parent_id']).execute();
  const byId = new Map(units.map((u) => [u.id, u]));
  for (const id of [...unitIds]) {
    for (let p = byId.get(id)?.parent_id; p; p = byId.get(p)?.parent_id) unitIds.add(p);
  }
  const perUnit: Record<string, ReportData> = {};
  for (const id of unitIds) {
    const u = byId.get(id)!;
    perUnit[u.code] = await buildLive(
      db,
      all,
      selector,
      period.code,
      { id: u.id, code: u.code, name: u.name },
      null,
      minN,
    );
  }
  const snapshot: FrozenSnapshot = { whole, units: perUnit };
  // The certification names a person by name and title (users.title), not by e-mail.
  const by = await userLabel(db, user.id, user.email);
  return db.transaction().execute(async (trx): Promise<FreezeOutcome> => {
    const row = await trx
      .insertInto('frozen_periods')
      .values({
        period_code: period.code,
        selector,
        snapshot: JSON.stringify(snapshot),
        frozen_by: user.id,
        frozen_by_label: by,
      })
      // Two admins freezing at once: the second finds the first's row.
      .onConflict((oc) => oc.columns(['period_code', 'selector']).doNothing())
      .returning(['frozen_at'])
      .executeTakeFirst();
    if (!row) return { kind: 'already_frozen', label: period.label.vi };
    await recordAudit(trx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'periods.freeze',
      targetType: 'period',
      targetId: `${period.code}/${selector}`,
      details: { period: period.code, selector, units: unitIds.size },
    });
    const result = { periodCode: period.code, selector, frozenAt: row.frozen_at, frozenBy: by, units: unitIds.size };
    return { kind: 'frozen', result };
  });
}
