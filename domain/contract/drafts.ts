import { z } from 'zod';
import { ZQuestion } from '../definition.js';

/**
 * Survey drafts (#12.8): the builder's API. A draft is work in progress, so a save accepts an
 * incomplete definition as long as it has the definition's shape (strings where text goes, lists where
 * lists go, known question types) and bounded sizes; the full check (ZSurveyDefinition) runs on every
 * save and is answered as `problems`, and publishing refuses any draft that still has one.
 */

/** The question types the definition schema knows today, read from its discriminated union. */
export const QUESTION_TYPES = ZQuestion.options.map((o) => o.shape.type.value) as [
  TQuestionTypeName,
  ...TQuestionTypeName[],
];
type TQuestionTypeName = z.infer<typeof ZQuestion>['type'];

const str = (max: number) => z.string({ error: 'cần là một đoạn chữ' }).max(max, `tối đa ${max} ký tự`);
const ZDraftText = z
  .object({ vi: str(2000), en: str(2000).optional() }, { error: 'cần nội dung tiếng Việt (vi) và tiếng Anh (en)' })
  .strict();
const ZDraftOption = z.object({ value: str(63), label: ZDraftText }).strict();
const ZDraftQuestion = z
  .object({
    type: z.enum(QUESTION_TYPES, { error: 'loại câu hỏi không được hỗ trợ' }),
    key: str(63),
    criterion: str(63),
    text: ZDraftText,
    help: ZDraftText.optional(),
    required: z.boolean({ error: 'cần đúng hoặc sai' }).optional(),
    options: z.array(ZDraftOption).max(50, 'tối đa 50 phương án').optional(),
  })
  // Type-specific settings (scale, N/A, bounds…) of whatever types the schema has; checked in full later.
  .catchall(z.unknown());
export const ZDraftDefinition = z
  .object(
    {
      slug: str(100).optional(),
      title: ZDraftText.optional(),
      criteria: z
        .array(z.object({ key: str(63), title: ZDraftText }).strict(), { error: 'cần một danh sách tiêu chí' })
        .max(100, 'tối đa 100 tiêu chí'),
      questions: z.array(ZDraftQuestion, { error: 'cần một danh sách câu hỏi' }).max(300, 'tối đa 300 câu hỏi'),
    },
    { error: 'định nghĩa phải là một đối tượng JSON' },
  )
  .catchall(z.unknown());
export type TDraftDefinition = z.infer<typeof ZDraftDefinition>;

export const ZDraftProblem = z.object({ path: z.string(), message: z.string() });
export type TDraftProblem = z.infer<typeof ZDraftProblem>;

export const ZDraftSummary = z.object({
  id: z.number(),
  slug: z.string(),
  title: z.string(),
  version: z.number(),
  authorLabel: z.string(),
  updatedAt: z.string(),
  baseSlug: z.string().nullable(),
  baseVersion: z.number().nullable(),
  publishedVersion: z.number().nullable(),
  publishedAt: z.string().nullable(),
});
export type TDraftSummary = z.infer<typeof ZDraftSummary>;
export const ZDraftList = z.object({ drafts: z.array(ZDraftSummary) });

/** One draft: its definition as saved and what still keeps it from being published. */
export const ZDraft = ZDraftSummary.extend({
  definition: z.record(z.string(), z.unknown()),
  problems: z.array(ZDraftProblem),
});
export type TDraft = z.infer<typeof ZDraft>;

/** POST /api/v1/drafts: empty, or from the latest published version of a survey. */
export const ZDraftCreate = z
  .object({ from: z.string().trim().min(1, 'chọn một khảo sát').max(100).optional() })
  .strict();
/** PUT /api/v1/drafts/{id}: the version the editor started from, and the new content. */
export const ZDraftSave = z.object({
  version: z.number({ error: 'thiếu số phiên bản bản nháp' }).int().positive(),
  definition: ZDraftDefinition,
});
/** POST /api/v1/drafts/{id}/publish */
export const ZDraftPublish = z.object({
  version: z.number({ error: 'thiếu số phiên bản bản nháp' }).int().positive(),
  /** Needed when the changes break comparability with earlier periods (listed by the review). */
  confirmBreaking: z.boolean().default(false),
});

export const ZChangeNote = z.object({
  kind: z.string(),
  key: z.string().nullable(),
  vi: z.string(),
  en: z.string(),
  /** Earlier periods' figures are no longer comparable: publishing needs an explicit confirmation. */
  breaksComparability: z.boolean(),
});
export type TChangeNote = z.infer<typeof ZChangeNote>;

/** GET /api/v1/drafts/{id}/review: what publishing would do, in words. */
export const ZDraftReview = z.object({
  status: z.enum(['invalid', 'refused', 'new_survey', 'new_version', 'unchanged']),
  slug: z.string().nullable(),
  currentVersion: z.number().nullable(),
  problems: z.array(ZDraftProblem),
  /** Kept question keys whose meaning changed: publishing is refused whatever is confirmed. */
  refusals: z.array(ZDraftProblem),
  changes: z.array(ZChangeNote),
  needsConfirmation: z.boolean(),
});
export type TDraftReview = z.infer<typeof ZDraftReview>;

export const ZDraftPublished = z.object({
  outcome: z.object({ slug: z.string(), status: z.enum(['published', 'unchanged']), number: z.number() }),
  draft: ZDraftSummary,
});
