/**
 * Vietnam's public holidays (Bộ luật Lao động 2019, Điều 112) as the days public offices close,
 * resolved per year: Tết Dương lịch (1/1), Tết Nguyên đán (5 days, lunar), Giỗ Tổ Hùng Vương
 * (10/3 lunar), Giải phóng miền Nam (30/4), Quốc tế Lao động (1/5), Quốc khánh (2/9 and one day
 * next to it). A holiday on a weekend gives a compensatory day on the next working day (Điều 111),
 * already applied here, and the government's announced swaps are listed as `off` plus `working`
 * (a Saturday worked in exchange).
 *
 * Lunar dates cannot be computed by a fixed rule, so they are data. 2025 and 2026 follow the
 * announcements; later years are the expected dates by the same pattern (Tết: the weekdays from
 * two days before to three after mùng 1) and must be checked when the government announces them:
 * an admin corrects or extends the calendar with days in the `calendar_days` table
 * (Cài đặt phản ánh → Lịch ngày nghỉ), which override this list.
 */
export interface HolidayYear {
  /** Weekdays on which offices close (YYYY-MM-DD). */
  off: Array<[day: string, name: string]>;
  /** Weekend days worked in exchange for a day off. */
  working?: Array<[day: string, name: string]>;
}

const NEW_YEAR = 'Tết Dương lịch';
const TET = 'Tết Nguyên đán';
const HUNG_KINGS = 'Giỗ Tổ Hùng Vương';
const REUNIFICATION = 'Ngày Giải phóng miền Nam';
const LABOUR = 'Ngày Quốc tế Lao động';
const NATIONAL = 'Quốc khánh';
const SWAP = 'Nghỉ bù (hoán đổi ngày làm việc)';
const COMPENSATION = 'Nghỉ bù ngày lễ trùng cuối tuần';

const tet = (days: string[]): Array<[string, string]> => days.map((d) => [d, TET]);

export const VN_HOLIDAYS: Record<number, HolidayYear> = {
  2025: {
    off: [
      ['2025-01-01', NEW_YEAR],
      ...tet(['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']),
      ['2025-04-07', HUNG_KINGS],
      ['2025-04-30', REUNIFICATION],
      ['2025-05-01', LABOUR],
      ['2025-05-02', SWAP],
      ['2025-09-01', NATIONAL],
      ['2025-09-02', NATIONAL],
    ],
    working: [['2025-04-26', SWAP]],
  },
  2026: {
    off: [
      ['2026-01-01', NEW_YEAR],
      ['2026-01-02', SWAP],
      ...tet(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']),
      // 26/4 is a Sunday.
      ['2026-04-27', `${HUNG_KINGS} (${COMPENSATION.toLowerCase()})`],
      ['2026-04-30', REUNIFICATION],
      ['2026-05-01', LABOUR],
      ['2026-09-01', NATIONAL],
      ['2026-09-02', NATIONAL],
    ],
    working: [['2026-01-10', SWAP]],
  },
  2027: {
    off: [
      ['2027-01-01', NEW_YEAR],
      // Mùng 1 is Saturday 6/2.
      ...tet(['2027-02-04', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10']),
      ['2027-04-16', HUNG_KINGS],
      ['2027-04-30', REUNIFICATION],
      // 1/5 is a Saturday.
      ['2027-05-03', `${LABOUR} (${COMPENSATION.toLowerCase()})`],
      ['2027-09-02', NATIONAL],
      ['2027-09-03', NATIONAL],
    ],
  },
  2028: {
    off: [
      // 1/1 is a Saturday.
      ['2028-01-03', `${NEW_YEAR} (${COMPENSATION.toLowerCase()})`],
      ...tet(['2028-01-24', '2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28']),
      ['2028-04-04', HUNG_KINGS],
      // 30/4 is a Sunday, 1/5 a Monday.
      ['2028-05-01', LABOUR],
      ['2028-05-02', `${REUNIFICATION} (${COMPENSATION.toLowerCase()})`],
      ['2028-09-01', NATIONAL],
      // 2/9 is a Saturday.
      ['2028-09-04', `${NATIONAL} (${COMPENSATION.toLowerCase()})`],
    ],
  },
  2029: {
    off: [
      ['2029-01-01', NEW_YEAR],
      ...tet(['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15', '2029-02-16']),
      ['2029-04-23', HUNG_KINGS],
      ['2029-04-30', REUNIFICATION],
      ['2029-05-01', LABOUR],
      ['2029-09-03', NATIONAL],
      // 2/9 is a Sunday.
      ['2029-09-04', `${NATIONAL} (${COMPENSATION.toLowerCase()})`],
    ],
  },
  2030: {
    off: [
      ['2030-01-01', NEW_YEAR],
      // Mùng 1 is Sunday 3/2.
      ...tet(['2030-02-01', '2030-02-04', '2030-02-05', '2030-02-06', '2030-02-07']),
      ['2030-04-12', HUNG_KINGS],
      ['2030-04-30', REUNIFICATION],
      ['2030-05-01', LABOUR],
      ['2030-09-02', NATIONAL],
      ['2030-09-03', NATIONAL],
    ],
  },
};
