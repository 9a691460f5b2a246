import { describe, expect, it } from 'vitest';
import { cutoffPeriodOf, periodDays, periodLabel, rangeCode } from './reporting-cutoff.js';

// Expected days written out from Nghị định 09/2019/NĐ-CP, Điều 12 (15th of the month before to the 14th).
describe('reporting cut-off (Nghị định 09/2019/NĐ-CP)', () => {
  it('quarters run from the 15th of the month before to the 14th of the last month', () => {
    expect(periodDays({ kind: 'quarter', year: 2026, quarter: 1 }, 'cutoff_09_2019')).toEqual({
      fromDay: '2025-12-15',
      lastDay: '2026-03-14',
    });
    expect(periodDays({ kind: 'quarter', year: 2026, quarter: 2 }, 'cutoff_09_2019')).toEqual({
      fromDay: '2026-03-15',
      lastDay: '2026-06-14',
    });
    expect(periodDays({ kind: 'quarter', year: 2026, quarter: 4 }, 'cutoff_09_2019')).toEqual({
      fromDay: '2026-09-15',
      lastDay: '2026-12-14',
    });
  });

  it('half-years and the year', () => {
    expect(periodDays({ kind: 'half', year: 2026, half: 1 }, 'cutoff_09_2019')).toEqual({
      fromDay: '2025-12-15',
      lastDay: '2026-06-14',
    });
    expect(periodDays({ kind: 'half', year: 2026, half: 2 }, 'cutoff_09_2019')).toEqual({
      fromDay: '2026-06-15',
      lastDay: '2026-12-14',
    });
    expect(rangeCode({ kind: 'year', year: 2026 }, 'cutoff_09_2019')).toBe('2025-12-15..2026-12-14');
  });

  it('calendar periods stay the default shape', () => {
    expect(rangeCode({ kind: 'year', year: 2026 }, 'calendar')).toBe('2026-01-01..2026-12-31');
    expect(rangeCode({ kind: 'quarter', year: 2028, quarter: 1 }, 'calendar')).toBe('2028-01-01..2028-03-31');
    expect(rangeCode({ kind: 'half', year: 2026, half: 2 }, 'calendar')).toBe('2026-07-01..2026-12-31');
    expect(periodLabel({ kind: 'year', year: 2026 }, 'calendar').vi).toBe('Năm 2026');
  });

  it('a day belongs to exactly one cut-off period, the 15th of December opening the next year', () => {
    expect(cutoffPeriodOf('2026-12-14', 'year')).toEqual({ kind: 'year', year: 2026 });
    expect(cutoffPeriodOf('2026-12-15', 'year')).toEqual({ kind: 'year', year: 2027 });
    expect(cutoffPeriodOf('2026-12-15', 'quarter')).toEqual({ kind: 'quarter', year: 2027, quarter: 1 });
    expect(cutoffPeriodOf('2026-03-14', 'quarter')).toEqual({ kind: 'quarter', year: 2026, quarter: 1 });
    expect(cutoffPeriodOf('2026-03-15', 'quarter')).toEqual({ kind: 'quarter', year: 2026, quarter: 2 });
    expect(cutoffPeriodOf('2026-06-15', 'half')).toEqual({ kind: 'half', year: 2026, half: 2 });
    // Every day of 2026 maps into the period whose days contain it: no gap, no overlap.
    for (let t = Date.UTC(2025, 11, 1); t < Date.UTC(2027, 0, 31); t += 86_400_000) {
      const d = new Date(t).toISOString().slice(0, 10);
      for (const kind of ['quarter', 'half', 'year'] as const) {
        const r = periodDays(cutoffPeriodOf(d, kind), 'cutoff_09_2019');
        expect(d >= r.fromDay && d <= r.lastDay, `${d} ${kind}`).toBe(true);
      }
    }
  });

  it('labels say the days', () => {
    expect(periodLabel({ kind: 'year', year: 2026 }, 'cutoff_09_2019').vi).toBe('Năm 2026 (15/12/2025 – 14/12/2026)');
    expect(periodLabel({ kind: 'quarter', year: 2026, quarter: 3 }, 'cutoff_09_2019').vi).toBe(
      'Quý III/2026 (15/06/2026 – 14/09/2026)',
    );
  });
});
