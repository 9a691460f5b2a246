import { z } from 'zod';
import { ZHeader } from './analytics.js';
import { ZInterval, ZText } from './text.js';

/**
 * GET /api/v1/analytics/distributions: the descriptive questions, which no satisfaction rate
 * counts (#12.9): per multiple-choice question the share of respondents who ticked each option,
 * per number question its median and quartiles.
 */

export const ZChoiceShare = z.object({
  value: z.string(),
  label: ZText,
  /** Respondents who ticked this option. */
  n: z.number(),
  /** n / the question's respondents; the shares of one question add up to more than 1. */
  share: z.number().nullable(),
  /** 95 % Wilson interval of the share (each respondent counts once per option). */
  interval: ZInterval,
});

export const ZMultipleChoiceDistribution = z.object({
  key: z.string(),
  text: ZText,
  /** Respondents who answered the question (ticked at least one option). */
  n: z.number(),
  smallSample: z.boolean(),
  options: z.array(ZChoiceShare),
});
export type TMultipleChoiceDistribution = z.infer<typeof ZMultipleChoiceDistribution>;

export const ZNumberDistribution = z.object({
  key: z.string(),
  text: ZText,
  /** The unit shown beside the answer box, e.g. "năm" / "years". */
  unit: ZText.nullable(),
  /** Respondents who answered the question. */
  n: z.number(),
  smallSample: z.boolean(),
  /** Null when n = 0. Quartiles interpolate linearly between answers (PostgreSQL percentile_cont). */
  min: z.number().nullable(),
  q1: z.number().nullable(),
  median: z.number().nullable(),
  q3: z.number().nullable(),
  max: z.number().nullable(),
});
export type TNumberDistribution = z.infer<typeof ZNumberDistribution>;

export const ZDistributions = ZHeader.extend({
  /** Accepted answers only, like every rate; flagged answers count once a reviewer accepts them. */
  multipleChoice: z.array(ZMultipleChoiceDistribution),
  numbers: z.array(ZNumberDistribution),
});
export type TDistributions = z.infer<typeof ZDistributions>;
