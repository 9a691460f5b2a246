import { z } from 'zod';

/**
 * Vietnamese reporting periods. The plan asks for quarterly, half-yearly and yearly reports
 * (quý, 6 tháng, năm), and a response belongs to the period of its Vietnam local date: a rating given
 * at 00:30 on 1 April in Hà Nội is a second-quarter rating even though it is still 31 March in UTC.
 * Vietnam keeps UTC+7 all year (no daylight saving), so a fixed offset is exact.
 *
 * Codes (canonical, upper case):
 *   Q1-2026 … Q4-2026   quý I–IV
 *   H1-2026, H2-2026    6 tháng đầu năm / 6 tháng cuối năm
 *   Y-2026              năm
 *   M9-2026             9 tháng đầu năm (1/1–30/9), the Sở's nine-month report
 *   NH-2025-2026        năm học 2025–2026 (1/9/2025–31/8/2026)
 *   2026-01-15..2026-02-20   explicit local dates, both inclusive; a report on such a range is an
 *                       ad-hoc report (báo cáo đột xuất)
 * Every range is half-open: [from, to), so consecutive periods never share an instant.
 *
 * The school year: the Bộ GD&ĐT's yearly time frame (e.g. for 2025–2026: opening on 5/9/2025, the
 * earliest return one to two weeks before, the year's teaching ending before 31/5/2026, first-grade
 * admissions finished before 31/7/2026) has no fixed first and last day, so for reporting the school
 * year runs 1/9 to 31/8: consecutive school years tile the calendar and every answer, including
 * those about summer admissions, falls in exactly one of them. Late-August returns count towards
 * the year that is ending.
 */

export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;
/** The IANA zone, for Intl formatting (the arithmetic below uses the fixed offset, which is exact). */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const OFFSET_MS = VIETNAM_UTC_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

export type ParsedPeriod =
  | { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'half'; year: number; half: 1 | 2 }
  | { kind: 'year'; year: number }
  /** 1 January to 30 September of `year`. */
  | { kind: 'nineMonths'; year: number }
  /** 1 September of `startYear` to 31 August of the next year. */
  | { kind: 'schoolYear'; startYear: number }
  /** Local calendar dates (month 1–12), both inclusive. */
  | { kind: 'range'; from: LocalDate; to: LocalDate };

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface PeriodRange {
  code: string;
  /** First instant of the period (Vietnam local midnight, as a UTC Date). */
  from: Date;
  /** First instant after the period (exclusive). */
  to: Date;
  label: { vi: string; en: string };
}

export type BucketUnit = 'week' | 'month' | 'quarter';

const ROMAN = ['I', 'II', 'III', 'IV'] as const;
const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** UTC instant of Vietnam local midnight starting the given local date (month 1–12; overflow rolls). */
function localMidnight(year: number, month: number, day: number): Date {
  return new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);
}

/** The Vietnam local calendar fields of an instant. */
export function localFields(date: Date): { year: number; month: number; day: number; weekday: number } {
  const t = date.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid date');
  const local = new Date(t + OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    weekday: local.getUTCDay(), // 0 = Sunday
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const isoDate = (d: LocalDate): string => `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;

function validYear(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

function parseLocalDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (!validYear(date.year)) return null;
  // Reject dates that roll over (2026-02-30) by round-tripping through Date.UTC.
  const probe = new Date(Date.UTC(date.year, date.month - 1, date.day));
  if (probe.getUTCMonth() !== date.month - 1 || probe.getUTCDate() !== date.day) return null;
  return date;
}

const compareLocal = (a: LocalDate, b: LocalDate): number => a.year - b.year || a.month - b.month || a.day - b.day;

/** Parses a period code; null when it is not one. */
export function parsePeriodCode(code: string): ParsedPeriod | null {
  let m = /^Q([1-4])-(\d{4})$/.exec(code);
  if (m) {
    const year = Number(m[2]);
    return validYear(year) ? { kind: 'quarter', year, quarter: Number(m[1]) as 1 | 2 | 3 | 4 } : null;
  }
  m = /^H([12])-(\d{4})$/.exec(code);
  if (m) {
    const year = Number(m[2]);
    return validYear(year) ? { kind: 'half', year, half: Number(m[1]) as 1 | 2 } : null;
  }
  m = /^Y-(\d{4})$/.exec(code);
  if (m) {
    const year = Number(m[1]);
    return validYear(year) ? { kind: 'year', year } : null;
  }
  m = /^M9-(\d{4})$/.exec(code);
  if (m) {
    const year = Number(m[1]);
    return validYear(year) ? { kind: 'nineMonths', year } : null;
  }
  m = /^NH-(\d{4})-(\d{4})$/.exec(code);
  if (m) {
    const startYear = Number(m[1]);
    return validYear(startYear) && Number(m[2]) === startYear + 1 ? { kind: 'schoolYear', startYear } : null;
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(code);
  if (m) {
    const from = parseLocalDate(m[1]!);
    const to = parseLocalDate(m[2]!);
    if (!from || !to || compareLocal(from, to) > 0) return null;
    return { kind: 'range', from, to };
  }
  return null;
}

export function formatPeriodCode(p: ParsedPeriod): string {
  switch (p.kind) {
    case 'quarter':
      return `Q${p.quarter}-${p.year}`;
    case 'half':
      return `H${p.half}-${p.year}`;
    case 'year':
      return `Y-${p.year}`;
    case 'nineMonths':
      return `M9-${p.year}`;
    case 'schoolYear':
      return `NH-${p.startYear}-${p.startYear + 1}`;
    case 'range':
      return `${isoDate(p.from)}..${isoDate(p.to)}`;
  }
}

export const PERIOD_CODE_HINT = 'Q1-2026, H1-2026, M9-2026, Y-2026, NH-2025-2026 hoặc 2026-01-01..2026-03-31';

/** A valid period code, e.g. for a query parameter. */
export const ZPeriodCode = z
  .string()
  .refine((code) => parsePeriodCode(code) !== null, `mã kỳ báo cáo không hợp lệ (vd. ${PERIOD_CODE_HINT})`);

/** The instants and labels of a period. Throws RangeError on an invalid code (validate with ZPeriodCode). */
export function periodRange(code: string): PeriodRange {
  const p = parsePeriodCode(code);
  if (!p) throw new RangeError(`invalid period code "${code}" (e.g. ${PERIOD_CODE_HINT})`);
  return rangeOf(p);
}

export function rangeOf(p: ParsedPeriod): PeriodRange {
  const code = formatPeriodCode(p);
  switch (p.kind) {
    case 'quarter': {
      const firstMonth = 3 * (p.quarter - 1) + 1;
      return {
        code,
        from: localMidnight(p.year, firstMonth, 1),
        to: localMidnight(p.year, firstMonth + 3, 1),
        label: { vi: `Quý ${ROMAN[p.quarter - 1]}/${p.year}`, en: `Q${p.quarter} ${p.year}` },
      };
    }
    case 'half': {
      const firstMonth = p.half === 1 ? 1 : 7;
      return {
        code,
        from: localMidnight(p.year, firstMonth, 1),
        to: localMidnight(p.year, firstMonth + 6, 1),
        label:
          p.half === 1
            ? { vi: `6 tháng đầu năm ${p.year}`, en: `First half of ${p.year}` }
            : { vi: `6 tháng cuối năm ${p.year}`, en: `Second half of ${p.year}` },
      };
    }
    case 'year':
      return {
        code,
        from: localMidnight(p.year, 1, 1),
        to: localMidnight(p.year + 1, 1, 1),
        label: { vi: `Năm ${p.year}`, en: `Year ${p.year}` },
      };
    case 'nineMonths':
      return {
        code,
        from: localMidnight(p.year, 1, 1),
        to: localMidnight(p.year, 10, 1),
        label: { vi: `9 tháng đầu năm ${p.year}`, en: `First nine months of ${p.year}` },
      };
    case 'schoolYear':
      return {
        code,
        from: localMidnight(p.startYear, 9, 1),
        to: localMidnight(p.startYear + 1, 9, 1),
        label: {
          vi: `Năm học ${p.startYear}–${p.startYear + 1}`,
          en: `School year ${p.startYear}–${p.startYear + 1}`,
        },
      };
    case 'range': {
      const vi = (d: LocalDate): string => formatLocalDate(isoDate(d));
      const en = (d: LocalDate): string => `${d.day} ${EN_MONTHS[d.month - 1]} ${d.year}`;
      return {
        code,
        from: localMidnight(p.from.year, p.from.month, p.from.day),
        // The last day is inclusive, so the range ends at the next local midnight.
        to: localMidnight(p.to.year, p.to.month, p.to.day + 1),
        label: { vi: `Từ ${vi(p.from)} đến ${vi(p.to)}`, en: `${en(p.from)} – ${en(p.to)}` },
      };
    }
  }
}

/** The quarter an instant falls in, by Vietnam local date. */
export function quarterOf(date: Date): { year: number; quarter: 1 | 2 | 3 | 4; code: string } {
  const { year, month } = localFields(date);
  const quarter = (Math.floor((month - 1) / 3) + 1) as 1 | 2 | 3 | 4;
  return { year, quarter, code: `Q${quarter}-${year}` };
}

/**
 * The `count` most recent quarters, newest first, starting with the (possibly unfinished) quarter
 * that contains `now`.
 */
export function listRecentQuarters(now: Date, count: number): PeriodRange[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be an integer >= 0, got ${count}`);
  let { year, quarter } = quarterOf(now);
  const out: PeriodRange[] = [];
  for (let i = 0; i < count; i++) {
    out.push(rangeOf({ kind: 'quarter', year, quarter }));
    if (quarter === 1) {
      year -= 1;
      quarter = 4;
    } else {
      quarter = (quarter - 1) as 1 | 2 | 3;
    }
  }
  return out;
}

/**
 * Start of the time-series bucket containing `date`, at Vietnam local midnight: ISO weeks start on
 * Monday; months and quarters on their first day. Returned as the UTC instant of that local midnight
 * (e.g. April 2026 → 2026-03-31T17:00:00Z).
 */
export function bucketStart(date: Date, unit: BucketUnit): Date {
  const { year, month, day, weekday } = localFields(date);
  switch (unit) {
    case 'week': {
      const sinceMonday = (weekday + 6) % 7;
      return new Date(localMidnight(year, month, day).getTime() - sinceMonday * DAY_MS);
    }
    case 'month':
      return localMidnight(year, month, 1);
    case 'quarter':
      return localMidnight(year, 3 * Math.floor((month - 1) / 3) + 1, 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Local days
// ---------------------------------------------------------------------------------------------

/** The Vietnam local date (YYYY-MM-DD) of an instant. */
export function localDay(instant: Date): string {
  return isoDate(localFields(instant));
}

/** The instant a Vietnam local date (YYYY-MM-DD) starts, `plusDays` later (1: the next day's start). */
export function localDayStart(day: string, plusDays = 0): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return localMidnight(y, m, d + plusDays);
}

/** The last local date of a half-open range that ends at `to` (a local midnight). */
export function lastLocalDay(to: Date): string {
  return localDay(new Date(to.getTime() - DAY_MS));
}

/**
 * The buckets of a series between two local dates (`toDay` exclusive), as the local dates they
 * start on, so a series has a point (possibly empty) for each. Weeks start on Monday.
 */
export function bucketStarts(fromDay: string, toDay: string, unit: BucketUnit): string[] {
  const out: string[] = [];
  const [y, m, d] = fromDay.split('-').map(Number) as [number, number, number];
  // Calendar arithmetic on dates alone: UTC midnights stand for local dates here.
  let cursor: Date;
  if (unit === 'week') {
    cursor = new Date(Date.UTC(y, m - 1, d));
    cursor.setUTCDate(cursor.getUTCDate() - ((cursor.getUTCDay() + 6) % 7));
  } else {
    cursor = new Date(Date.UTC(y, unit === 'quarter' ? Math.floor((m - 1) / 3) * 3 : m - 1, 1));
  }
  while (cursor.toISOString().slice(0, 10) < toDay && out.length < 600) {
    out.push(cursor.toISOString().slice(0, 10));
    if (unit === 'week') cursor.setUTCDate(cursor.getUTCDate() + 7);
    else cursor.setUTCMonth(cursor.getUTCMonth() + (unit === 'quarter' ? 3 : 1));
  }
  return out;
}

/** The label of the bucket starting on a local date. */
export function bucketLabel(start: string, unit: BucketUnit): { vi: string; en: string } {
  const [y, m] = start.split('-');
  const month = Number(m);
  switch (unit) {
    case 'month':
      return { vi: `Tháng ${month}/${y}`, en: `${y}-${m}` };
    case 'quarter': {
      const q = Math.floor((month - 1) / 3) + 1;
      return { vi: `Quý ${ROMAN[q - 1]}/${y}`, en: `Q${q} ${y}` };
    }
    case 'week':
      return { vi: `Tuần từ ${formatLocalDate(start)}`, en: `Week of ${start}` };
  }
}

// ---------------------------------------------------------------------------------------------
// Formatting (Intl, vi-VN)
// ---------------------------------------------------------------------------------------------

const dateFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'UTC',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
const dateTimeFormat = new Intl.DateTimeFormat('vi-VN', {
  timeZone: VIETNAM_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** dd/MM/yyyy of a local date (YYYY-MM-DD). */
export function formatLocalDate(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // The date is already local: format the UTC midnight that stands for it, in UTC.
  return dateFormat.format(new Date(Date.UTC(y, m - 1, d)));
}

/** dd/MM/yyyy HH:mm in Vietnam time (date first, as reports print it). */
export function formatLocalDateTime(instant: string | Date): string {
  const parts = dateTimeFormat.formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${formatLocalDate(`${part('year')}-${part('month')}-${part('day')}`)} ${part('hour')}:${part('minute')}`;
}
