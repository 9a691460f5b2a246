import { z } from 'zod';
import { ZFigureStatus, ZMethodInfo, ZPeriodOut } from './analytics.js';
import { ZInterval, ZText } from './text.js';

/** GET /api/v1/public/transparency: only aggregates, and none for groups smaller than MIN_N. */

export const ZPublicFigure = z.object({
  rate: z.number().nullable(),
  n: z.number(),
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

export const ZTransparency = z.object({
  generatedAt: z.string(),
  minN: z.number(),
  method: ZMethodInfo,
  note: ZText,
  suppressedLabel: ZText,
  quarters: z.array(ZPeriodOut),
  surveys: z.array(
    z.object({
      selector: z.string(),
      title: ZText,
      target: z.number(),
      quarters: z.array(
        z.object({
          code: z.string(),
          suppressed: z.boolean(),
          overall: ZPublicFigure.nullable(),
          units: z.array(ZPublicUnit),
        }),
      ),
    }),
  ),
});
export type TTransparency = z.infer<typeof ZTransparency>;
