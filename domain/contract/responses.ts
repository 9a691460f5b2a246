import { z } from 'zod';
import { COMMENT_MAX_LENGTH } from '../answers.js';
import { recentInstant, safeText } from './safe-text.js';

/** startedAt and finishedAt are accepted from this many days back to this many days ahead of now. */
export const SUBMIT_TIME_WINDOW = { pastDays: 30, futureDays: 1 };

/** The body of POST /api/v1/public/responses: the server validates it, the phone form sends it. */
export const ZSubmission = z.object({
  id: z.uuid({ message: 'mã phiếu phải là một UUID' }),
  linkCode: safeText().min(1, 'cần mã đường dẫn').max(40),
  // An int4 id: a larger number is no version, and must not reach the query as one.
  versionId: z
    .number({ message: 'cần mã phiên bản (số)' })
    .int()
    .positive()
    .max(2_147_483_647, 'không có phiên bản này'),
  answers: z.record(z.string(), z.unknown(), { message: 'câu trả lời phải là một đối tượng {mã câu hỏi: giá trị}' }),
  comment: safeText()
    .max(COMMENT_MAX_LENGTH * 2, `Góp ý tối đa ${COMMENT_MAX_LENGTH} ký tự`)
    .nullable()
    .optional(),
  // Within days of the server's clock: a phone's clock may be off by hours, and an outbox may hold
  // an answer for days, but year 0001 or 9999 is no answer and breaks exports' epoch arithmetic.
  startedAt: recentInstant(SUBMIT_TIME_WINDOW).optional(),
  finishedAt: recentInstant(SUBMIT_TIME_WINDOW).optional(),
  deviceToken: z
    .string()
    .regex(/^[\w-]{16,128}$/, 'mã thiết bị không hợp lệ')
    .optional(),
  website: z.string().max(2000).optional(),
  /** A kiosk tablet's token (server/kiosks): the answer is recorded as that kiosk's. */
  kioskToken: z
    .string()
    .regex(/^[\w-]{32}$/, 'mã máy khảo sát không hợp lệ')
    .optional(),
  /** The officer the respondent picked from the form's choice (server/officers). */
  officerId: z.number({ message: 'mã cán bộ phải là một số' }).int().positive().max(2_147_483_647).optional(),
});

export type TSubmissionBody = z.input<typeof ZSubmission>;
