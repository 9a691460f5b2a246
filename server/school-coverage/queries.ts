import type { TCoverage, TCoverageSchool } from '../../domain/contract/coverage.js';
import { DEFAULT_MARGIN, respondentsForMargin, weightedRate } from '../../domain/coverage.js';
import { DEFAULT_SCORING_METHOD } from '../../domain/methods.js';
import { emptyLikertCounts } from '../../domain/scoring.js';
import { isSmallSample } from '../../domain/statistics.js';
import { computeBreakdown } from '../analytics/breakdown.js';
import { figureFor, methodInfo } from '../analytics/figures.js';
import { groupFilters, type ResolvedFilters, type ResolvedPeriod } from '../analytics/filters.js';
import { computeSummary } from '../analytics/summary.js';
import type { SurveySelection } from '../analytics/surveys.js';
import { expectedUnits } from '../cchc/queries.js';
import type { Database } from '../db/schema.js';

/**
 * Schools' coverage for a period: answers against the stored enrolment beside the satisfaction
 * rate, the schools whose interval is wider than ±5 points (under-sampled) with the respondents
 * they still need, and the city's rate pooled or weighted by enrolment.
 */
export async function coverage(
  db: Database,
  q: {
    group: SurveySelection;
    period: ResolvedPeriod;
    weighting: TCoverage['weighting'];
    scope: ResolvedFilters['scope'];
  },
  minRespondents: number,
  margin = DEFAULT_MARGIN,
): Promise<TCoverage> {
  const { group, period } = q;
  const f = { ...groupFilters(group, period, { scope: q.scope }), method: DEFAULT_SCORING_METHOD };
  const [summary, rows, expected] = await Promise.all([
    computeSummary(db, f, { minN: minRespondents }),
    computeBreakdown(db, f, 'unit', minRespondents),
    expectedUnits(db, group, q.scope),
  ]);
  const enrolments = new Map(expected.map((u) => [u.code, u.enrolment]));
  const answered = new Map(rows.filter((r) => r.unit).map((r) => [r.unit!.code, r]));
  // Schools only: units with a school level (offices answer administrative surveys, not these).
  const schoolCodes = new Set(expected.filter((u) => u.level !== null).map((u) => u.code));
  for (const r of rows) if (r.unit?.level) schoolCodes.add(r.unit.code);
  if (answered.size > 0) {
    const missing = [...answered.keys()].filter((c) => !enrolments.has(c));
    if (missing.length > 0) {
      const extra = await db.selectFrom('units').select(['code', 'enrolment']).where('code', 'in', missing).execute();
      for (const u of extra) enrolments.set(u.code, u.enrolment);
    }
  }
  const empty = figureFor(DEFAULT_SCORING_METHOD, {
    counts: emptyLikertCounts(),
    target: group.target,
    minN: minRespondents,
  });
  const byCode = new Map(expected.map((u) => [u.code, u]));
  const schools: TCoverageSchool[] = [];
  for (const code of schoolCodes) {
    const r = answered.get(code);
    const u = r?.unit ?? byCode.get(code)!;
    const enrolment = enrolments.get(code) ?? null;
    const figure = r?.figure ?? empty;
    const needed = respondentsForMargin({
      rate: figure.value,
      n: figure.n,
      respondents: figure.respondents,
      designEffect: figure.designEffect,
      population: enrolment,
      margin,
    });
    const more = Math.max(0, needed - figure.respondents);
    schools.push({
      unit: { code: u.code, name: u.name, level: u.level, ward: u.ward },
      enrolment,
      responses: r?.responses ?? 0,
      respondents: figure.respondents,
      responseRate: enrolment ? (r?.responses ?? 0) / enrolment : null,
      figure,
      needed,
      more,
      // Too few for a ±margin interval, or under the minimum of respondents.
      underSampled: more > 0 || isSmallSample(figure.respondents, minRespondents),
    });
  }
  // The most to do first: under-sampled schools by how many respondents they still need.
  schools.sort(
    (a, b) =>
      Number(b.underSampled) - Number(a.underSampled) ||
      b.more - a.more ||
      a.unit.name.localeCompare(b.unit.name, 'vi'),
  );
  const parts = schools
    .filter((s) => s.enrolment && s.figure.value !== null && s.figure.n > 0)
    .map((s) => ({
      weight: s.enrolment!,
      rate: s.figure.value!,
      nEff: s.figure.n / Math.max(1, s.figure.designEffect),
    }));
  const weighted = weightedRate(parts);
  const pooled = summary.headline.figure;
  return {
    period: { code: period.code, label: period.label, from: period.fromDay, to: period.lastDay },
    survey: { selector: group.selector.code, title: group.selector.title },
    target: group.target,
    margin,
    minRespondents,
    method: methodInfo(DEFAULT_SCORING_METHOD),
    weighting: q.weighting,
    city: {
      pooled,
      weighted: {
        ...weighted,
        schools: parts.length,
        enrolment: parts.reduce((a, p) => a + p.weight, 0),
      },
      chosen: q.weighting === 'enrolment' ? weighted : { value: pooled.value, interval: pooled.interval },
    },
    totals: {
      schools: schools.length,
      withEnrolment: schools.filter((s) => s.enrolment).length,
      enrolment: schools.reduce((a, s) => a + (s.enrolment ?? 0), 0),
      responses: schools.reduce((a, s) => a + s.responses, 0),
      underSampled: schools.filter((s) => s.underSampled).length,
    },
    schools,
  };
}
