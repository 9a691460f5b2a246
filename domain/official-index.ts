import type { RateResult } from './scoring.js';
import { rateStatus, assertTarget } from './scoring.js';
import { clusterShare, DEFAULT_MIN_N, isSmallSample, wilsonInterval, Z_95, type ClusterSums } from './statistics.js';

/**
 * The official index (#11.2, docs/analytics.md): each criterion's index is its share of satisfied
 * answers (4–5) among counted answers; the overall index is the plain mean of the criterion
 * indices, so every criterion weighs the same whatever its number of questions or answers. The
 * general-question criterion ("overall", "Đánh giá chung") is reported on its own and is not one of
 * the averaged criteria, unless it is the only one.
 */

/** The key of the general-question criterion, left out of the mean. */
export const GENERAL_CRITERION = 'overall';

export interface CriterionSums {
  key: string;
  /** Per-respondent sums of this criterion's answers. */
  clusters: ClusterSums;
}

/** The criteria that enter the mean: those with answers, without the general question. */
export function averagedCriteria<T extends CriterionSums>(criteria: ReadonlyArray<T>): T[] {
  const answered = criteria.filter((c) => c.clusters.c > 0);
  const content = answered.filter((c) => c.key !== GENERAL_CRITERION);
  return content.length > 0 ? content : answered;
}

/**
 * The mean of the criterion indices, with a respondent-level interval. The criteria share
 * respondents, and the rollups keep each criterion's sums but not their cross-products, so the
 * standard error is bounded above by the mean of the criterion standard errors (exact when the
 * criteria are perfectly correlated within respondents; Cauchy–Schwarz otherwise). The design
 * effect is that variance over p(1−p)/(n−1) for the n answers averaged, at least 1; the interval
 * is Wilson's at n / deff, as for the pooled share.
 */
export function criteriaMeanRate(
  criteria: ReadonlyArray<CriterionSums>,
  options: { target: number; minN?: number; respondents: number; z?: number },
): RateResult {
  const { target, minN = DEFAULT_MIN_N, respondents, z = Z_95 } = options;
  assertTarget(target);
  const used = averagedCriteria(criteria);
  const n = used.reduce((acc, c) => acc + c.clusters.c, 0);
  const satisfied = used.reduce((acc, c) => acc + c.clusters.s, 0);
  const base = { method: 'criteria_mean' as const, satisfied, n, respondents, target };
  if (used.length === 0 || n === 0) {
    const interval = { low: 0, high: 1 };
    return {
      ...base,
      rate: null,
      designEffect: 1,
      interval,
      status: rateStatus(0, interval, target),
      smallSample: isSmallSample(respondents, minN),
    };
  }
  const shares = used.map((c) => clusterShare(c.clusters, z));
  const p = shares.reduce((acc, s) => acc + (s.p ?? 0), 0) / shares.length;
  let designEffect: number;
  if (p === 0 || p === 1 || n < 2 || shares.some((s) => s.variance === null)) {
    // Not estimable (all or none satisfied, or a criterion from one respondent): the respondents
    // themselves are the sample, as for the pooled share.
    designEffect = Math.max(1, n / Math.max(1, respondents));
  } else {
    const se = shares.reduce((acc, s) => acc + Math.sqrt(s.variance!), 0) / shares.length;
    designEffect = Math.max(1, (se * se) / ((p * (1 - p)) / (n - 1)));
  }
  const effectiveN = n / designEffect;
  const interval = wilsonInterval(p * effectiveN, effectiveN, z);
  return {
    ...base,
    rate: p,
    designEffect,
    interval,
    status: rateStatus(n, interval, target),
    smallSample: isSmallSample(respondents, minN),
  };
}
