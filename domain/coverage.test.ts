import { describe, expect, it } from 'vitest';
import { effectiveNForMargin, respondentsForMargin, weightedRate, wilsonHalfWidth } from './coverage.js';

describe('coverage arithmetic', () => {
  it('the sample size for ±5 points, by hand from the Wilson formula', () => {
    // At 50 %: the Wilson half-width equals 0.05 between n = 380 and 381 (z²p(1−p)/E² − z² ≈ 380.3).
    expect(effectiveNForMargin(0.5)).toBe(381);
    expect(wilsonHalfWidth(0.5, 381)).toBeLessThanOrEqual(0.05);
    expect(wilsonHalfWidth(0.5, 380)).toBeGreaterThan(0.05);
    // At 100 %: the half-width is z²/(2(n + z²)) ≤ 0.05 from n = z²(1 − 0.1)/0.1 = 34.6 → 35.
    expect(effectiveNForMargin(1)).toBe(35);
    // At 90 %: by hand, the half-width is 0.050176 at n = 140 and 0.049995 at n = 141.
    expect(effectiveNForMargin(0.9)).toBe(141);
  });

  it('respondents: design effect per respondent and the finite population', () => {
    // No answers yet: 381 respondents, or fewer for a school of 200 pupils: 381/(1 + 380/200) = 131.4 → 132.
    expect(respondentsForMargin({ rate: null, n: 0, respondents: 0, designEffect: 1, population: null })).toBe(381);
    expect(respondentsForMargin({ rate: null, n: 0, respondents: 0, designEffect: 1, population: 200 })).toBe(132);
    // 10 respondents × 15 answers at 90 % with deff 6: 141 × 6 × 10/150 = 56.4 → 57 respondents.
    expect(respondentsForMargin({ rate: 0.9, n: 150, respondents: 10, designEffect: 6, population: null })).toBe(57);
  });

  it('the city rate weighted by enrolment', () => {
    const w = weightedRate([
      { weight: 1000, rate: 0.8, nEff: 40 },
      { weight: 100, rate: 1, nEff: 400 },
    ]);
    // (1000·0.8 + 100·1) / 1100 = 0.81818…, where the pooled answers would say (32 + 400)/440 = 98 %.
    expect(w.value).toBeCloseTo(900 / 1100, 12);
    expect(w.interval.low).toBeLessThan(w.value!);
    expect(w.interval.high).toBeGreaterThan(w.value!);
    expect(weightedRate([]).value).toBeNull();
  });
});
