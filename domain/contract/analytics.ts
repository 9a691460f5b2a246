import { z } from 'zod';
import { ZScoringMethod } from '../methods.js';
import { FIGURE_STATUSES } from './status.js';
import { ZInterval, ZText } from './text.js';

/** The answers of the analytics endpoints (also their OpenAPI document), for the server and the admin app. */

export const ZFigureStatus = z.enum(FIGURE_STATUSES);

/**
 * One shape for every figure whatever its method, so the API, the dashboard, reports and the
 * public page render them alike: a share (0–1) judged against the target, or a mean score (1–5)
 * or index (0–100) shown without a target.
 */
export const ZFigure = z.object({
  method: ZScoringMethod,
  value: z.number().nullable().describe('A share 0–1, a mean 1–5 or an index 0–100; null when n = 0'),
  n: z.number().describe('Counted answers (respondents for the comprehensive rate)'),
  respondents: z.number().describe('Respondents behind the figure; the minimum-n rule counts these'),
  designEffect: z
    .number()
    .describe('Variance ratio against answers taken as independent (each respondent a cluster); 1 for one question'),
  /** Numerator of a share (answers 4–5 or respondents satisfied on all); null for means. */
  satisfied: z.number().nullable(),
  interval: ZInterval.describe('95 % interval at the respondent level (Wilson at n / designEffect for shares)'),
  target: z.number().nullable(),
  status: ZFigureStatus,
  smallSample: z.boolean(),
  scale: z.object({ min: z.number(), max: z.number() }),
});
export type TFigure = z.infer<typeof ZFigure>;

export const ZMethodInfo = z.object({
  key: ZScoringMethod,
  label: ZText,
  description: ZText,
  comparesToTarget: z.boolean(),
  /** The text that defines the method (decisions cited). */
  source: ZText,
});
export type TMethodInfo = z.infer<typeof ZMethodInfo>;

/** A resolved period: its code, label and first and last local dates (both inclusive). */
export const ZPeriodOut = z.object({ code: z.string(), label: ZText, from: z.string(), to: z.string() });
export type TPeriodOut = z.infer<typeof ZPeriodOut>;

export const ZBucket = z.enum(['week', 'month', 'quarter']);

export const ZSeriesPoint = z.object({ start: z.string(), label: ZText, responses: z.number(), figure: ZFigure });
export type TSeriesPoint = z.infer<typeof ZSeriesPoint>;
export const ZSeries = z.object({ unit: ZBucket, points: z.array(ZSeriesPoint) });
export type TSeries = z.infer<typeof ZSeries>;

const ZCounts = z.object({
  1: z.number(),
  2: z.number(),
  3: z.number(),
  4: z.number(),
  5: z.number(),
  na: z.number(),
});

export const ZSurveyOut = z.object({
  selector: z.string(),
  kind: z.enum(['survey', 'family']),
  title: ZText,
  slugs: z.array(z.string()),
  target: z.number(),
});

export const ZSummary = z.object({
  survey: ZSurveyOut,
  period: ZPeriodOut,
  filters: z.object({
    unit: z.object({ code: z.string(), name: z.string() }).nullable(),
    level: z.string().nullable(),
    ward: z.string().nullable(),
    channel: z.string().nullable(),
    version: z.number().nullable(),
  }),
  method: ZMethodInfo,
  /** The collection channels of the answers counted (domain/channels.ts), for the method note; absent in older frozen reports. */
  channels: z.array(z.string()).optional(),
  minN: z.number(),
  target: z.number(),
  /** The headline figure by `method`, repeated at the top level as the PRODUCT.md contract lists it. */
  rate: z.number().nullable(),
  n: z.number(),
  interval: ZInterval,
  status: ZFigureStatus,
  smallSample: z.boolean(),
  overall: ZFigure,
  /**
   * The official headline (the method the Sở publishes and scores by, with its source), whatever
   * `method` was asked for: reports, CCHC points and the public page read this.
   */
  headline: z.object({ method: ZMethodInfo, figure: ZFigure }),
  /** The overall figure by every method, for comparison. */
  methods: z.object({
    criteria_mean: ZFigure,
    top2_pooled: ZFigure,
    comprehensive: ZFigure,
    mean_score: ZFigure,
    index_100: ZFigure,
  }),
  responses: z.object({
    accepted: z.number(),
    pending: z.number(),
    rejected: z.number(),
    respondents: z.number(),
    withComment: z.number(),
  }),
  criteria: z.array(z.object({ key: z.string(), title: ZText, questions: z.array(z.string()), figure: ZFigure })),
  questions: z.array(
    z.object({ key: z.string(), criterion: z.string(), text: ZText, counts: ZCounts, figure: ZFigure }),
  ),
  yesNo: z.array(
    z.object({
      key: z.string(),
      criterion: z.string(),
      text: ZText,
      yes: z.number(),
      no: z.number(),
      n: z.number(),
      share: z.number().nullable(),
      interval: ZInterval,
    }),
  ),
  choices: z.array(
    z.object({
      key: z.string(),
      text: ZText,
      options: z.array(z.object({ value: z.string(), label: ZText, n: z.number() })),
    }),
  ),
  series: ZSeries,
});
export type TSummary = z.infer<typeof ZSummary>;

export const ZBreakdownRow = z.object({
  key: z.string().nullable(),
  label: ZText,
  unit: z
    .object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      level: z.string().nullable(),
      ward: z.string().nullable(),
    })
    .optional(),
  responses: z.number(),
  pending: z.number(),
  figure: ZFigure,
});
export type TBreakdownRow = z.infer<typeof ZBreakdownRow>;

/** What every analytics answer repeats: the survey, period and method it is about. */
export const ZHeader = z.object({
  survey: ZSurveyOut,
  period: ZPeriodOut,
  method: ZMethodInfo,
  target: z.number(),
  minN: z.number(),
});
export type THeader = z.infer<typeof ZHeader>;

export const BREAKDOWN_DIMENSIONS = ['unit', 'criterion', 'level', 'ward', 'channel', 'survey', 'version'] as const;

/** GET /api/v1/analytics/breakdown */
export const ZBreakdown = ZHeader.extend({ by: z.string(), rows: z.array(ZBreakdownRow) });
export type TBreakdown = z.infer<typeof ZBreakdown>;

/** GET /api/v1/analytics/series */
export const ZSeriesAnswer = ZHeader.extend({ series: ZSeries });
export type TSeriesAnswer = z.infer<typeof ZSeriesAnswer>;

export const ZCommentItem = z.object({
  id: z.string(),
  submittedAt: z.string().describe('ISO 8601 instant'),
  survey: z.string(),
  unit: z.object({ code: z.string(), name: z.string() }),
  channel: z.string(),
  comment: z.string().nullable(),
  texts: z.array(z.object({ key: z.string(), question: ZText, text: z.string() })),
  flags: z.array(z.string()),
  reviewStatus: z.enum(['accepted', 'pending', 'rejected']),
});
export type TCommentItem = z.infer<typeof ZCommentItem>;

/** GET /api/v1/analytics/comments */
export const ZComments = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  items: z.array(ZCommentItem),
});
export type TComments = z.infer<typeof ZComments>;

/** GET /api/v1/analytics/options: what the filters can take. */
export const ZOptions = z.object({
  surveys: z.array(
    z.object({
      slug: z.string(),
      family: z.string().nullable(),
      kind: z.string(),
      level: z.string().nullable(),
      title: ZText,
      target: z.number(),
      versions: z.array(z.number()),
    }),
  ),
  families: z.array(z.object({ key: z.string(), title: ZText, slugs: z.array(z.string()), target: z.number() })),
  periods: z.array(z.object({ code: z.string(), label: ZText, kind: z.string() })),
  levels: z.array(z.object({ key: z.string(), label: ZText })),
  wards: z.array(z.string()),
  channels: z.array(z.string()),
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      level: z.string().nullable(),
      ward: z.string().nullable(),
      parentCode: z.string().nullable(),
    }),
  ),
  methods: z.array(ZMethodInfo.extend({ isDefault: z.boolean() })),
  minN: z.number(),
});
export type TOptions = z.infer<typeof ZOptions>;
