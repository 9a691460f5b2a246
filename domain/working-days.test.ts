import { describe, expect, it } from 'vitest';
import { VN_HOLIDAYS } from './holidays-vn.js';
import { addCalendarDays, workingCalendar } from './working-days.js';

const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();

describe('working-day calendar', () => {
  it('lists holidays on weekdays and swapped working days on weekends, for 2025–2030', () => {
    expect(Object.keys(VN_HOLIDAYS).map(Number)).toEqual([2025, 2026, 2027, 2028, 2029, 2030]);
    for (const [year, data] of Object.entries(VN_HOLIDAYS)) {
      for (const [day] of data.off) {
        expect(day.startsWith(year), day).toBe(true);
        expect([1, 2, 3, 4, 5], day).toContain(weekday(day));
      }
      for (const [day] of data.working ?? []) expect([0, 6], day).toContain(weekday(day));
      // Tết is five working days off every year.
      expect(data.off.filter(([, name]) => name === 'Tết Nguyên đán')).toHaveLength(5);
    }
  });

  it('counts a deadline across Tết 2026 and the Hùng Kings’ compensatory day', () => {
    const cal = workingCalendar();
    // Received Friday 13/2/2026: Tết closes 16–20/2, so 3 working days end on Wednesday 25/2.
    expect(cal.addWorkingDays('2026-02-13', 3)).toBe('2026-02-25');
    // Giỗ Tổ falls on Sunday 26/4/2026: Monday 27/4 is off, and so are 30/4 and 1/5.
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
    expect(cal.addWorkingDays('2026-04-24', 3)).toBe('2026-05-04');
    // Without holidays it is plain Monday–Friday.
    expect(cal.addWorkingDays('2026-03-06', 5)).toBe('2026-03-13');
    expect(cal.addWorkingDays('2026-03-06', 0)).toBe('2026-03-06');
  });

  it('works a swapped Saturday and lets an admin add or correct a day', () => {
    const base = workingCalendar();
    expect(base.isWorkingDay('2026-01-10')).toBe(true);
    expect(base.isWorkingDay('2026-01-02')).toBe(false);
    const extended = workingCalendar([
      { day: '2026-11-24', kind: 'off' },
      { day: '2026-09-01', kind: 'working' },
    ]);
    expect(extended.isWorkingDay('2026-11-24')).toBe(false);
    expect(extended.isWorkingDay('2026-09-01')).toBe(true);
    expect(extended.addWorkingDays('2026-11-23', 1)).toBe('2026-11-25');
  });

  it('counts working days between two days', () => {
    const cal = workingCalendar();
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-25')).toBe(3);
    expect(cal.workingDaysBetween('2026-02-25', '2026-02-13')).toBe(0);
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
