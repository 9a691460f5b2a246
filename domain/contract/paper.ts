import { z } from 'zod';
import { COMMENT_MAX_LENGTH } from '../answers.js';
import type { TSurveyDefinition } from '../definition.js';
import { safeText } from './safe-text.js';

/** At most this many sheets in one printed batch: a stack a desk hands out in a few weeks. */
export const PAPER_BATCH_MAX = 500;

/** POST /api/v1/paper/batches: issue N numbered sheets of a survey's current version for one unit. */
export const ZPaperBatchCreate = z.object({
  survey: z.string().trim().min(1, 'chọn khảo sát').max(80),
  unit: z.string().trim().min(1, 'chọn đơn vị').max(40),
  sheets: z
    .number({ message: 'nhập số phiếu cần in' })
    .int('số phiếu là số nguyên')
    .min(1, 'ít nhất 1 phiếu')
    .max(PAPER_BATCH_MAX, `tối đa ${PAPER_BATCH_MAX} phiếu một đợt in`),
});
export type TPaperBatchCreate = z.infer<typeof ZPaperBatchCreate>;

/** One printed batch: its serials run from firstSerial to lastSerial. */
export const ZPaperBatch = z.object({
  id: z.number(),
  survey: z.object({ slug: z.string(), title: z.string() }),
  unit: z.object({ code: z.string(), name: z.string() }),
  versionId: z.number(),
  versionNumber: z.number(),
  sheets: z.number(),
  firstSerial: z.number(),
  lastSerial: z.number(),
  entered: z.number(),
  createdAt: z.string(),
});
export type TPaperBatch = z.infer<typeof ZPaperBatch>;

/** GET /api/v1/paper/batches */
export const ZPaperBatches = z.object({ items: z.array(ZPaperBatch) });
export type TPaperBatches = z.infer<typeof ZPaperBatches>;

/** GET /api/v1/paper/batches/{id}: what the entry screen needs (the definition passes through as published). */
export const ZPaperBatchDetail = ZPaperBatch.extend({
  pending: z.array(z.number()),
  definition: z.record(z.string(), z.unknown()),
});
export type TPaperBatchDetail = Omit<z.infer<typeof ZPaperBatchDetail>, 'definition'> & {
  definition: TSurveyDefinition;
};

/** POST /api/v1/paper/entries: one typed sheet; `id` is the entry's idempotency key, as on the phone. */
export const ZPaperEntry = z.object({
  id: z.uuid({ message: 'mã phiếu phải là một UUID' }),
  batchId: z.number({ message: 'chọn đợt in' }).int().positive().max(2_147_483_647, 'không có đợt in này'),
  serial: z
    .number({ message: 'nhập số phiếu in trên tờ giấy' })
    .int('số phiếu là số nguyên')
    .positive('số phiếu không hợp lệ')
    .max(Number.MAX_SAFE_INTEGER, 'số phiếu không hợp lệ'),
  answers: z.record(z.string(), z.unknown(), { message: 'câu trả lời phải là một đối tượng {mã câu hỏi: giá trị}' }),
  comment: safeText()
    .max(COMMENT_MAX_LENGTH * 2, `Góp ý tối đa ${COMMENT_MAX_LENGTH} ký tự`)
    .nullable()
    .optional(),
});
export type TPaperEntry = z.input<typeof ZPaperEntry>;

export const ZPaperEntryResult = z.object({ id: z.string(), serial: z.number() });
export type TPaperEntryResult = z.infer<typeof ZPaperEntryResult>;

/** POST /api/v1/paper/checks: a second operator re-types an entered sheet (double entry). */
export const ZPaperCheck = ZPaperEntry.omit({ id: true });
export type TPaperCheck = z.input<typeof ZPaperCheck>;

/** One question (or 'comment') the two typings disagree on; null where a typing left it empty. */
export const ZPaperDifference = z.object({
  key: z.string(),
  question: z.string(),
  first: z.union([z.string(), z.number(), z.boolean()]).nullable(),
  second: z.union([z.string(), z.number(), z.boolean()]).nullable(),
});
export type TPaperDifference = z.infer<typeof ZPaperDifference>;

export const ZPaperCheckResult = z.object({ serial: z.number(), differences: z.array(ZPaperDifference) });
export type TPaperCheckResult = z.infer<typeof ZPaperCheckResult>;

/** GET /api/v1/paper/batches/{id}/checks: how many sheets were typed twice, and where they differ. */
export const ZPaperChecks = z.object({ checked: z.number(), mismatches: z.array(ZPaperCheckResult) });
export type TPaperChecks = z.infer<typeof ZPaperChecks>;
