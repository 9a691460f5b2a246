import { z } from 'zod';
import { ZBreakdownRow, ZMethodInfo, ZPeriodOut, ZSummary } from './analytics.js';
import { ZFeedbackMetrics } from './feedback.js';
import { ZText } from './text.js';

export const ZReportSection = z.object({
  selector: z.string(),
  title: ZText,
  target: z.number(),
  summary: ZSummary,
  units: z.array(ZBreakdownRow),
});
export type TReportSection = z.infer<typeof ZReportSection>;

/**
 * What a period report says, whatever its format (GET /api/v1/reports/{period}/data; the PDF, XLSX
 * and CSV show the same).
 */
export const ZReportData = z.object({
  period: ZPeriodOut,
  /** null: the whole Sở. */
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  selector: z.string(),
  method: ZMethodInfo,
  minN: z.number(),
  generatedAt: z.string(),
  sections: z.array(ZReportSection),
  frozen: z.object({ at: z.string(), by: z.string().nullable() }).nullable(),
  /** Feedback received and handled in the period (phản ánh, kiến nghị); absent in periods frozen before it. */
  feedback: ZFeedbackMetrics.optional(),
});
export type TReportData = z.infer<typeof ZReportData>;

/** POST /api/v1/reports/{period}/freeze */
export const ZFreezeResult = z.object({
  periodCode: z.string(),
  selector: z.string(),
  frozenAt: z.string().describe('ISO 8601 instant'),
  frozenBy: z.string(),
  units: z.number(),
});
export type TFreezeResult = z.infer<typeof ZFreezeResult>;

/** GET /api/v1/reports/frozen */
export const ZFrozenPeriods = z.object({
  periods: z.array(
    z.object({
      periodCode: z.string(),
      selector: z.string(),
      frozenAt: z.string().describe('ISO 8601 instant'),
      frozenBy: z.string().nullable(),
    }),
  ),
});
export type TFrozenPeriods = z.infer<typeof ZFrozenPeriods>;
