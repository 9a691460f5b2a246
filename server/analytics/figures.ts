import {
  addLikertCounts,
  comprehensiveRate,
  index100,
  meanScore,
  rateFromCounts,
  scoringMethodInfo,
  type ComprehensiveCounts,
  type LikertCounts,
  type RateResult,
  type ScoreResult,
  type ScoringMethod,
} from '../../domain/scoring.js';

/**
 * One shape for every figure whatever its method, so the API, the dashboard, reports and the
 * public page render them alike: a share (0–1) judged against the target, or a mean score (1–5)
 * or index (0–100) shown without a target.
 */
export type FigureStatus = 'met' | 'below' | 'uncertain' | 'no_data' | 'no_target';

export interface Figure {
  method: ScoringMethod;
  value: number | null;
  n: number;
  /** Numerator of a share (answers 4–5 or respondents satisfied on all); null for means. */
  satisfied: number | null;
  interval: { low: number; high: number };
  target: number | null;
  status: FigureStatus;
  smallSample: boolean;
  scale: { min: number; max: number };
}

export function fromRate(r: RateResult, method: ScoringMethod = r.method): Figure {
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

export function fromScore(s: ScoreResult): Figure {
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
export function figureFor(method: ScoringMethod, input: FigureInputs): Figure {
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

export function allFigures(input: FigureInputs): Record<ScoringMethod, Figure> {
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

export function methodInfo(method: ScoringMethod) {
  const info = scoringMethodInfo(method);
  return {
    key: method,
    label: { vi: info.label.vi, en: info.label.en },
    description: { vi: info.description.vi, en: info.description.en },
    comparesToTarget: info.comparesToTarget,
  };
}

/** Status order for rankings: units needing attention first. */
export const STATUS_ORDER: Record<FigureStatus, number> = { below: 0, uncertain: 1, met: 2, no_target: 3, no_data: 4 };

export { addLikertCounts };
