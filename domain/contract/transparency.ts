import { z } from 'zod';
import { ZFigureStatus, ZMethodInfo, ZPeriodOut } from './analytics.js';
import { ZInterval, ZText } from './text.js';

/**
 * GET /api/v1/public/transparency: only aggregates, and none for units with fewer respondents than
 * the minimum (the same rule as the admin app and the reports).
 */

export const ZPublicFigure = z.object({
  rate: z.number().nullable(),
  n: z.number(),
  /** People behind the figure; the minimum-n rule counts these. */
  respondents: z.number(),
  responses: z.number(),
  interval: ZInterval,
  target: z.number(),
  status: ZFigureStatus,
});
export type TPublicFigure = z.infer<typeof ZPublicFigure>;

export const ZPublicUnit = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string().nullable(),
  suppressed: z.boolean(),
  figure: ZPublicFigure.nullable(),
});
export type TPublicUnit = z.infer<typeof ZPublicUnit>;

export const PUBLIC_VIEWS = ['quarter', 'half', 'year'] as const;
export const ZPublicView = z.enum(PUBLIC_VIEWS);
export type TPublicView = z.infer<typeof ZPublicView>;

/**
 * certified: frozen by the Sở (the report's snapshot, late answers never change it);
 * provisional: the period is still running ("tạm tính"); uncertified: over but not frozen yet.
 */
export const PERIOD_STATES = ['certified', 'provisional', 'uncertified'] as const;
export const ZPeriodState = z.enum(PERIOD_STATES);
export type TPeriodState = z.infer<typeof ZPeriodState>;

export const ZPublicPeriod = ZPeriodOut.extend({ state: ZPeriodState, frozenAt: z.string().nullable() });
export type TPublicPeriod = z.infer<typeof ZPublicPeriod>;

export const ZPublicSurveyPeriod = z.object({
  code: z.string(),
  state: ZPeriodState,
  frozenAt: z.string().nullable(),
  suppressed: z.boolean(),
  overall: ZPublicFigure.nullable(),
  /**
   * People who used the online service, by their answer to the survey's service-channel question;
   * null when the survey does not ask it.
   */
  online: z.object({ label: ZText, suppressed: z.boolean(), figure: ZPublicFigure.nullable() }).nullable(),
  units: z.array(ZPublicUnit),
});
export type TPublicSurveyPeriod = z.infer<typeof ZPublicSurveyPeriod>;

export const ZTransparency = z.object({
  generatedAt: z.string(),
  minN: z.number(),
  method: ZMethodInfo,
  note: ZText,
  suppressedLabel: ZText,
  view: ZPublicView,
  /** The periods shown, newest first (quarters, halves or years by `view`; named so for v1 clients). */
  quarters: z.array(ZPeriodOut),
  periods: z.array(ZPublicPeriod),
  /** What the page opens on: the newest certified period, else the newest finished one. */
  defaultPeriod: z.string().nullable(),
  surveys: z.array(
    z.object({
      selector: z.string(),
      title: ZText,
      target: z.number(),
      quarters: z.array(ZPublicSurveyPeriod),
    }),
  ),
});
export type TTransparency = z.infer<typeof ZTransparency>;
