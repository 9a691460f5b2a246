import { describe, expect, it } from 'vitest';
import { criteriaMeanRate } from './official-index.js';
import { isSmallSample, rateFromCounts } from './scoring.js';
import { clusterShare, clusterSumsOf, singleAnswerSums, wilsonInterval, Z_95 } from './statistics.js';

/** 40 parents × 15 questions, 582/600 satisfied: 36 satisfied on all, 3 on 14, one on none. */
const fortyParents = [
  ...Array.from({ length: 36 }, () => ({ s: 15, c: 15 })),
  ...Array.from({ length: 3 }, () => ({ s: 14, c: 15 })),
  { s: 0, c: 15 },
];

/** Seeded PRNG (mulberry32), so the bootstrap is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The textbook ratio-estimator variance and Wilson interval, computed here from the raw pairs. */
function reference(pairs: Array<{ s: number; c: number }>) {
  const m = pairs.length;
  const S = pairs.reduce((a, x) => a + x.s, 0);
  const n = pairs.reduce((a, x) => a + x.c, 0);
  const p = S / n;
  const residuals = pairs.reduce((a, x) => a + (x.s - p * x.c) ** 2, 0);
  const v = ((m / (m - 1)) * residuals) / n ** 2;
  const deff = Math.max(1, v / ((p * (1 - p)) / (n - 1)));
  const ne = n / deff;
  const z2 = Z_95 ** 2;
  const centre = (p + z2 / (2 * ne)) / (1 + z2 / ne);
  const half = (Z_95 * Math.sqrt((p * (1 - p)) / ne + z2 / (4 * ne * ne))) / (1 + z2 / ne);
  return { p, v, deff, low: centre - half, high: centre + half };
}

describe('respondent-level (cluster) uncertainty', () => {
  it('the 40-parent example is not "met" at 95 % (answers alone would say it is)', () => {
    const sums = clusterSumsOf(fortyParents);
    expect(sums).toMatchObject({ respondents: 40, s: 582, c: 600 });
    const naive = rateFromCounts({ satisfied: 582, n: 600 }, { target: 0.95 });
    expect(naive.status).toBe('met');
    expect(naive.interval.low).toBeCloseTo(0.953, 3);
    const r = rateFromCounts({ satisfied: 582, n: 600 }, { target: 0.95, clusters: sums });
    expect(r.rate).toBeCloseTo(0.97, 10);
    expect(r.status).toBe('uncertain');
    expect(r.respondents).toBe(40);
    expect(r.designEffect).toBeGreaterThan(10);
    expect(r.interval.low).toBeGreaterThan(0.86);
    expect(r.interval.low).toBeLessThan(0.9);
    expect(r.interval.high).toBeGreaterThan(0.99);
    expect(r.interval.high).toBeLessThan(0.997);
  });

  it('matches the textbook ratio-estimator formula computed independently', () => {
    const random = mulberry32(11);
    // 150 respondents answering 3–18 questions, each with their own propensity to be satisfied.
    const pairs = Array.from({ length: 150 }, () => {
      const c = 3 + Math.floor(random() * 16);
      const propensity = random() < 0.15 ? 0.3 : 0.92;
      let s = 0;
      for (let i = 0; i < c; i++) if (random() < propensity) s += 1;
      return { s, c };
    });
    const ref = reference(pairs);
    const got = clusterShare(clusterSumsOf(pairs));
    expect(got.p).toBeCloseTo(ref.p, 12);
    expect(got.variance!).toBeCloseTo(ref.v, 12);
    expect(got.designEffect).toBeCloseTo(ref.deff, 9);
    expect(got.interval.low).toBeCloseTo(ref.low, 9);
    expect(got.interval.high).toBeCloseTo(ref.high, 9);
    expect(got.designEffect).toBeGreaterThan(1.5);

    // And with a bootstrap over respondents (fixed seed): its standard error agrees within 15 %.
    const draws: number[] = [];
    for (let b = 0; b < 2000; b++) {
      let S = 0;
      let n = 0;
      for (let i = 0; i < pairs.length; i++) {
        const x = pairs[Math.floor(random() * pairs.length)]!;
        S += x.s;
        n += x.c;
      }
      draws.push(S / n);
    }
    const mean = draws.reduce((a, x) => a + x, 0) / draws.length;
    const bootSe = Math.sqrt(draws.reduce((a, x) => a + (x - mean) ** 2, 0) / (draws.length - 1));
    expect(Math.abs(bootSe / Math.sqrt(got.variance!) - 1)).toBeLessThan(0.15);
  });

  it('a single question is unchanged: design effect 1, Wilson at n', () => {
    for (const [s, n] of [
      [45, 50],
      [40, 40],
      [0, 12],
      [1, 1],
      [582, 600],
    ] as const) {
      const pairs = Array.from({ length: n }, (_, i) => ({ s: i < s ? 1 : 0, c: 1 }));
      expect(clusterSumsOf(pairs)).toEqual(singleAnswerSums(s, n));
      const share = clusterShare(singleAnswerSums(s, n));
      expect(share.designEffect).toBe(1);
      expect(share.respondents).toBe(n);
      const plain = rateFromCounts({ satisfied: s, n }, { target: 0.9 });
      const clustered = rateFromCounts({ satisfied: s, n }, { target: 0.9, clusters: singleAnswerSums(s, n) });
      expect(plain.interval).toEqual(wilsonInterval(s, n));
      expect(clustered.interval.low).toBeCloseTo(plain.interval.low, 12);
      expect(clustered.interval.high).toBeCloseTo(plain.interval.high, 12);
      expect(clustered.status).toBe(plain.status);
    }
  });

  it('all satisfied: the respondents are the sample (cannot estimate the correlation)', () => {
    const pairs = Array.from({ length: 40 }, () => ({ s: 15, c: 15 }));
    const share = clusterShare(clusterSumsOf(pairs));
    expect(share.designEffect).toBe(15);
    expect(share.interval).toEqual(wilsonInterval(40, 40));
  });

  it('the minimum-n rule counts respondents, not answers', () => {
    expect(isSmallSample(29, 30)).toBe(true);
    expect(isSmallSample(30, 30)).toBe(false);
    const pairs = Array.from({ length: 20 }, (_, i) => ({ s: i === 0 ? 10 : 15, c: 15 }));
    const r = rateFromCounts({ satisfied: 295, n: 300 }, { target: 0.9, minN: 30, clusters: clusterSumsOf(pairs) });
    expect(r.n).toBe(300);
    expect(r.respondents).toBe(20);
    expect(r.smallSample).toBe(true);
  });
});

describe('the official index (mean of the criterion indices)', () => {
  const crit = (key: string, pairs: Array<{ s: number; c: number }>) => ({ key, clusters: clusterSumsOf(pairs) });
  it('weighs each criterion the same and leaves out the general question', () => {
    // Criterion a: 90 % of 300 answers; b: 50 % of 20 answers; overall (general question): 10 %.
    const a = crit(
      'a',
      Array.from({ length: 100 }, (_, i) => ({ s: i < 70 ? 3 : 2, c: 3 })),
    );
    const b = crit(
      'b',
      Array.from({ length: 20 }, (_, i) => ({ s: i < 10 ? 1 : 0, c: 1 })),
    );
    const overall = crit(
      'overall',
      Array.from({ length: 10 }, (_, i) => ({ s: i < 1 ? 1 : 0, c: 1 })),
    );
    const r = criteriaMeanRate([a, b, overall], { target: 0.9, respondents: 100 });
    expect(a.clusters.s / a.clusters.c).toBeCloseTo(0.9, 10);
    expect(r.rate).toBeCloseTo((0.9 + 0.5) / 2, 12);
    expect(r.method).toBe('criteria_mean');
    expect(r.n).toBe(320);
    expect(r.designEffect).toBeGreaterThanOrEqual(1);
    expect(r.interval.low).toBeLessThan(0.7);
    expect(r.interval.high).toBeGreaterThan(0.7);
    expect(r.status).toBe('below');
  });

  it('one criterion: its own share, with its respondent-level interval', () => {
    const only = crit('a', fortyParents);
    const r = criteriaMeanRate([only], { target: 0.95, respondents: 40 });
    const pooled = clusterShare(only.clusters);
    expect(r.rate).toBeCloseTo(0.97, 12);
    expect(r.interval.low).toBeCloseTo(pooled.interval.low, 9);
    expect(r.status).toBe('uncertain');
  });

  it('no answers: no data', () => {
    const r = criteriaMeanRate([], { target: 0.9, respondents: 0 });
    expect(r.rate).toBeNull();
    expect(r.status).toBe('no_data');
  });
});
