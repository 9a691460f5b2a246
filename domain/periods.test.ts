import { describe, it, expect } from 'vitest';
import {
  ZPeriodCode,
  bucketLabel,
  bucketStart,
  bucketStarts,
  formatLocalDate,
  formatLocalDateTime,
  lastLocalDay,
  localDay,
  localDayStart,
  formatPeriodCode,
  listRecentQuarters,
  parsePeriodCode,
  periodRange,
  quarterOf,
} from './periods.js';

// Expected instants written out by hand: Vietnam local midnight = 17:00Z of the previous UTC day.
const iso = (d: Date): string => d.toISOString();

describe('periodRange', () => {
  const cases: Array<[string, string, string, string, string]> = [
    ['Q1-2026', '2025-12-31T17:00:00.000Z', '2026-03-31T17:00:00.000Z', 'Quý I/2026', 'Q1 2026'],
    ['Q2-2026', '2026-03-31T17:00:00.000Z', '2026-06-30T17:00:00.000Z', 'Quý II/2026', 'Q2 2026'],
    ['Q3-2026', '2026-06-30T17:00:00.000Z', '2026-09-30T17:00:00.000Z', 'Quý III/2026', 'Q3 2026'],
    ['Q4-2026', '2026-09-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z', 'Quý IV/2026', 'Q4 2026'],
    ['H1-2026', '2025-12-31T17:00:00.000Z', '2026-06-30T17:00:00.000Z', '6 tháng đầu năm 2026', 'First half of 2026'],
    ['H2-2026', '2026-06-30T17:00:00.000Z', '2026-12-31T17:00:00.000Z', '6 tháng cuối năm 2026', 'Second half of 2026'],
    ['Y-2026', '2025-12-31T17:00:00.000Z', '2026-12-31T17:00:00.000Z', 'Năm 2026', 'Year 2026'],
    [
      '2026-01-15..2026-02-20',
      '2026-01-14T17:00:00.000Z',
      '2026-02-20T17:00:00.000Z',
      'Từ 15/01/2026 đến 20/02/2026',
      '15 Jan 2026 – 20 Feb 2026',
    ],
    [
      '2028-02-29..2028-02-29',
      '2028-02-28T17:00:00.000Z',
      '2028-02-29T17:00:00.000Z',
      'Từ 29/02/2028 đến 29/02/2028',
      '29 Feb 2028 – 29 Feb 2028',
    ],
    [
      '2025-12-01..2026-01-31',
      '2025-11-30T17:00:00.000Z',
      '2026-01-31T17:00:00.000Z',
      'Từ 01/12/2025 đến 31/01/2026',
      '1 Dec 2025 – 31 Jan 2026',
    ],
  ];

  for (const [code, from, to, vi, en] of cases) {
    it(code, () => {
      const r = periodRange(code);
      expect(r.code).toBe(code);
      expect(iso(r.from)).toBe(from);
      expect(iso(r.to)).toBe(to);
      expect(r.label).toEqual({ vi, en });
      expect(ZPeriodCode.safeParse(code).success).toBe(true);
      const parsed = parsePeriodCode(code);
      expect(parsed).not.toBeNull();
      expect(formatPeriodCode(parsed!)).toBe(code);
    });
  }

  it('quarters and halves tile the year without gaps', () => {
    const q = ['Q1-2026', 'Q2-2026', 'Q3-2026', 'Q4-2026'].map(periodRange);
    for (let i = 1; i < q.length; i++) expect(q[i]!.from.getTime()).toBe(q[i - 1]!.to.getTime());
    expect(periodRange('H1-2026').to.getTime()).toBe(periodRange('H2-2026').from.getTime());
    expect(periodRange('Y-2026').from.getTime()).toBe(q[0]!.from.getTime());
    expect(periodRange('Y-2026').to.getTime()).toBe(q[3]!.to.getTime());
    expect(periodRange('Y-2026').to.getTime()).toBe(periodRange('Q1-2027').from.getTime());
  });

  it('parses into structured periods', () => {
    expect(parsePeriodCode('Q3-2026')).toEqual({ kind: 'quarter', year: 2026, quarter: 3 });
    expect(parsePeriodCode('H2-2027')).toEqual({ kind: 'half', year: 2027, half: 2 });
    expect(parsePeriodCode('Y-2030')).toEqual({ kind: 'year', year: 2030 });
    expect(parsePeriodCode('2026-01-15..2026-02-20')).toEqual({
      kind: 'range',
      from: { year: 2026, month: 1, day: 15 },
      to: { year: 2026, month: 2, day: 20 },
    });
  });

  it('rejects bad codes', () => {
    const bad = [
      '',
      'Q5-2026',
      'Q0-2026',
      'q1-2026',
      'Q1-26',
      'Q1 2026',
      ' Q1-2026',
      'Q1-2026 ',
      'H3-2026',
      'Y2026',
      'Y-1999',
      'Y-2101',
      '2026-03-01..2026-02-01', // reversed
      '2026-02-29..2026-03-01', // 2026 is not a leap year
      '2026-13-01..2026-13-02',
      '2026-1-5..2026-2-5',
      '2026-01-01',
    ];
    for (const code of bad) {
      expect(parsePeriodCode(code), code).toBeNull();
      expect(ZPeriodCode.safeParse(code).success, code).toBe(false);
      expect(() => periodRange(code), code).toThrow(RangeError);
    }
  });
});

describe('quarterOf', () => {
  it('uses the Vietnam local date at the UTC+7 boundary', () => {
    expect(quarterOf(new Date('2026-03-31T16:59:59.999Z')).code).toBe('Q1-2026');
    expect(quarterOf(new Date('2026-03-31T17:00:00.000Z')).code).toBe('Q2-2026');
    expect(quarterOf(new Date('2026-03-31T17:30:00Z'))).toEqual({ year: 2026, quarter: 2, code: 'Q2-2026' });
    expect(quarterOf(new Date('2025-12-31T16:59:00Z')).code).toBe('Q4-2025');
    expect(quarterOf(new Date('2025-12-31T17:00:00Z')).code).toBe('Q1-2026');
  });

  it('is consistent with periodRange', () => {
    const t = new Date('2026-08-15T03:00:00Z');
    const r = periodRange(quarterOf(t).code);
    expect(r.from.getTime()).toBeLessThanOrEqual(t.getTime());
    expect(r.to.getTime()).toBeGreaterThan(t.getTime());
  });

  it('rejects an invalid date', () => {
    expect(() => quarterOf(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('listRecentQuarters', () => {
  it('newest first, starting with the current quarter, across years', () => {
    const list = listRecentQuarters(new Date('2026-02-10T00:00:00Z'), 5);
    expect(list.map((q) => q.code)).toEqual(['Q1-2026', 'Q4-2025', 'Q3-2025', 'Q2-2025', 'Q1-2025']);
    expect(list[1]!.label.vi).toBe('Quý IV/2025');
    expect(iso(list[1]!.from)).toBe('2025-09-30T17:00:00.000Z');
  });

  it('the current quarter follows the local date', () => {
    expect(listRecentQuarters(new Date('2026-03-31T17:30:00Z'), 2).map((q) => q.code)).toEqual(['Q2-2026', 'Q1-2026']);
  });

  it('count 0 and bad counts', () => {
    expect(listRecentQuarters(new Date('2026-02-10T00:00:00Z'), 0)).toEqual([]);
    expect(() => listRecentQuarters(new Date(), -1)).toThrow(RangeError);
    expect(() => listRecentQuarters(new Date(), 1.5)).toThrow(RangeError);
  });
});

describe('bucketStart (UTC+7)', () => {
  it('2026-03-31T17:30Z is in April and Q2 (local Wed 1 April 00:30)', () => {
    const t = new Date('2026-03-31T17:30:00Z');
    expect(iso(bucketStart(t, 'month'))).toBe('2026-03-31T17:00:00.000Z');
    expect(iso(bucketStart(t, 'quarter'))).toBe('2026-03-31T17:00:00.000Z');
    // ISO week starting Monday 30 March local.
    expect(iso(bucketStart(t, 'week'))).toBe('2026-03-29T17:00:00.000Z');
  });

  it('one minute earlier is still March and Q1', () => {
    const t = new Date('2026-03-31T16:59:00Z');
    expect(iso(bucketStart(t, 'month'))).toBe('2026-02-28T17:00:00.000Z');
    expect(iso(bucketStart(t, 'quarter'))).toBe('2025-12-31T17:00:00.000Z');
  });

  it('weeks start on Monday local time', () => {
    // Local Sunday 5 April 23:59 → the week of Monday 30 March.
    expect(iso(bucketStart(new Date('2026-04-05T16:59:00Z'), 'week'))).toBe('2026-03-29T17:00:00.000Z');
    // Local Monday 6 April 00:00 (still Sunday in UTC) → its own week.
    expect(iso(bucketStart(new Date('2026-04-05T17:00:00Z'), 'week'))).toBe('2026-04-05T17:00:00.000Z');
    // Local Thursday 1 Jan 2026 → ISO week 1 of 2026 starts Monday 29 Dec 2025.
    expect(iso(bucketStart(new Date('2025-12-31T17:00:00Z'), 'week'))).toBe('2025-12-28T17:00:00.000Z');
  });

  it('a bucket start is its own bucket start', () => {
    for (const unit of ['week', 'month', 'quarter'] as const) {
      const start = bucketStart(new Date('2026-11-18T09:00:00Z'), unit);
      expect(bucketStart(start, unit).getTime()).toBe(start.getTime());
    }
  });
});

describe('local days', () => {
  it('reads the Vietnam date of an instant, on both sides of local midnight', () => {
    expect(localDay(new Date('2026-03-31T16:59:59Z'))).toBe('2026-03-31');
    expect(localDay(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01');
  });

  it('starts a local day at 17:00Z the day before, and rolls over month ends', () => {
    expect(localDayStart('2026-04-01').toISOString()).toBe('2026-03-31T17:00:00.000Z');
    expect(localDayStart('2026-02-28', 1).toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(localDayStart('2026-12-31', 1).toISOString()).toBe('2026-12-31T17:00:00.000Z');
  });

  it('names the last day of a half-open range', () => {
    expect(lastLocalDay(periodRange('Q1-2026').to)).toBe('2026-03-31');
    expect(lastLocalDay(periodRange('Y-2024').to)).toBe('2024-12-31');
  });

  it('formats dates and times as dd/MM/yyyy and dd/MM/yyyy HH:mm in Vietnam time', () => {
    expect(formatLocalDate('2026-01-05')).toBe('05/01/2026');
    expect(formatLocalDateTime('2026-03-31T17:05:00Z')).toBe('01/04/2026 00:05');
    expect(formatLocalDateTime(new Date('2026-06-30T16:59:00Z'))).toBe('30/06/2026 23:59');
    expect(periodRange('2026-01-05..2026-02-20').label.vi).toBe('Từ 05/01/2026 đến 20/02/2026');
  });

  it('lists a bucket for every week, month or quarter a range touches', () => {
    // 1 Jan 2026 is a Thursday: its week starts Monday 29 December.
    expect(bucketStarts('2026-01-01', '2026-01-20', 'week')).toEqual([
      '2025-12-29',
      '2026-01-05',
      '2026-01-12',
      '2026-01-19',
    ]);
    expect(bucketStarts('2026-02-15', '2026-04-02', 'month')).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
    expect(bucketStarts('2026-02-15', '2026-07-01', 'quarter')).toEqual(['2026-01-01', '2026-04-01']);
  });

  it('labels buckets in both languages', () => {
    expect(bucketLabel('2026-03-01', 'month')).toEqual({ vi: 'Tháng 3/2026', en: '2026-03' });
    expect(bucketLabel('2026-04-01', 'quarter')).toEqual({ vi: 'Quý II/2026', en: 'Q2 2026' });
    expect(bucketLabel('2026-01-05', 'week')).toEqual({ vi: 'Tuần từ 05/01/2026', en: 'Week of 2026-01-05' });
  });
});
