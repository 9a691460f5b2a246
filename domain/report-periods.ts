import { localFields, parsePeriodCode, rangeOf, type ParsedPeriod, type PeriodRange } from './periods.js';

/**
 * The periods the Sở reports on beyond quarters, halves and years (#11.4): nine months and the school
 * year (codes, dates and the school-year convention in periods.ts), and ad-hoc ranges (báo cáo đột
 * xuất).
 */

/** The first calendar year of the school year an instant falls in (1/9 to 31/8, Vietnam local date). */
export function schoolYearStart(date: Date): number {
  const { year, month } = localFields(date);
  return month >= 9 ? year : year - 1;
}

export type ExtraPeriod = PeriodRange & { kind: 'nineMonths' | 'schoolYear' };

/**
 * Report periods beyond quarters, halves and years, newest first: the nine-month reports of this
 * year and last, and the current and previous school years.
 */
export function extraReportPeriods(now: Date): ExtraPeriod[] {
  const { year } = localFields(now);
  const start = schoolYearStart(now);
  return [
    { ...rangeOf({ kind: 'nineMonths', year }), kind: 'nineMonths' },
    { ...rangeOf({ kind: 'nineMonths', year: year - 1 }), kind: 'nineMonths' },
    { ...rangeOf({ kind: 'schoolYear', startYear: start }), kind: 'schoolYear' },
    { ...rangeOf({ kind: 'schoolYear', startYear: start - 1 }), kind: 'schoolYear' },
  ];
}

/** The kind of report a period code asks for; 'adHoc' for an explicit range (báo cáo đột xuất). */
export function reportKind(code: string): Exclude<ParsedPeriod['kind'], 'range'> | 'adHoc' | null {
  const p = parsePeriodCode(code);
  if (!p) return null;
  return p.kind === 'range' ? 'adHoc' : p.kind;
}
