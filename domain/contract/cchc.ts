import { z } from 'zod';
import { ZCchcScale } from '../cchc.js';
import { ZFigure } from './analytics.js';
import { ZText } from './text.js';

/** The default CCHC points scale (PUT /api/v1/analytics/settings/cchc). */
export const ZCchcSettings = z.object({
  maxPoints: z.number().min(0).max(100),
  scale: ZCchcScale,
});
export type TCchcSettings = z.infer<typeof ZCchcSettings>;

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
  figure: ZFigure,
  points: z.number(),
  maxPoints: z.number(),
  noData: z.boolean(),
});
export type TCchcRow = z.infer<typeof ZCchcRow>;

/** GET /api/v1/analytics/cchc: points per unit for a year. */
export const ZCchcTable = z.object({
  year: z.number(),
  period: z.object({ code: z.string(), label: ZText }),
  maxPoints: z.number(),
  scale: ZCchcScale,
  rows: z.array(ZCchcRow),
});
export type TCchcTable = z.infer<typeof ZCchcTable>;
