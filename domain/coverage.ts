import { Z_95 } from './statistics.js';

/**
 * Schools' coverage (#11.6): how many parents answered against the stored enrolment, how many more
 * respondents a ±5-point interval needs, and the city's rate weighted by enrolment, so that one very
 * active school does not dominate the pooled figure. Pure arithmetic; the server feeds it.
 */

export const DEFAULT_MARGIN = 0.05;

/** Half-width of the Wilson interval at share p and (effective) sample size n. */
export function wilsonHalfWidth(p: number, n: number, z = Z_95): number {
  if (n <= 0) return 0.5;
  const z2 = z * z;
  return (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
}

/** The smallest effective sample size whose Wilson interval at `rate` is at most ±margin. */
export function effectiveNForMargin(rate: number, margin = DEFAULT_MARGIN, z = Z_95): number {
  if (!(margin > 0 && margin < 0.5)) throw new RangeError(`margin must be in (0, 0.5), got ${margin}`);
  const p = Math.min(1, Math.max(0, rate));
  let lo = 1;
  let hi = 1;
  while (wilsonHalfWidth(p, hi, z) > margin) hi *= 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (wilsonHalfWidth(p, mid, z) > margin) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface MarginInput {
  /** The observed share; null when nobody answered (then 50 %, the most demanding). */
  rate: number | null;
  /** Counted answers and respondents behind the rate, and its design effect (1 when unknown). */
  n: number;
  respondents: number;
  designEffect: number;
  /** Stored enrolment: parents are about one per pupil, so it bounds the population. */
  population: number | null;
  margin?: number;
}

/**
 * Respondents needed for a ±margin interval at the respondent level. The interval is Wilson at
 * n_eff = n / deff, and n = respondents × answers per respondent, so respondents = n_eff × deff ×
 * respondents / n. Without answers yet, one respondent counts as one effective answer. With an
 * enrolment, the finite-population correction n / (1 + (n − 1) / N) applies.
 */
export function respondentsForMargin(x: MarginInput): number {
  const nEff = effectiveNForMargin(x.rate ?? 0.5, x.margin ?? DEFAULT_MARGIN);
  const perEffective = x.rate !== null && x.n > 0 && x.respondents > 0 ? (x.designEffect * x.respondents) / x.n : 1;
  let needed = Math.ceil(nEff * perEffective);
  if (x.population !== null && x.population > 0) {
    needed = Math.min(x.population, Math.ceil(needed / (1 + (needed - 1) / x.population)));
  }
  return Math.max(1, needed);
}

export interface WeightedPart {
  weight: number;
  rate: number;
  /** Effective sample size of the part (n / design effect). */
  nEff: number;
}

/**
 * A rate weighted by enrolment: Σ w·p / Σ w over the schools with a rate. Its interval treats the
 * schools as strata (variance Σ (w/W)² · p̃(1−p̃)/(n_eff + z²), with the Agresti–Coull p̃ so a school
 * at 100 % still carries uncertainty), normal, clipped to [0, 1].
 */
export function weightedRate(
  parts: ReadonlyArray<WeightedPart>,
  z = Z_95,
): {
  value: number | null;
  interval: { low: number; high: number };
} {
  const used = parts.filter((p) => p.weight > 0 && p.nEff > 0);
  const total = used.reduce((a, p) => a + p.weight, 0);
  if (total === 0) return { value: null, interval: { low: 0, high: 1 } };
  const z2 = z * z;
  let value = 0;
  let variance = 0;
  for (const p of used) {
    const w = p.weight / total;
    value += w * p.rate;
    const adjusted = (p.rate * p.nEff + z2 / 2) / (p.nEff + z2);
    variance += w * w * ((adjusted * (1 - adjusted)) / (p.nEff + z2));
  }
  const half = z * Math.sqrt(variance);
  return { value, interval: { low: Math.max(0, value - half), high: Math.min(1, value + half) } };
}
