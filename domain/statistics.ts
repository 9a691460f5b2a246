/**
 * The statistics the scoring rests on: the Wilson score interval for shares, Student's t critical
 * values for means, and the normal quantile behind them. Pure functions, no I/O.
 */

/** Below this many respondents a figure is flagged "small sample" (shown, never hidden). */
export const DEFAULT_MIN_N = 30;

/**
 * The minimum-n rule, one for the admin app, reports, CCHC points and the public page: it counts
 * RESPONDENTS (people), not answers, since 15 answers from one parent are not 15 opinions.
 * (Re-exported by scoring.ts.)
 */
export function isSmallSample(respondents: number, minN: number = DEFAULT_MIN_N): boolean {
  return respondents < minN;
}

/** Two-sided 95 % normal quantile, Φ⁻¹(0.975). */
export const Z_95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

export function assertCount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
}

const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/**
 * Wilson score interval for a binomial proportion (E. B. Wilson, 1927, JASA 22:209–212):
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n).
 * n = 0 gives the whole [0, 1] (nothing is known). The bounds are clamped to [0, 1] and pinned to
 * exactly 1 (all successes) or 0 (none) so floating-point noise never shows as 99.99…%.
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Interval {
  assertCount('successes', successes);
  assertCount('n', n);
  if (successes > n) throw new RangeError(`successes (${successes}) > n (${n})`);
  if (n === 0) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return {
    low: successes === 0 ? 0 : clamp01(centre - half),
    high: successes === n ? 1 : clamp01(centre + half),
  };
}

/**
 * P(|T| <= t) for Student's t with an integer number of degrees of freedom, by the finite series of
 * Abramowitz & Stegun 26.7.3–26.7.4 (θ = atan(t/√ν)); exact up to rounding.
 */
function tTwoSidedCdf(t: number, df: number): number {
  const theta = Math.atan(t / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  if (df % 2 === 1) {
    if (df === 1) return (2 / Math.PI) * theta;
    let term = 1;
    let sum = 1;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= ((k - 1) / k) * c2;
      sum += term;
    }
    return (2 / Math.PI) * (theta + s * Math.cos(theta) * sum);
  }
  let term = 1;
  let sum = 1;
  for (let k = 2; k <= df - 2; k += 2) {
    term *= ((k - 1) / k) * c2;
    sum += term;
  }
  return s * sum;
}

/** Φ⁻¹(p) by P. J. Acklam's rational approximation (relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pl = 0.02425;
  let x: number;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  } else if (p <= 1 - pl) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
      (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
      ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  }
  return x;
}

/**
 * Two-sided Student-t critical value: the t with P(|T| <= t) = level (e.g. 0.95 → 2.0452 at df 29).
 * Bisection on the exact series for df <= 200; above that the Cornish–Fisher expansion around the
 * normal quantile (A&S 26.7.5), whose error there is far below display precision.
 */
export function tCritical(df: number, level = 0.95): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`df must be an integer >= 1, got ${df}`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), got ${level}`);
  if (df > 200) {
    const x = normalQuantile((1 + level) / 2);
    const x3 = x ** 3;
    const x5 = x ** 5;
    const x7 = x ** 7;
    const x9 = x ** 9;
    return (
      x +
      (x3 + x) / (4 * df) +
      (5 * x5 + 16 * x3 + 3 * x) / (96 * df ** 2) +
      (3 * x7 + 19 * x5 + 17 * x3 - 15 * x) / (384 * df ** 3) +
      (79 * x9 + 776 * x7 + 1482 * x5 - 1920 * x3 - 945 * x) / (92160 * df ** 4)
    );
  }
  let lo = 0;
  let hi = 1;
  while (tTwoSidedCdf(hi, df) < level) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (tTwoSidedCdf(mid, df) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

// ---------------------------------------------------------------------------------------------
// Respondent-level (cluster) uncertainty of a pooled share
// ---------------------------------------------------------------------------------------------

/**
 * Additive sufficient statistics of a pooled share over respondents (clusters): for each respondent
 * r, s_r = satisfied answers and c_r = counted answers within the grain (a question, a criterion or
 * the whole survey). Sums add across units, periods and versions, so rollups can keep them.
 */
export interface ClusterSums {
  /** Respondents with c_r > 0. */
  respondents: number;
  s: number;
  c: number;
  ss: number;
  cc: number;
  sc: number;
}

export const emptyClusterSums = (): ClusterSums => ({ respondents: 0, s: 0, c: 0, ss: 0, cc: 0, sc: 0 });

export function addClusterSums(...all: ReadonlyArray<ClusterSums>): ClusterSums {
  const out = emptyClusterSums();
  for (const x of all) {
    out.respondents += x.respondents;
    out.s += x.s;
    out.c += x.c;
    out.ss += x.ss;
    out.cc += x.cc;
    out.sc += x.sc;
  }
  return out;
}

/** A single question: each respondent gives at most one answer, so s_r, c_r ∈ {0, 1}. */
export const singleAnswerSums = (satisfied: number, n: number): ClusterSums => ({
  respondents: n,
  s: satisfied,
  c: n,
  ss: satisfied,
  cc: n,
  sc: satisfied,
});

/** Sums from per-respondent (s_r, c_r) pairs; respondents with c_r = 0 are left out. */
export function clusterSumsOf(pairs: ReadonlyArray<{ s: number; c: number }>): ClusterSums {
  const out = emptyClusterSums();
  for (const { s, c } of pairs) {
    if (c <= 0) continue;
    out.respondents += 1;
    out.s += s;
    out.c += c;
    out.ss += s * s;
    out.cc += c * c;
    out.sc += s * c;
  }
  return out;
}

export interface ClusterShare {
  /** Σs / Σc, null when Σc = 0. */
  p: number | null;
  /** Counted answers, Σc. */
  n: number;
  respondents: number;
  /** Variance of p by the ratio estimator over respondents; null when it cannot be estimated. */
  variance: number | null;
  /** Variance ratio against answers treated as independent (≥ 1); 1 for a single question. */
  designEffect: number;
  /** n / designEffect. */
  effectiveN: number;
  /** 95 % Wilson interval at the effective sample size. */
  interval: Interval;
}

/**
 * Respondent-level uncertainty of a pooled share p = Σs / Σc (a ratio estimator, each respondent a
 * cluster; Cochran, Sampling Techniques, 3rd ed., §6.9 and §11.8; Kish, Survey Sampling, §2.8):
 *   v(p) = m/(m−1) · Σ(s_r − p·c_r)² / (Σc)² = m/(m−1) · (Σs² − 2pΣsc + p²Σc²) / (Σc)².
 * The design effect compares it with answers treated as independent, p(1−p)/(n−1) (the same
 * unbiased form, so that a single question, where every c_r = 1, has exactly 1), and is never
 * below 1. When it cannot be estimated (p = 0 or 1, or one respondent) it is n / m: the
 * respondents themselves are the sample (the largest design effect equal clusters can have).
 * The interval is Wilson's at n_eff = n / deff.
 */
export function clusterShare(sums: ClusterSums, z: number = Z_95): ClusterShare {
  const { respondents: m, s, c: n } = sums;
  assertCount('respondents', m);
  assertCount('n', n);
  if (n === 0) {
    return {
      p: null,
      n,
      respondents: m,
      variance: null,
      designEffect: 1,
      effectiveN: 0,
      interval: { low: 0, high: 1 },
    };
  }
  const p = s / n;
  let designEffect: number;
  let variance: number | null = null;
  if (m >= n) {
    designEffect = 1;
    variance = n > 1 ? (p * (1 - p)) / (n - 1) : null;
  } else if (m < 2 || p === 0 || p === 1) {
    designEffect = n / Math.max(1, m);
  } else {
    const residual = Math.max(0, sums.ss - 2 * p * sums.sc + p * p * sums.cc);
    variance = ((m / (m - 1)) * residual) / (n * n);
    designEffect = Math.max(1, variance / ((p * (1 - p)) / (n - 1)));
  }
  const effectiveN = n / designEffect;
  return {
    p,
    n,
    respondents: m,
    variance,
    designEffect,
    effectiveN,
    interval: wilsonInterval(p * effectiveN, effectiveN, z),
  };
}
