import { VN_HOLIDAYS } from './holidays-vn.js';

/**
 * The working-day calendar of public offices in Vietnam: Monday to Friday, minus the public
 * holidays (domain/holidays-vn.ts), plus the weekend days worked in exchange. Deadlines for
 * feedback are counted in these days. Days are local calendar days, 'YYYY-MM-DD'.
 */
export interface CalendarOverride {
  day: string;
  kind: 'off' | 'working';
}

export interface WorkingCalendar {
  isWorkingDay(day: string): boolean;
  /** The day `n` working days after `day` (the day of receipt does not count). */
  addWorkingDays(day: string, n: number): string;
  /** Working days strictly after `from`, up to and including `to` (0 when `to` <= `from`). */
  workingDaysBetween(from: string, to: string): number;
}

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(day: string): Date {
  const m = DAY_RE.exec(day);
  if (!m) throw new RangeError(`not a day: ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

const fromUtc = (d: Date): string => d.toISOString().slice(0, 10);

/** The day `n` calendar days after `day` (negative goes back). */
export function addCalendarDays(day: string, n: number): string {
  const d = toUtc(day);
  d.setUTCDate(d.getUTCDate() + n);
  return fromUtc(d);
}

/** The built-in calendar, overridden day by day by an admin's list (the calendar_days table). */
export function workingCalendar(overrides: readonly CalendarOverride[] = []): WorkingCalendar {
  const kinds = new Map<string, 'off' | 'working'>();
  for (const year of Object.values(VN_HOLIDAYS)) {
    for (const [day] of year.off) kinds.set(day, 'off');
    for (const [day] of year.working ?? []) kinds.set(day, 'working');
  }
  for (const o of overrides) kinds.set(o.day, o.kind);

  const isWorkingDay = (day: string): boolean => {
    const kind = kinds.get(day);
    if (kind) return kind === 'working';
    const weekday = toUtc(day).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };

  return {
    isWorkingDay,
    addWorkingDays(day, n) {
      if (!Number.isInteger(n) || n < 0 || n > 3660) throw new RangeError(`working days out of range: ${n}`);
      let current = day;
      let left = n;
      while (left > 0) {
        current = addCalendarDays(current, 1);
        if (isWorkingDay(current)) left--;
      }
      return current;
    },
    workingDaysBetween(from, to) {
      let count = 0;
      // Bounded: a handling time longer than ten years is not counted day by day.
      for (let d = addCalendarDays(from, 1), i = 0; d <= to && i < 3660; d = addCalendarDays(d, 1), i++) {
        if (isWorkingDay(d)) count++;
      }
      return count;
    },
  };
}
