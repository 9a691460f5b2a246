import type { TReportData as ReportData, TReportSection as ReportSection } from '../../domain/contract/reports.js';
import { recordAudit } from '../audit/record.js';
import { computeBreakdown } from '../analytics/breakdown.js';
import { methodInfo } from '../analytics/figures.js';
import { groupFilters, resolvePeriod, type ResolvedFilters } from '../analytics/filters.js';
import { loadSurveys, reportGroups, selectorOf, type SurveyRow } from '../analytics/surveys.js';
import { computeSummary } from '../analytics/summary.js';
import type { SessionUser } from '../auth/queries.js';
import { isGlobalReader, scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { HttpError } from '../plugins/errors.js';
import { validationError } from '../http/validation.js';

/**
 * What a period report says, independent of its format (PDF, XLSX, CSV, JSON; the shape is
 * domain/contract/reports.ts): one section per survey (or family) with the summary and the table
 * of units against the target. A frozen period's report is read from its snapshot, so late answers
 * never change it.
 */

export interface FrozenSnapshot {
  whole: ReportData;
  units: Record<string, ReportData>;
}

async function buildLive(
  db: Database,
  all: SurveyRow[],
  selector: string,
  periodCode: string,
  unit: { id: number; code: string; name: string } | null,
  scope: ResolvedFilters['scope'],
  minN: number,
): Promise<ReportData> {
  const period = resolvePeriod(periodCode);
  const sections: ReportSection[] = [];
  for (const g of reportGroups(all, selector)) {
    const f = groupFilters(g, period, { unit, scope });
    const [summary, units] = await Promise.all([
      computeSummary(db, f, { minN, bucket: 'month' }),
      computeBreakdown(db, f, 'unit', minN),
    ]);
    // A report for every survey leaves out the ones nobody answered in the period.
    if (selector === '*' && summary.responses.accepted + summary.responses.pending === 0) continue;
    sections.push({ selector: g.selector.code, title: g.selector.title, target: g.target, summary, units });
  }
  return {
    period: { code: period.code, label: period.label, from: period.fromDay, to: period.lastDay },
    unit: unit ? { code: unit.code, name: unit.name } : null,
    selector,
    method: methodInfo('top2_pooled'),
    minN,
    generatedAt: new Date().toISOString(),
    sections,
    frozen: null,
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
): Promise<{ id: number; code: string; name: string } | null> {
  if (!code) {
    if (isGlobalReader(user)) return null;
    const roots = user.roles.filter((r) => r.role === 'unit_manager' && r.unitId !== null);
    if (roots.length !== 1) {
      throw validationError(
        [{ path: 'querystring.unit', message: 'hãy chọn một đơn vị' }],
        'Hãy chọn đơn vị của báo cáo',
      );
    }
    return db
      .selectFrom('units')
      .select(['id', 'code', 'name'])
      .where('id', '=', roots[0]!.unitId!)
      .executeTakeFirstOrThrow();
  }
  const row = await db.selectFrom('units').select(['id', 'code', 'name']).where('code', '=', code).executeTakeFirst();
  const scope = scopedUnitIds(db, user);
  const visible = row && (scope === null || (await scope.where('id', '=', row.id).executeTakeFirst()) !== undefined);
  if (!row || !visible) {
    throw new HttpError(404, 'not_found', 'Không tìm thấy đơn vị này', [
      { path: 'querystring.unit', message: 'không có đơn vị này' },
    ]);
  }
  return row;
}

export async function loadReport(
  db: Database,
  user: SessionUser,
  q: { period: string; survey?: string | undefined; family?: string | undefined; unit?: string | undefined },
  minN: number,
): Promise<ReportData> {
  const all = await loadSurveys(db);
  const selector = selectorOf(all, q.survey, q.family);
  const period = resolvePeriod(q.period);
  const unit = await reportUnit(db, user, q.unit);
  const frozen = await db
    .selectFrom('frozen_periods')
    .select(['snapshot', 'frozen_at', 'frozen_by_label'])
    .where('period_code', '=', period.code)
    .where('selector', '=', selector)
    .executeTakeFirst();
  if (frozen) {
    const snapshot = frozen.snapshot as FrozenSnapshot;
    const base = unit ? snapshot.units[unit.code] : snapshot.whole;
    const stamp = { at: frozen.frozen_at.toISOString(), by: frozen.frozen_by_label };
    if (base) return { ...base, frozen: stamp };
    // The unit had no answers when the period was frozen: an empty report, frozen all the same.
    return { ...snapshot.whole, unit: unit ? { code: unit.code, name: unit.name } : null, sections: [], frozen: stamp };
  }
  // Unit reports are scoped to the unit's subtree; the caller's scope contains it.
  return buildLive(db, all, selector, period.code, unit, unit ? null : scopedUnitIds(db, user), minN);
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
): Promise<{ periodCode: string; selector: string; frozenAt: Date; frozenBy: string; units: number }> {
  const all = await loadSurveys(db);
  const selector = selectorOf(all, q.survey, q.family);
  const period = resolvePeriod(q.period);
  if (period.to > now) {
    throw new HttpError(409, 'period_not_over', `Chưa thể chốt số liệu: ${period.label.vi} chưa kết thúc`);
  }
  const exists = await db
    .selectFrom('frozen_periods')
    .select('id')
    .where('period_code', '=', period.code)
    .where('selector', '=', selector)
    .executeTakeFirst();
  if (exists) throw new HttpError(409, 'already_frozen', `Số liệu ${period.label.vi} đã được chốt trước đó`);

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
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('frozen_periods')
      .values({
        period_code: period.code,
        selector,
        snapshot: JSON.stringify(snapshot),
        frozen_by: user.id,
        frozen_by_label: user.email,
      })
      // Two admins freezing at once: the second finds the first's row.
      .onConflict((oc) => oc.columns(['period_code', 'selector']).doNothing())
      .returning(['frozen_at'])
      .executeTakeFirst();
    if (!row) throw new HttpError(409, 'already_frozen', `Số liệu ${period.label.vi} đã được chốt trước đó`);
    await recordAudit(trx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'periods.freeze',
      targetType: 'period',
      targetId: `${period.code}/${selector}`,
      details: { period: period.code, selector, units: unitIds.size },
    });
    return { periodCode: period.code, selector, frozenAt: row.frozen_at, frozenBy: user.email, units: unitIds.size };
  });
}
