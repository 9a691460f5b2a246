import { z } from 'zod';
import {
  DEFAULT_FEEDBACK_RULE,
  DEFAULT_SMALL_SAMPLE,
  DEFAULT_STATUS_RULE,
  ZCchcFeedbackRule,
  ZCchcScale,
  ZCchcSmallSample,
  ZCchcStatusRule,
} from '../cchc.js';
import { PERIOD_BASES } from '../reporting-cutoff.js';
import { ZFigure } from './analytics.js';
import { ZText } from './text.js';

export const ZPeriodBasis = z.enum(PERIOD_BASES);

/**
 * The CCHC points settings (PUT /api/v1/analytics/settings/cchc). The fields added later have
 * defaults, so settings stored before them still read.
 */
export const ZCchcSettings = z.object({
  maxPoints: z.number().min(0).max(100),
  scale: ZCchcScale,
  statusRule: ZCchcStatusRule.default(DEFAULT_STATUS_RULE),
  smallSample: ZCchcSmallSample.default(DEFAULT_SMALL_SAMPLE),
  /** calendar (default) or the reporting cut-off of Nghị định 09/2019/NĐ-CP. */
  periodBasis: ZPeriodBasis.default('calendar'),
  /** The feedback-handling component (phản ánh, kiến nghị answered on time; domain/cchc.ts). */
  feedback: ZCchcFeedbackRule.default(DEFAULT_FEEDBACK_RULE),
});
export type TCchcSettings = z.infer<typeof ZCchcSettings>;

export const CCHC_STATES = ['scored', 'small_sample', 'no_survey'] as const;
export const CCHC_STATE_TEXT: Record<(typeof CCHC_STATES)[number], { vi: string; en: string }> = {
  scored: { vi: 'Đủ số phiếu', en: 'Enough answers' },
  small_sample: { vi: 'Chưa đủ số người trả lời', en: 'Too few respondents' },
  no_survey: { vi: 'Không khảo sát', en: 'No survey' },
};

export const ZCchcRow = z.object({
  survey: z.string(),
  surveyTitle: ZText,
  target: z.number(),
  unit: z.object({
    code: z.string(),
    name: z.string(),
    level: z.string().nullable(),
    ward: z.string().nullable(),
  }),
  responses: z.number(),
  /** People who answered at least one counted question; the minimum-n rule counts these. */
  respondents: z.number(),
  figure: ZFigure,
  state: z.enum(CCHC_STATES),
  points: z.number(),
  maxPoints: z.number(),
  /** Kept for older clients: true when state is no_survey. */
  noData: z.boolean(),
});
export type TCchcRow = z.infer<typeof ZCchcRow>;

/**
 * One unit's feedback-handling component: the items received in the period, those due (answered, or
 * unanswered past their deadline), answered on time, the share, the open items overdue now, and the
 * points (domain/cchc.ts cchcFeedbackPoints).
 */
export const ZCchcFeedbackRow = z.object({
  unit: z.object({ code: z.string(), name: z.string() }),
  received: z.number(),
  due: z.number(),
  answeredOnTime: z.number(),
  /** null: nothing was due in the period (full points). */
  onTimeShare: z.number().nullable(),
  /** Median working days from receipt to answer; null when nothing was answered. */
  medianDays: z.number().nullable(),
  overdueNow: z.number(),
  points: z.number(),
  maxPoints: z.number(),
});
export type TCchcFeedbackRow = z.infer<typeof ZCchcFeedbackRow>;

/** GET /api/v1/analytics/cchc: points per unit expected to survey, for a year (or one of its quarters). */
export const ZCchcTable = z.object({
  year: z.number(),
  quarter: z.number().nullable(),
  basis: ZPeriodBasis,
  period: z.object({ code: z.string(), label: ZText, from: z.string(), to: z.string() }),
  minRespondents: z.number(),
  maxPoints: z.number(),
  scale: ZCchcScale,
  statusRule: ZCchcStatusRule,
  smallSample: ZCchcSmallSample,
  rows: z.array(ZCchcRow),
  /** The feedback rule, and its points per unit (every unit of the rows, and any other with items); [] when off. */
  feedback: ZCchcFeedbackRule,
  feedbackRows: z.array(ZCchcFeedbackRow),
});
export type TCchcTable = z.infer<typeof ZCchcTable>;
