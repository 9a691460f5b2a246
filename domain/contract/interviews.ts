import { z } from 'zod';
import { COMMENT_MAX_LENGTH } from '../answers.js';
import type { TSurveyDefinition } from '../definition.js';
import { recentInstant, safeText } from './safe-text.js';

/**
 * Interviews (#12.4): a list of selected people ("người được chọn") for one unit and survey, and
 * what became of each call. Shared by the server and the admin app; instants are ISO strings.
 */

/** At most this many people on one list: a few days of calls for one interviewer team. */
export const INTERVIEW_LIST_MAX = 500;

export const INTERVIEW_MODES = ['phone', 'in_person'] as const;
export const ZInterviewMode = z.enum(INTERVIEW_MODES, { message: 'chọn hình thức phỏng vấn' });

export const CONTACT_STATUSES = ['pending', 'callback', 'not_reached', 'refused', 'completed'] as const;
export type TContactStatus = (typeof CONTACT_STATUSES)[number];

/** One selected person: a label (never needs to be a full name) and, optionally, how to reach them. */
export const ZInterviewContactInput = z.object({
  label: safeText()
    .trim()
    .min(1, 'cần một nhãn cho người được chọn (vd. "PH lớp 3A - số 7")')
    .max(120, 'nhãn tối đa 120 ký tự'),
  contact: safeText().trim().max(60, 'số điện thoại hoặc cách liên lạc tối đa 60 ký tự').optional(),
});

const ZContacts = z
  .array(ZInterviewContactInput, { message: 'danh sách người được chọn' })
  .min(1, 'thêm ít nhất một người được chọn')
  .max(INTERVIEW_LIST_MAX, `tối đa ${INTERVIEW_LIST_MAX} người một danh sách`);

/** POST /api/v1/interviews/lists */
export const ZInterviewListCreate = z.object({
  survey: z.string().trim().min(1, 'chọn khảo sát').max(80),
  unit: z.string().trim().min(1, 'chọn đơn vị').max(40),
  label: safeText().trim().min(1, 'đặt tên cho danh sách').max(120, 'tên tối đa 120 ký tự'),
  mode: ZInterviewMode,
  contacts: ZContacts,
});
export type TInterviewListCreate = z.input<typeof ZInterviewListCreate>;

/** POST /api/v1/interviews/lists/{id}/contacts */
export const ZInterviewContactsAdd = z.object({ contacts: ZContacts });

/** Counts per status, and the response rate: completed over the people attempted at least once. */
export const ZInterviewProgress = z.object({
  total: z.number(),
  pending: z.number(),
  callback: z.number(),
  notReached: z.number(),
  refused: z.number(),
  completed: z.number(),
  attempted: z.number(),
  /** completed / attempted, 0–1; null before the first attempt. */
  responseRate: z.number().nullable(),
});
export type TInterviewProgress = z.infer<typeof ZInterviewProgress>;

export const ZInterviewList = z.object({
  id: z.number(),
  label: z.string(),
  mode: ZInterviewMode,
  survey: z.object({ slug: z.string(), title: z.string() }),
  unit: z.object({ code: z.string(), name: z.string() }),
  versionId: z.number(),
  createdAt: z.string(),
  /** When the calling was declared over (POST …/close); a closed list takes no more calls, answers or people. */
  closedAt: z.string().nullable(),
  /** When the retention job cleared the numbers left on the closed list; null before. */
  contactsClearedAt: z.string().nullable(),
  progress: ZInterviewProgress,
});
export type TInterviewList = z.infer<typeof ZInterviewList>;

export const ZInterviewLists = z.object({ items: z.array(ZInterviewList) });

export const ZInterviewContact = z.object({
  id: z.number(),
  position: z.number(),
  label: z.string(),
  /** Cleared once the person is done with (completed or refused). */
  contact: z.string().nullable(),
  status: z.enum(CONTACT_STATUSES),
  attempts: z.number(),
  callbackAt: z.string().nullable(),
  refusalReason: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type TInterviewContact = z.infer<typeof ZInterviewContact>;

/** GET /api/v1/interviews/lists/{id}: the list, its people and the questionnaire to read out. */
export const ZInterviewListDetail = ZInterviewList.extend({
  contacts: z.array(ZInterviewContact),
  definition: z.record(z.string(), z.unknown()),
});
export type TInterviewListDetail = Omit<z.infer<typeof ZInterviewListDetail>, 'definition'> & {
  definition: TSurveyDefinition;
};

/** POST /api/v1/interviews/contacts/{id}/outcome: a call that did not give an answer. */
export const ZInterviewOutcome = z.discriminatedUnion(
  'outcome',
  [
    z.object({
      outcome: z.literal('refused'),
      reason: safeText().trim().max(300, 'lý do tối đa 300 ký tự').optional(),
    }),
    z.object({ outcome: z.literal('not_reached') }),
    z.object({
      outcome: z.literal('callback'),
      callbackAt: recentInstant({ pastDays: 1, futureDays: 366 }),
    }),
  ],
  { message: 'chọn kết quả cuộc gọi: từ chối, không liên lạc được hoặc hẹn gọi lại' },
);
export type TInterviewOutcome = z.input<typeof ZInterviewOutcome>;

/** POST /api/v1/interviews/responses: the answer of a completed interview; `id` is its idempotency key. */
export const ZInterviewResponse = z.object({
  id: z.uuid({ message: 'mã phiếu phải là một UUID' }),
  contactId: z.number({ message: 'chọn người được phỏng vấn' }).int().positive().max(Number.MAX_SAFE_INTEGER),
  answers: z.record(z.string(), z.unknown(), { message: 'câu trả lời phải là một đối tượng {mã câu hỏi: giá trị}' }),
  comment: safeText()
    .max(COMMENT_MAX_LENGTH * 2, `Góp ý tối đa ${COMMENT_MAX_LENGTH} ký tự`)
    .nullable()
    .optional(),
  startedAt: recentInstant({ pastDays: 7, futureDays: 1 }).optional(),
});
export type TInterviewResponse = z.input<typeof ZInterviewResponse>;

export const ZInterviewResponseResult = z.object({ id: z.string(), contact: ZInterviewContact });
