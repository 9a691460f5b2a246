import { z } from 'zod';
import { assertTarget } from './scoring.js';
import { assertCount } from './statistics.js';

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
