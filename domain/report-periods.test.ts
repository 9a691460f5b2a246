import { describe, expect, it } from 'vitest';
import { formatPeriodCode, lastLocalDay, localDay, parsePeriodCode, periodRange, ZPeriodCode } from './periods.js';
import { extraReportPeriods, reportKind, schoolYearStart } from './report-periods.js';

const iso = (d: Date): string => d.toISOString();

describe('nine-month and school-year periods', () => {
  it('resolve to the right local dates and labels', () => {
    const m9 = periodRange('M9-2026');
    expect([iso(m9.from), iso(m9.to)]).toEqual(['2025-12-31T17:00:00.000Z', '2026-09-30T17:00:00.000Z']);
    expect([localDay(m9.from), lastLocalDay(m9.to)]).toEqual(['2026-01-01', '2026-09-30']);
    expect(m9.label).toEqual({ vi: '9 tháng đầu năm 2026', en: 'First nine months of 2026' });

    const sy = periodRange('NH-2025-2026');
    expect([iso(sy.from), iso(sy.to)]).toEqual(['2025-08-31T17:00:00.000Z', '2026-08-31T17:00:00.000Z']);
    expect([localDay(sy.from), lastLocalDay(sy.to)]).toEqual(['2025-09-01', '2026-08-31']);
    expect(sy.label.vi).toBe('Năm học 2025–2026');
  });

  it('round-trip their codes and refuse malformed ones', () => {
    for (const code of ['M9-2026', 'NH-2025-2026']) expect(formatPeriodCode(parsePeriodCode(code)!)).toBe(code);
    for (const bad of ['M9-1999', 'M8-2026', 'NH-2025-2027', 'NH-2025', 'nh-2025-2026', 'NH-1999-2000']) {
      expect(parsePeriodCode(bad), bad).toBeNull();
      expect(ZPeriodCode.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('place an instant in its school year by Vietnam local date', () => {
    // 31 August 17:30 UTC is already 1 September in Vietnam: the new school year.
    expect(schoolYearStart(new Date('2026-08-31T16:59:59Z'))).toBe(2025);
    expect(schoolYearStart(new Date('2026-08-31T17:00:00Z'))).toBe(2026);
    expect(schoolYearStart(new Date('2026-01-15T00:00:00Z'))).toBe(2025);
  });

  it('are offered newest first, and an explicit range is an ad-hoc report', () => {
    expect(extraReportPeriods(new Date('2026-03-10T00:00:00Z')).map((p) => [p.code, p.kind])).toEqual([
      ['M9-2026', 'nineMonths'],
      ['M9-2025', 'nineMonths'],
      ['NH-2025-2026', 'schoolYear'],
      ['NH-2024-2025', 'schoolYear'],
    ]);
    expect(reportKind('2026-02-03..2026-02-20')).toBe('adHoc');
    expect(reportKind('Q1-2026')).toBe('quarter');
    expect(reportKind('NH-2025-2026')).toBe('schoolYear');
    expect(reportKind('nope')).toBeNull();
  });
});
