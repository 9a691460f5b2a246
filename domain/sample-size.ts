/**
 * How many respondents a unit needs so that its satisfaction rate is known to within ±margin at
 * 95 % confidence (#12.7 campaign quotas).
 *
 * Cochran, W. G. (1977), Sampling Techniques, 3rd ed., §4.4, eq. (4.2) and (4.3):
 *   n0 = z² · p(1 − p) / d²                 (simple random sampling, proportion p, half-width d)
 *   n  = n0 / (1 + (n0 − 1) / N)            (finite-population correction, when N is known)
 * and Kish, L. (1965), Survey Sampling, §8.2: a design effect deff (the variance under the actual
 * design over that of a simple random sample, docs/analytics.md) multiplies n0.
 *
 * p = 0.5 is the conservative default (the largest p(1 − p)). The normal approximation is the
 * standard planning formula; the Wilson interval the dashboards show is close to it at these n.
 */

/** The two-sided 95 % normal quantile. */
export const Z95 = 1.959963984540054;

export interface SampleSizeInput {
  /** Interval half-width as a proportion (0.05 = ±5 percentage points). */
  margin: number;
  /** Design effect, ≥ 1 (1 = simple random sampling). */
  designEffect?: number | undefined;
  /** The expected rate p (default 0.5, the most demanding). */
  expectedRate?: number | undefined;
  /** The population of the unit (e.g. enrolment), for the finite-population correction. */
  population?: number | null | undefined;
}

/** The respondents needed (rounded up); NaN for inputs outside their ranges. */
export function suggestSampleSize(input: SampleSizeInput): number {
  const { margin, designEffect = 1, expectedRate = 0.5, population } = input;
  if (!(margin > 0 && margin < 1) || !(designEffect >= 1) || !(expectedRate > 0 && expectedRate < 1)) return NaN;
  let n = ((Z95 * Z95 * expectedRate * (1 - expectedRate)) / (margin * margin)) * designEffect;
  if (population !== undefined && population !== null && population > 0) n = n / (1 + (n - 1) / population);
  // A hair of tolerance so that an exact whole number is not pushed up by floating-point noise.
  return Math.max(1, Math.ceil(n - 1e-9));
}
