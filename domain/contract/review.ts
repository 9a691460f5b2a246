import { z } from 'zod';
import { ZText } from './text.js';

/**
 * Answers of the API, shared by the server (its response schemas) and the admin app (which parses
 * with them). Instants are ISO strings on the wire; the server converts its Dates where it builds
 * the answer. One module per area, so each lazily loaded screen carries only its own.
 */

const ZInstant = z.string();

export const REVIEW_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const ZReviewStatus = z.enum(REVIEW_STATUSES);
export const ZReviewItem = z.object({
  id: z.string(),
  submittedAt: ZInstant,
  secondsTaken: z.number().nullable(),
  survey: z.object({ slug: z.string(), title: z.string() }),
  version: z.number(),
  unit: z.object({ code: z.string(), name: z.string() }),
  channel: z.string(),
  flags: z.array(z.string()),
  reviewStatus: ZReviewStatus,
  reviewedAt: ZInstant.nullable(),
  reviewedBy: z.string().nullable(),
  comment: z.string().nullable(),
  /** The answered version's "too fast" threshold in seconds (the flag is raised below it). */
  minSeconds: z.number(),
  /** In question order, in the wording of the version answered; `answer` is the label the person chose. */
  answers: z.array(
    z.object({
      key: z.string(),
      question: z.string(),
      questionText: ZText,
      // A list for the options ticked on a multiple-choice question.
      value: z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]),
      answer: ZText,
    }),
  ),
});
/** GET /api/v1/review/responses */
export const ZReviewPage = z.object({
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
  counts: z.object({ accepted: z.number(), pending: z.number(), rejected: z.number() }),
  items: z.array(ZReviewItem),
});
/** POST /api/v1/review/responses/{id} */
export const ZDecided = z.object({ id: z.string(), previous: ZReviewStatus, status: ZReviewStatus });
/** POST /api/v1/review/decisions */
export const ZDecisions = z.object({ updated: z.number(), ids: z.array(z.string()) });
