import { DEFAULT_MIN_N, isSmallSample, tCritical, type Interval } from './statistics.js';

/**
 * Mean score (1–5) and the 0–100 index, reported beside the rates and never judged against a
 * target. With respondent-level counts the t-interval is widened by √deff, the design effect of the
 * pooled share over the same respondents and answers (an approximation: the rollups keep the sums
 * of satisfied answers per respondent, not of scores).
 */
/** Counts of the answers 1–5 (scoring.ts LikertCounts fits; N/A is not read). */
type LikertCounts = Readonly<Record<1 | 2 | 3 | 4 | 5, number>>;

export interface MeanOptions {
  minN?: number;
  /** Respondents behind the answers; default: one per answer. */
  respondents?: number;
  /** Design effect to widen the interval by; default 1. */
  designEffect?: number;
}

// ---------------------------------------------------------------------------------------------
// Mean score and 0–100 index (reported beside the rate, not judged against the target)
// ---------------------------------------------------------------------------------------------
export interface ScoreResult {
  method: 'mean_score' | 'index_100';
  /** Counted answers (N/A excluded). */
  n: number;
  /** Mean on the method's scale (1–5 or 0–100); null when n = 0. */
  value: number | null;
  /** Sample standard deviation on the method's scale; null when n < 2. */
  sd: number | null;
  /**
   * 95 % t-interval (mean ± t·s/√n), clamped to the scale; the whole scale when n < 2. With every
   * answer equal (s = 0) it has zero width — a known weakness of the t-interval at small n.
   */
  interval: Interval;
  scale: { min: number; max: number };
  /** These methods have no target; 'no_data' when n = 0. */
  status: 'no_target' | 'no_data';
  respondents: number;
  designEffect: number;
  smallSample: boolean;
}

/** Mean of the 1–5 answers with a 95 % t-interval from the sample variance. */
export function meanScore(counts: LikertCounts, options: MeanOptions = {}): ScoreResult {
  const minN = options.minN ?? DEFAULT_MIN_N;
  const n = counts[1] + counts[2] + counts[3] + counts[4] + counts[5];
  const respondents = options.respondents ?? n;
  const designEffect = options.designEffect ?? 1;
  const people = { respondents, designEffect, smallSample: isSmallSample(respondents, minN) };
  const scale = { min: 1, max: 5 };
  if (n === 0) {
    return {
      method: 'mean_score',
      n,
      value: null,
      sd: null,
      interval: { low: 1, high: 5 },
      scale,
      status: 'no_data',
      ...people,
      smallSample: true,
    };
  }
  const values = [1, 2, 3, 4, 5] as const;
  const mean = values.reduce((acc, v) => acc + v * counts[v], 0) / n;
  if (n < 2) {
    return {
      method: 'mean_score',
      n,
      value: mean,
      sd: null,
      interval: { low: 1, high: 5 },
      scale,
      status: 'no_target',
      ...people,
    };
  }
  const variance = values.reduce((acc, v) => acc + counts[v] * (v - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  const half = (tCritical(n - 1) * sd * Math.sqrt(designEffect)) / Math.sqrt(n);
  return {
    method: 'mean_score',
    n,
    value: mean,
    sd,
    interval: { low: Math.max(1, mean - half), high: Math.min(5, mean + half) },
    scale,
    status: 'no_target',
    ...people,
  };
}

/**
 * GOV.UK-style 0–100 index: 5→100, 4→75, 3→50, 2→25, 1→0, i.e. 25·(mean − 1); the interval is the
 * mean's interval mapped the same way (a linear map keeps the t-interval exact).
 */
export function index100(counts: LikertCounts, options: MeanOptions = {}): ScoreResult {
  const m = meanScore(counts, options);
  const toIndex = (x: number): number => 25 * (x - 1);
  return {
    method: 'index_100',
    n: m.n,
    value: m.value === null ? null : toIndex(m.value),
    sd: m.sd === null ? null : 25 * m.sd,
    interval: { low: toIndex(m.interval.low), high: toIndex(m.interval.high) },
    scale: { min: 0, max: 100 },
    status: m.status,
    respondents: m.respondents,
    designEffect: m.designEffect,
    smallSample: m.smallSample,
  };
}
