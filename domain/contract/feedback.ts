import { z } from 'zod';
import { FEEDBACK_CHANNELS, FEEDBACK_STATUSES, resolveCategory, type TFeedbackCategory } from './feedback-codes.js';
import { safeText } from './safe-text.js';
import { ZText } from './text.js';

/** Feedback (phản ánh, kiến nghị), issue 13: the public and the admin API's shapes. */

export const FEEDBACK_CONTENT_MAX = 4000;
export const FEEDBACK_PHOTOS_MAX = 3;
/** Per photo, after base64 decoding. The page shrinks photos before sending; a raw 12 MP photo is larger. */
export const FEEDBACK_PHOTO_MAX_BYTES = 3 * 1024 * 1024;
export const FEEDBACK_CODE_PATTERN = /^[2-9A-HJKMNP-Z]{8}$/;

export const ZFeedbackCategory = z
  .string({ message: 'cần chọn lĩnh vực' })
  .max(100)
  .transform((s, ctx): TFeedbackCategory => {
    const category = resolveCategory(s);
    if (category) return category;
    ctx.addIssue({ code: 'custom', message: 'lĩnh vực không có trong danh sách' });
    return z.NEVER;
  });

/** A unit: its public code (as in /api/v1/public/forms and /public/transparency), or its numeric id. */
export const ZUnitRef = z.union([
  safeText().trim().min(1, 'cần chọn đơn vị').max(64),
  z.number().int().positive().max(2_147_483_647),
]);

const optionalText = (max: number, message: string) =>
  safeText()
    .trim()
    .max(max, message)
    .nullish()
    .transform((s) => (s ? s : undefined));

export const ZContact = z.union([
  z.object({
    name: optionalText(120, 'họ tên tối đa 120 ký tự'),
    phone: safeText()
      .trim()
      .regex(/^[+\d(][\d ().-]{5,24}$/, 'số điện thoại không hợp lệ')
      .nullish()
      .or(z.literal(''))
      .transform((s) => (s ? s : undefined)),
    email: z
      .email({ message: 'địa chỉ email không hợp lệ' })
      .max(200)
      .nullish()
      .or(z.literal(''))
      .transform((s) => (s ? s : undefined)),
    address: optionalText(300, 'địa chỉ tối đa 300 ký tự'),
  }),
  // A client may send one line ("Nguyễn Văn A, 0901 234 567").
  safeText()
    .trim()
    .max(300, 'thông tin liên hệ tối đa 300 ký tự')
    .transform((text) => ({ text })),
]);
export type TContact = { name?: string; phone?: string; email?: string; address?: string; text?: string };

/** A photo: a data URL ("data:image/jpeg;base64,…") or `{ type?, data (base64) }`. */
export const ZPhotoIn = z.union([
  z.string().max(5_000_000),
  z.object({
    type: z.string().max(100).optional(),
    name: z.string().max(300).optional(),
    data: z.string().max(5_000_000),
  }),
]);

/** POST /api/v1/public/feedback. */
export const ZFeedbackSubmission = z.object({
  id: z.uuid({ message: 'mã phản ánh phải là một UUID' }),
  unit: ZUnitRef,
  category: ZFeedbackCategory,
  content: safeText()
    .trim()
    .min(5, 'nội dung cần ít nhất 5 ký tự')
    .max(FEEDBACK_CONTENT_MAX, `nội dung tối đa ${FEEDBACK_CONTENT_MAX} ký tự`),
  contact: ZContact.nullish(),
  consent: z.boolean({ message: 'đồng ý phải là true hoặc false' }).optional(),
  photos: z.array(ZPhotoIn).max(FEEDBACK_PHOTOS_MAX, `tối đa ${FEEDBACK_PHOTOS_MAX} ảnh`).optional(),
  /** The survey answer this feedback comes from (the thank-you screen's link). */
  responseId: z.uuid().optional(),
  /** Honeypot: a field people never see. */
  website: z.string().max(2000).optional(),
});
export type TFeedbackSubmissionBody = z.input<typeof ZFeedbackSubmission>;

export const ZFeedbackCreated = z.object({
  id: z.string(),
  code: z.string(),
  /** Present when contact details were sent: false when they were dropped for want of consent. */
  contactKept: z.boolean().optional(),
});

const ZUnitName = z.object({ code: z.string(), name: z.string() });

/** GET /api/v1/public/feedback/{code}: what the citizen sees. No contact, no notes, no handler. */
export const ZPublicFeedback = z.object({
  code: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  statusText: ZText,
  unit: ZUnitName,
  category: z.string(),
  categoryText: ZText,
  createdAt: z.string(),
  /** The last local day for an answer (YYYY-MM-DD). */
  deadline: z.string(),
  reply: z.string().optional(),
  repliedAt: z.string().optional(),
});
export type TPublicFeedback = z.infer<typeof ZPublicFeedback>;

/** GET /api/v1/public/units?q=: units by name, for the unit search. */
export const ZPublicUnits = z.object({ units: z.array(ZUnitName.extend({ kind: z.string() })) });
export type TPublicUnits = z.infer<typeof ZPublicUnits>;

/** GET /api/v1/public/feedback-published: "Bạn nói, chúng tôi làm". */
export const ZPublishedFeedback = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      unit: ZUnitName,
      category: z.string(),
      categoryText: ZText,
      issue: z.string(),
      action: z.string(),
      receivedOn: z.string(),
      doneOn: z.string(),
      publishedAt: z.string(),
    }),
  ),
});
export type TPublishedFeedback = z.infer<typeof ZPublishedFeedback>;

// --- Admin shapes

export const ZFeedbackListItem = z.object({
  code: z.string(),
  status: z.enum(FEEDBACK_STATUSES),
  category: z.string(),
  channel: z.enum(FEEDBACK_CHANNELS),
  unit: ZUnitName,
  excerpt: z.string(),
  createdAt: z.string(),
  deadline: z.string(),
  overdue: z.boolean(),
  escalatedTo: ZUnitName.nullable(),
  photos: z.number(),
  published: z.boolean(),
});
export type TFeedbackListItem = z.infer<typeof ZFeedbackListItem>;

export const ZFeedbackList = z.object({
  items: z.array(ZFeedbackListItem),
  total: z.number(),
  counters: z.object({ new: z.number(), open: z.number(), overdue: z.number() }),
});
export type TFeedbackList = z.infer<typeof ZFeedbackList>;

export const ZFeedbackEvent = z.object({
  at: z.string(),
  kind: z.string(),
  actor: z.string().nullable(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  unit: ZUnitName.nullable(),
  text: z.string().nullable(),
});

export const ZFeedbackDetail = ZFeedbackListItem.extend({
  id: z.string(),
  content: z.string(),
  originUnit: ZUnitName,
  reply: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Null when the reader is not a handler of the item (analysts), or after the retention purge. */
  contact: z
    .object({
      name: z.string().optional(),
      phone: z.string().optional(),
      email: z.string().optional(),
      address: z.string().optional(),
      text: z.string().optional(),
    })
    .nullable(),
  contactPurged: z.boolean(),
  canHandle: z.boolean(),
  publishedIssue: z.string().nullable(),
  publishedAction: z.string().nullable(),
  events: z.array(ZFeedbackEvent),
});
export type TFeedbackDetail = z.infer<typeof ZFeedbackDetail>;

/** POST /api/v1/feedback/{code}/actions: one step of handling. */
export const ZFeedbackAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('accept') }),
  z.object({ action: z.literal('start') }),
  z.object({ action: z.literal('close') }),
  z.object({ action: z.literal('note'), text: safeText().trim().min(1, 'cần nội dung ghi chú').max(4000) }),
  z.object({ action: z.literal('reply'), text: safeText().trim().min(5, 'cần nội dung trả lời').max(4000) }),
  z.object({
    action: z.literal('transfer'),
    unit: ZUnitRef,
    text: safeText().trim().max(1000).optional(),
  }),
  z.object({
    action: z.literal('not_competent'),
    text: safeText().trim().min(5, 'cần nêu lý do').max(2000),
  }),
]);
export type TFeedbackAction = z.infer<typeof ZFeedbackAction>;

/** POST /api/v1/feedback: staff enter an item that came by hotline, e-mail, letter or in person. */
export const ZStaffFeedback = z.object({
  unit: ZUnitRef,
  category: ZFeedbackCategory,
  channel: z.enum(['hotline', 'email', 'letter', 'in_person'], { message: 'kênh tiếp nhận không hợp lệ' }),
  content: safeText().trim().min(10, 'nội dung cần ít nhất 10 ký tự').max(FEEDBACK_CONTENT_MAX),
  contact: ZContact.nullish(),
  consent: z.boolean().optional(),
});

export const ZPublishBody = z.object({
  issue: safeText().trim().min(10, 'cần tóm tắt vấn đề').max(1000),
  action: safeText().trim().min(10, 'cần nêu việc đã làm').max(2000),
});

export const ZFeedbackSettings = z.object({
  deadlines: z.record(z.string(), z.number().int().min(1, 'ít nhất 1 ngày').max(60, 'tối đa 60 ngày làm việc')),
  retentionMonths: z.number().int().min(1).max(120),
  calendar: z.array(z.object({ day: z.string(), kind: z.enum(['off', 'working']), name: z.string() })),
});
export type TFeedbackSettings = z.infer<typeof ZFeedbackSettings>;

export const ZFeedbackMetricsRow = z.object({
  unit: ZUnitName,
  received: z.number(),
  answered: z.number(),
  answeredOnTime: z.number(),
  /** Items received in the period that were due: answered, or unanswered past their deadline. */
  due: z.number(),
  /** answeredOnTime / due; null when nothing was due yet. */
  onTimeShare: z.number().nullable(),
  /** Median working days from receipt to answer; null when nothing was answered. */
  medianDays: z.number().nullable(),
  overdueNow: z.number(),
  categories: z.record(z.string(), z.number()),
});
export const ZFeedbackMetrics = z.object({
  from: z.string(),
  to: z.string(),
  total: ZFeedbackMetricsRow.omit({ unit: true }),
  units: z.array(ZFeedbackMetricsRow),
});
export type TFeedbackMetrics = z.infer<typeof ZFeedbackMetrics>;
