import { scoringMethodInfo, type ScoringMethod } from '../../domain/methods.js';
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
import type { TFigure, TMethodInfo } from '../../domain/contract/analytics.js';

/** Scoring results as contract figures (domain/contract/analytics.ts ZFigure), whatever the method. */

export function fromRate(r: RateResult, method: ScoringMethod = r.method): TFigure {
  return {
    method,
    value: r.rate,
    n: r.n,
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
  target: number;
  minN: number;
}

/**
 * The figure by `method` for pooled counts. The comprehensive rate is defined per respondent over
 * every question, so for a single question or criterion (no `comprehensive` counts) it falls back
 * to the pooled rate, and says so in `method`.
 */
export function figureFor(method: ScoringMethod, input: FigureInputs): TFigure {
  const { counts, target, minN } = input;
  switch (method) {
    case 'mean_score':
      return fromScore(meanScore(counts, { minN }));
    case 'index_100':
      return fromScore(index100(counts, { minN }));
    case 'comprehensive':
      if (input.comprehensive) return fromRate(comprehensiveRate(input.comprehensive, { target, minN }));
      return fromRate(rateFromCounts(counts, { target, minN }));
    case 'top2_pooled':
      return fromRate(rateFromCounts(counts, { target, minN }));
  }
}

export function allFigures(input: FigureInputs): Record<ScoringMethod, TFigure> {
  return {
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
  };
}
