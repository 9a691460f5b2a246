import { z } from 'zod';
import { ZFigure, ZMethodInfo, ZPeriodOut } from './analytics.js';
import { ZInterval, ZText } from './text.js';

/** GET /api/v1/analytics/coverage: schools' response rates against enrolment, and who is under-sampled. */

export const COVERAGE_WEIGHTINGS = ['none', 'enrolment'] as const;
export const ZCoverageWeighting = z.enum(COVERAGE_WEIGHTINGS);

export const ZCoverageSchool = z.object({
  unit: z.object({ code: z.string(), name: z.string(), level: z.string().nullable(), ward: z.string().nullable() }),
  enrolment: z.number().nullable(),
  responses: z.number(),
  respondents: z.number(),
  /** Responses ÷ enrolment; null without a stored enrolment. */
  responseRate: z.number().nullable(),
  figure: ZFigure,
  /** Respondents a ±margin interval needs in total, and how many more than now. */
  needed: z.number(),
  more: z.number(),
  underSampled: z.boolean(),
});
export type TCoverageSchool = z.infer<typeof ZCoverageSchool>;

export const ZCoverage = z.object({
  period: ZPeriodOut,
  survey: z.object({ selector: z.string(), title: ZText }),
  target: z.number(),
  margin: z.number(),
  minRespondents: z.number(),
  method: ZMethodInfo,
  weighting: ZCoverageWeighting,
  city: z.object({
    /** The headline over every answer (one very active school weighs by its answers). */
    pooled: ZFigure,
    /** Σ enrolment × school rate / Σ enrolment over schools with a rate and an enrolment. */
    weighted: z.object({
      value: z.number().nullable(),
      interval: ZInterval,
      schools: z.number(),
      enrolment: z.number(),
    }),
    /** The figure the city is read by, as the weighting option says. */
    chosen: z.object({ value: z.number().nullable(), interval: ZInterval }),
  }),
  totals: z.object({
    schools: z.number(),
    withEnrolment: z.number(),
    enrolment: z.number(),
    responses: z.number(),
    underSampled: z.number(),
  }),
  schools: z.array(ZCoverageSchool),
});
export type TCoverage = z.infer<typeof ZCoverage>;
