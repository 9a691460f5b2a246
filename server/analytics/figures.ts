import { scoringMethodInfo, type ScoringMethod } from '../../domain/methods.js';
import { criteriaMeanRate, type CriterionSums } from '../../domain/official-index.js';
import {
  comprehensiveRate,
  index100,
  meanScore,
  rateFromCounts,
  type ComprehensiveCounts,
  type LikertCounts,
  type RateResult,
  type ScoreResult,
} from '../../domain/scoring.js';
import { clusterShare, type ClusterSums } from '../../domain/statistics.js';
import type { TFigure, TMethodInfo } from '../../domain/contract/analytics.js';

/** Scoring results as contract figures (domain/contract/analytics.ts ZFigure), whatever the method. */

export function fromRate(r: RateResult, method: ScoringMethod = r.method): TFigure {
  return {
    method,
    value: r.rate,
    n: r.n,
    respondents: r.respondents,
    designEffect: r.designEffect,
    satisfied: r.satisfied,
    interval: r.interval,
    target: r.target,
    status: r.status,
    smallSample: r.smallSample,
    scale: { min: 0, max: 1 },
  };
}

export function fromScore(s: ScoreResult): TFigure {
  return {
    method: s.method,
    value: s.value,
    n: s.n,
    respondents: s.respondents,
    designEffect: s.designEffect,
    satisfied: null,
    interval: s.interval,
    target: null,
    status: s.status,
    smallSample: s.smallSample,
    scale: s.scale,
  };
}

export interface FigureInputs {
  counts: LikertCounts;
  comprehensive?: ComprehensiveCounts | undefined;
  /**
   * Per-respondent sums of the pooled answers (cluster_rollups). Without them every answer counts
   * as its own respondent, which is exact for a single question.
   */
  clusters?: ClusterSums | undefined;
  /** Each criterion's sums, for the official index; without them it is the pooled share. */
  criteria?: ReadonlyArray<CriterionSums> | undefined;
  target: number;
  minN: number;
}

/**
 * The figure by `method` for pooled counts. The comprehensive rate is defined per respondent over
 * every question, so for a single question or criterion (no `comprehensive` counts) it falls back
 * to the pooled rate, and says so in `method`. The official index of a single criterion or
 * question (no `criteria`) is that criterion's share.
 */
export function figureFor(method: ScoringMethod, input: FigureInputs): TFigure {
  const { counts, target, minN, clusters } = input;
  switch (method) {
    case 'mean_score':
    case 'index_100': {
      const people = clusters
        ? { respondents: clusters.respondents, designEffect: clusterShare(clusters).designEffect }
        : {};
      return fromScore((method === 'mean_score' ? meanScore : index100)(counts, { minN, ...people }));
    }
    case 'comprehensive':
      if (input.comprehensive) return fromRate(comprehensiveRate(input.comprehensive, { target, minN }));
      return fromRate(rateFromCounts(counts, { target, minN, clusters }), 'top2_pooled');
    case 'criteria_mean':
      if (input.criteria) {
        const respondents = clusters?.respondents ?? input.comprehensive?.respondents ?? 0;
        return fromRate(criteriaMeanRate(input.criteria, { target, minN, respondents }));
      }
      return fromRate(rateFromCounts(counts, { target, minN, clusters, method: 'criteria_mean' }));
    case 'top2_pooled':
      return fromRate(rateFromCounts(counts, { target, minN, clusters }));
  }
}

export function allFigures(input: FigureInputs): Record<ScoringMethod, TFigure> {
  return {
    criteria_mean: figureFor('criteria_mean', input),
    top2_pooled: figureFor('top2_pooled', input),
    comprehensive: figureFor('comprehensive', {
      ...input,
      comprehensive: input.comprehensive ?? { respondents: 0, satisfiedOnAll: 0 },
    }),
    mean_score: figureFor('mean_score', input),
    index_100: figureFor('index_100', input),
  };
}

export function methodInfo(method: ScoringMethod): TMethodInfo {
  const info = scoringMethodInfo(method);
  return {
    key: method,
    label: { vi: info.label.vi, en: info.label.en },
    description: { vi: info.description.vi, en: info.description.en },
    comparesToTarget: info.comparesToTarget,
    source: { vi: info.source.vi, en: info.source.en },
  };
}
