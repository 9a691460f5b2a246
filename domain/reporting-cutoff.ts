/**
 * Reporting periods by the data cut-off of Nghị định 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành
 * chính nhà nước), Điều 12 "Thời gian chốt số liệu báo cáo": a quarterly report counts from the 15th
 * of the month before the quarter through the 14th of its last month; a half-year report from the
 * 15th of the month before through the 14th of its last month; a yearly report from 15 December of
 * the year before through 14 December. Calendar periods stay the default (PeriodBasis 'calendar').
 *
 * Pure date arithmetic on local calendar days ('YYYY-MM-DD', Vietnam time); no time zone math here.
 */

export const PERIOD_BASES = ['calendar', 'cutoff_09_2019'] as const;
export type PeriodBasis = (typeof PERIOD_BASES)[number];

export const PERIOD_BASIS_LABELS: Record<PeriodBasis, { vi: string; en: string }> = {
  calendar: { vi: 'Theo năm dương lịch', en: 'Calendar periods' },
  cutoff_09_2019: {
    vi: 'Theo thời gian chốt số liệu của Nghị định 09/2019/NĐ-CP (từ ngày 15 tháng trước đến ngày 14)',
    en: 'By the data cut-off of Decree 09/2019/ND-CP (from the 15th of the month before to the 14th)',
  },
};

export type CutoffPeriod =
  | { kind: 'quarter'; year: number; quarter: 1 | 2 | 3 | 4 }
  | { kind: 'half'; year: number; half: 1 | 2 }
  | { kind: 'year'; year: number };

/** First and last local day of a period, both inclusive. */
export interface DayRange {
  fromDay: string;
  lastDay: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const day = (year: number, month: number, d: number) => `${year}-${pad(month)}-${pad(d)}`;

/** The 15th of the month before `month` (1-12) of `year`, rolling back into December of the year before. */
function fifteenthBefore(year: number, month: number): string {
  return month === 1 ? day(year - 1, 12, 15) : day(year, month - 1, 15);
}

/** The months a calendar period covers: [first, last], 1-12. */
function months(p: CutoffPeriod): [number, number] {
  switch (p.kind) {
    case 'quarter':
      return [3 * (p.quarter - 1) + 1, 3 * p.quarter];
    case 'half':
      return p.half === 1 ? [1, 6] : [7, 12];
    case 'year':
      return [1, 12];
  }
}

/** The days of a period under a basis: the calendar months, or the Decree 09/2019 cut-off. */
export function periodDays(p: CutoffPeriod, basis: PeriodBasis): DayRange {
  const [first, last] = months(p);
  if (basis === 'calendar') {
    const end = new Date(Date.UTC(p.year, last, 0)).getUTCDate();
    return { fromDay: day(p.year, first, 1), lastDay: day(p.year, last, end) };
  }
  return { fromDay: fifteenthBefore(p.year, first), lastDay: day(p.year, last, 14) };
}

/**
 * The period of a kind that a local day belongs to under the cut-off: from the 15th of December on,
 * a day counts towards the next year (and its first quarter and half).
 */
export function cutoffPeriodOf(localDay: string, kind: CutoffPeriod['kind']): CutoffPeriod {
  const [y, m, d] = localDay.split('-').map(Number) as [number, number, number];
  // Shift days from the 15th on into the next month; then the calendar rules apply.
  let year = y;
  let month = d >= 15 ? m + 1 : m;
  if (month === 13) {
    month = 1;
    year += 1;
  }
  switch (kind) {
    case 'quarter':
      return { kind, year, quarter: Math.ceil(month / 3) as 1 | 2 | 3 | 4 };
    case 'half':
      return { kind, year, half: month <= 6 ? 1 : 2 };
    case 'year':
      return { kind, year };
  }
}

/** A period code the analytics understand ('YYYY-MM-DD..YYYY-MM-DD') for a period under a basis. */
export function rangeCode(p: CutoffPeriod, basis: PeriodBasis): string {
  const r = periodDays(p, basis);
  return `${r.fromDay}..${r.lastDay}`;
}

const ROMAN = ['I', 'II', 'III', 'IV'];
const dmy = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

/** "Năm 2026 (15/12/2025 – 14/12/2026)"; the plain calendar name when the basis is calendar. */
export function periodLabel(p: CutoffPeriod, basis: PeriodBasis): { vi: string; en: string } {
  const name =
    p.kind === 'quarter'
      ? { vi: `Quý ${ROMAN[p.quarter - 1]}/${p.year}`, en: `Q${p.quarter} ${p.year}` }
      : p.kind === 'half'
        ? p.half === 1
          ? { vi: `6 tháng đầu năm ${p.year}`, en: `First half of ${p.year}` }
          : { vi: `6 tháng cuối năm ${p.year}`, en: `Second half of ${p.year}` }
        : { vi: `Năm ${p.year}`, en: `Year ${p.year}` };
  if (basis === 'calendar') return name;
  const r = periodDays(p, basis);
  const span = `${dmy(r.fromDay)} – ${dmy(r.lastDay)}`;
  return { vi: `${name.vi} (${span})`, en: `${name.en} (${span})` };
}
