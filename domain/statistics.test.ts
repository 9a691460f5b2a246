import { describe, it, expect } from 'vitest';
import { tCritical, wilsonInterval, Z_95 } from './statistics.js';

/*
 * Oracle: every expected number below was computed independently of this code (30-digit mpmath for
 * the Wilson bounds from the textbook formula, scipy.stats.t.ppf and numpy for the t-intervals) and
 * written out by hand. Assertions are to 4 decimals (toBeCloseTo(x, 4): |error| < 5e-5) unless exact.
 */

describe('wilsonInterval', () => {
  it('45 of 50 → [0.7864, 0.9565]', () => {
    const { low, high } = wilsonInterval(45, 50);
    expect(low).toBeCloseTo(0.786397685625, 4);
    expect(high).toBeCloseTo(0.956524235068, 4);
  });

  it('other hand-computed cases', () => {
    const cases: Array<[number, number, number, number]> = [
      [19, 20, 0.763868806553, 0.991118551199],
      [95, 100, 0.888249530768, 0.978456320846],
      [3, 5, 0.2307242813, 0.8823792258],
      [1, 10, 0.0178762131, 0.4041500268],
    ];
    for (const [s, n, low, high] of cases) {
      const i = wilsonInterval(s, n);
      expect(i.low).toBeCloseTo(low, 4);
      expect(i.high).toBeCloseTo(high, 4);
    }
  });

  it('n = 0 → the whole [0, 1]', () => {
    expect(wilsonInterval(0, 0)).toEqual({ low: 0, high: 1 });
  });

  it('100 %: high is exactly 1, low below 1', () => {
    const i = wilsonInterval(50, 50);
    expect(i.high).toBe(1);
    expect(i.low).toBeCloseTo(0.928652400867, 4);
    expect(i.low).toBeLessThan(1);
  });

  it('0 %: low is exactly 0, high above 0', () => {
    const i = wilsonInterval(0, 50);
    expect(i.low).toBe(0);
    expect(i.high).toBeCloseTo(0.0713475991334, 4);
  });

  it('a single answer', () => {
    expect(wilsonInterval(1, 1).low).toBeCloseTo(0.206549314377, 4);
    expect(wilsonInterval(1, 1).high).toBe(1);
    expect(wilsonInterval(0, 1).high).toBeCloseTo(0.793450685623, 4);
  });

  it('is symmetric: low(s, n) = 1 − high(n − s, n)', () => {
    for (const [s, n] of [
      [3, 7],
      [12, 40],
      [0, 9],
    ] as const) {
      expect(wilsonInterval(s, n).low).toBeCloseTo(1 - wilsonInterval(n - s, n).high, 12);
    }
  });

  it('a smaller z gives a narrower interval', () => {
    const wide = wilsonInterval(45, 50, Z_95);
    const narrow = wilsonInterval(45, 50, 1);
    expect(narrow.low).toBeGreaterThan(wide.low);
    expect(narrow.high).toBeLessThan(wide.high);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonInterval(6, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 5)).toThrow(RangeError);
    expect(() => wilsonInterval(1, Number.NaN)).toThrow(RangeError);
  });
});

describe('tCritical', () => {
  it('matches Student-t quantiles (scipy.stats.t.ppf(0.975, df))', () => {
    const table: Array<[number, number]> = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [3, 3.1824463052837078],
      [4, 2.7764451051977934],
      [5, 2.5705818356363146],
      [10, 2.228138851986274],
      [29, 2.045229642132703],
      [99, 1.9842169515864174],
      [200, 1.9718962236339088],
      [201, 1.971836506779859],
      [500, 1.9647198374673676],
      [5000, 1.9604385517065073],
    ];
    for (const [df, t] of table) expect(tCritical(df)).toBeCloseTo(t, 6);
  });

  it('rejects bad degrees of freedom', () => {
    expect(() => tCritical(0)).toThrow(RangeError);
    expect(() => tCritical(2.5)).toThrow(RangeError);
  });
});
