import { z } from 'zod';
import { assertTarget } from './scoring.js';
import { assertCount, isSmallSample } from './statistics.js';

/** Yearly administrative-reform scoring (chỉ số cải cách hành chính): a satisfaction rate as points. */

/**
 * How a satisfaction rate turns into points of the yearly reform scoring. The scoring guide changes
 * from year to year, so the scale is configuration, not code:
 * - proportional: full points at or above the target, rate/target × maxPoints below it;
 * - steps: the points of the highest step whose minRate the rate reaches (0 below every step).
 */
export const ZCchcScale = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('proportional') }),
  z.object({
    kind: z.literal('steps'),
    steps: z
      .array(z.object({ minRate: z.number().min(0).max(1), points: z.number().min(0) }))
      .min(1, 'cần ít nhất một mức'),
  }),
]);
export type CchcScale = z.infer<typeof ZCchcScale>;
export type CchcStep = Extract<CchcScale, { kind: 'steps' }>['steps'][number];

export interface CchcPointsResult {
  points: number;
  /** True when there was no rate (n = 0): 0 points, and the report should say why. */
  noData: boolean;
}

export function cchcPoints(rate: number | null, target: number, maxPoints: number, scale: CchcScale): CchcPointsResult {
  assertTarget(target);
  assertCount('maxPoints', maxPoints);
  if (rate === null) return { points: 0, noData: true };
  if (!(Number.isFinite(rate) && rate >= 0 && rate <= 1)) throw new RangeError(`rate must be in [0, 1], got ${rate}`);
  switch (scale.kind) {
    case 'proportional':
      return { points: rate >= target ? maxPoints : (rate / target) * maxPoints, noData: false };
    case 'steps': {
      for (const s of scale.steps) {
        if (s.points < 0 || s.points > maxPoints) {
          throw new RangeError(`step points ${s.points} outside [0, ${maxPoints}]`);
        }
      }
      // The highest step reached decides, whatever order the configuration lists them in.
      let best: { minRate: number; points: number } | null = null;
      for (const s of scale.steps) {
        if (rate >= s.minRate && (best === null || s.minRate > best.minRate)) best = s;
      }
      return { points: best?.points ?? 0, noData: false };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Assessment of one unit: which rate the scale reads (by status), and the small-sample rule
// ---------------------------------------------------------------------------------------------

/**
 * Which rate the scale reads for each status. Full points need evidence: by default only "met"
 * (the whole interval at or above the target) earns full points; "uncertain" is scored at the
 * interval's lower bound, "below" at its rate.
 */
export const ZCchcStatusRule = z.object({
  met: z.enum(['full', 'rate']).default('full'),
  uncertain: z.enum(['rate', 'lower_bound', 'zero']).default('lower_bound'),
  below: z.enum(['rate', 'lower_bound', 'zero']).default('rate'),
});
export type CchcStatusRule = z.infer<typeof ZCchcStatusRule>;
export const DEFAULT_STATUS_RULE: CchcStatusRule = { met: 'full', uncertain: 'lower_bound', below: 'rate' };

/**
 * Below the minimum number of respondents a unit is marked and never scored at full points:
 * - zero: 0 points;
 * - share: that share (< 1) of the points the scale would give;
 * - by_respondents: the points × respondents / minimum.
 */
export const ZCchcSmallSample = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('zero') }),
  z.object({ kind: z.literal('share'), share: z.number().min(0).lt(1, 'phải nhỏ hơn 1') }),
  z.object({ kind: z.literal('by_respondents') }),
]);
export type CchcSmallSample = z.infer<typeof ZCchcSmallSample>;
export const DEFAULT_SMALL_SAMPLE: CchcSmallSample = { kind: 'by_respondents' };

/** no_survey: expected to survey but nobody answered; small_sample: fewer respondents than the minimum. */
export type CchcState = 'no_survey' | 'small_sample' | 'scored';

export interface CchcUnitInput {
  rate: number | null;
  interval: { low: number; high: number };
  status: 'met' | 'below' | 'uncertain' | 'no_data' | 'no_target';
  respondents: number;
  minRespondents: number;
  target: number;
}

export interface CchcRules {
  maxPoints: number;
  scale: CchcScale;
  statusRule: CchcStatusRule;
  smallSample: CchcSmallSample;
}

export function cchcAssessment(u: CchcUnitInput, rules: CchcRules): { points: number; state: CchcState } {
  if (u.rate === null || u.respondents === 0 || u.status === 'no_data') return { points: 0, state: 'no_survey' };
  const rule =
    u.status === 'met'
      ? rules.statusRule.met
      : u.status === 'below'
        ? rules.statusRule.below
        : rules.statusRule.uncertain;
  let points: number;
  if (rule === 'full') points = rules.maxPoints;
  else if (rule === 'zero') points = 0;
  else {
    const read = rule === 'lower_bound' ? Math.min(u.rate, u.interval.low) : u.rate;
    points = cchcPoints(Math.max(0, Math.min(1, read)), u.target, rules.maxPoints, rules.scale).points;
  }
  if (!isSmallSample(u.respondents, u.minRespondents)) return { points, state: 'scored' };
  const s = rules.smallSample;
  const small =
    s.kind === 'zero' ? 0 : s.kind === 'share' ? points * s.share : (points * u.respondents) / u.minRespondents;
  return { points: small, state: 'small_sample' };
}

// ---------------------------------------------------------------------------------------------
// Feedback handling (phản ánh, kiến nghị): a second, separate component of the points
// ---------------------------------------------------------------------------------------------

/**
 * How handling feedback on time turns into points: full `maxPoints` when the share answered by the
 * deadline reaches `onTimeThreshold`, proportionally fewer below it (share / threshold × maxPoints).
 */
export const ZCchcFeedbackRule = z.object({
  enabled: z.boolean().default(true),
  maxPoints: z.number().min(0).max(100).default(1),
  onTimeThreshold: z.number().min(0).max(1).default(0.9),
});
export type CchcFeedbackRule = z.infer<typeof ZCchcFeedbackRule>;
export const DEFAULT_FEEDBACK_RULE: CchcFeedbackRule = { enabled: true, maxPoints: 1, onTimeThreshold: 0.9 };

/**
 * The points for an on-time share (answered by the deadline ÷ items due). A unit with nothing due
 * in the period (no item, or none answered or overdue yet) has failed nobody: full points.
 */
export function cchcFeedbackPoints(onTimeShare: number | null, rule: CchcFeedbackRule): number {
  assertCount('maxPoints', rule.maxPoints);
  if (onTimeShare === null || onTimeShare >= rule.onTimeThreshold) return rule.maxPoints;
  if (!(Number.isFinite(onTimeShare) && onTimeShare >= 0 && onTimeShare <= 1)) {
    throw new RangeError(`on-time share must be in [0, 1], got ${onTimeShare}`);
  }
  return (onTimeShare / rule.onTimeThreshold) * rule.maxPoints;
}
