import { z } from 'zod';
import { ZFigure, ZPeriodOut } from './analytics.js';
import { ZText } from './text.js';

/**
 * GET /api/v1/overview: the figures an officer checks every morning, for the current quarter and
 * the caller's units. Each survey line is the same figure GET /analytics/summary gives for its
 * selector and period, so the start page and the detail page never disagree.
 */
export const ZOverviewUnit = z.object({ code: z.string(), name: z.string() });

export const ZOverviewSurvey = z.object({
  /** What /analytics?survey= takes: a slug, or a family that pools the per-level surveys. */
  selector: z.string(),
  title: ZText,
  target: z.number(),
  /** The name of the official method the headline is computed by. */
  method: ZText,
  /** The official headline figure (GET /analytics/summary's `headline.figure`). */
  overall: ZFigure,
  /** Accepted responses in the period. */
  responses: z.number(),
  /** Units with a figure below the target (enough answers, interval entirely under it). */
  unitsBelow: z.array(ZOverviewUnit.extend({ value: z.number().nullable() })),
  /** Units measured in the period (at least one accepted response). */
  unitsMeasured: z.number(),
});
export type TOverviewSurvey = z.infer<typeof ZOverviewSurvey>;

export const ZOverview = z.object({
  period: ZPeriodOut,
  surveys: z.array(ZOverviewSurvey),
  /** Flagged responses waiting for a decision; `recent` arrived in the last 7 days. */
  flagged: z.object({ pending: z.number(), recent: z.number() }),
  /** Citizens' feedback (phản ánh) still open; null where the feedback feature is not there. */
  feedback: z.object({ open: z.number(), new: z.number() }).nullable(),
  /** Units with an active survey link but no accepted answer in the period (the first few named). */
  unitsWithoutAnswers: z.object({ count: z.number(), units: z.array(ZOverviewUnit) }),
});
export type TOverview = z.infer<typeof ZOverview>;
