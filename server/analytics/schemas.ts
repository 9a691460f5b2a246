import { z } from 'zod';
import { ZScoringMethod } from '../../domain/scoring.js';

/** Response schemas of the analytics endpoints (also the OpenAPI document). */

export const ZText = z.object({ vi: z.string(), en: z.string() });
export const ZInterval = z.object({ low: z.number(), high: z.number() });

export const ZFigure = z.object({
  method: ZScoringMethod,
  value: z.number().nullable().describe('A share 0–1, a mean 1–5 or an index 0–100; null when n = 0'),
  n: z.number(),
  satisfied: z.number().nullable(),
  interval: ZInterval,
  target: z.number().nullable(),
  status: z.enum(['met', 'below', 'uncertain', 'no_data', 'no_target']),
  smallSample: z.boolean(),
  scale: z.object({ min: z.number(), max: z.number() }),
});

export const ZMethodInfo = z.object({
  key: ZScoringMethod,
  label: ZText,
  description: ZText,
  comparesToTarget: z.boolean(),
});

export const ZPeriodOut = z.object({ code: z.string(), label: ZText, from: z.string(), to: z.string() });

const ZSeriesPoint = z.object({ start: z.string(), label: ZText, responses: z.number(), figure: ZFigure });
export const ZSeries = z.object({ unit: z.enum(['week', 'month', 'quarter']), points: z.array(ZSeriesPoint) });

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
  minN: z.number(),
  target: z.number(),
  rate: z.number().nullable(),
  n: z.number(),
  interval: ZInterval,
  status: ZFigure.shape.status,
  smallSample: z.boolean(),
  overall: ZFigure,
  methods: z.object({ top2_pooled: ZFigure, comprehensive: ZFigure, mean_score: ZFigure, index_100: ZFigure }),
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

export const ZHeader = z.object({
  survey: ZSurveyOut,
  period: ZPeriodOut,
  method: ZMethodInfo,
  target: z.number(),
  minN: z.number(),
});
