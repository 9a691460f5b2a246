import { z } from 'zod';
import { ZSchoolLevel } from './contract/units.js';

/**
 * The survey definition schema: the single source of truth for what a survey file in
 * survey-definitions/ may say. Imported by the server (publish, validation of answers)
 * and by the web form (rendering, client-side validation).
 */

const keyPattern = /^[a-z][a-z0-9_]{0,62}$/;
const keyMessage = 'chỉ gồm chữ thường a–z, số và dấu gạch dưới, bắt đầu bằng chữ (vd. "staff_courtesy")';

export const ZLocalizedText = z
  .object({
    vi: z.string().trim().min(1, 'cần nội dung tiếng Việt'),
    en: z.string().trim().min(1).optional(),
  })
  .strict();
export type TLocalizedText = z.infer<typeof ZLocalizedText>;

// Levels are part of the API contract too; a survey may be meant for one of them.
export { SCHOOL_LEVELS, ZSchoolLevel, type TSchoolLevel } from './contract/units.js';

export const SURVEY_KINDS = ['administrative', 'education', 'consultation'] as const;
export const ZSurveyKind = z.enum(SURVEY_KINDS);

export const LIKERT_VALUES = [1, 2, 3, 4, 5] as const;
/** The value stored for "không áp dụng" (not applicable) on a Likert question. */
export const NOT_APPLICABLE = 'na' as const;

const ZQuestionBase = z
  .object({
    key: z.string().regex(keyPattern, keyMessage),
    criterion: z.string().regex(keyPattern, keyMessage),
    required: z.boolean().default(true),
    text: ZLocalizedText,
    help: ZLocalizedText.optional(),
  })
  .strict();

export const ZLikertQuestion = ZQuestionBase.extend({
  type: z.literal('likert5'),
  allowNotApplicable: z.boolean().default(false),
});
export const ZYesNoQuestion = ZQuestionBase.extend({ type: z.literal('yes_no') });
export const ZChoiceOption = z
  .object({
    value: z.string().regex(keyPattern, keyMessage),
    label: ZLocalizedText,
  })
  .strict();
export const ZSingleChoiceQuestion = ZQuestionBase.extend({
  type: z.literal('single_choice'),
  options: z.array(ZChoiceOption).min(2, 'câu hỏi lựa chọn cần ít nhất 2 phương án'),
});
export const ZTextQuestion = ZQuestionBase.extend({
  type: z.literal('text'),
  required: z.boolean().default(false),
  maxLength: z.number().int().min(1).max(5000).default(1000),
});

export const ZQuestion = z.discriminatedUnion('type', [
  ZLikertQuestion,
  ZYesNoQuestion,
  ZSingleChoiceQuestion,
  ZTextQuestion,
]);
export type TQuestion = z.infer<typeof ZQuestion>;
export type TQuestionType = TQuestion['type'];

export const ZCriterion = z
  .object({
    key: z.string().regex(keyPattern, keyMessage),
    title: ZLocalizedText,
  })
  .strict();
export type TCriterion = z.infer<typeof ZCriterion>;

export const ZSurveyDefinition = z
  .object({
    /** Stable identity of the survey across versions, e.g. "tthc-services". */
    slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'slug chỉ gồm chữ thường, số và dấu gạch ngang'),
    /** Surveys of one family (e.g. the per-level parent surveys) can be compared and pooled. */
    family: z
      .string()
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
      .optional(),
    kind: ZSurveyKind,
    /** For education surveys: the school level the questionnaire is written for. */
    level: ZSchoolLevel.optional(),
    title: ZLocalizedText,
    description: ZLocalizedText.optional(),
    audience: ZLocalizedText,
    /** Satisfaction target as a share, e.g. 0.95 for administrative services. */
    target: z.number().gt(0).lte(1),
    /** Answers submitted faster than this are flagged "too fast" (integrity), not rejected. */
    minSecondsToComplete: z.number().int().min(0).max(3600).default(20),
    /** Whether the form offers a free-text comment box at the end. */
    allowComment: z.boolean().default(true),
    criteria: z.array(ZCriterion).min(1, 'cần ít nhất một tiêu chí'),
    questions: z.array(ZQuestion).min(1, 'cần ít nhất một câu hỏi'),
  })
  .strict()
  .superRefine((def, ctx) => {
    const criterionKeys = new Set<string>();
    def.criteria.forEach((c, i) => {
      if (criterionKeys.has(c.key)) {
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'key'], message: `tiêu chí "${c.key}" bị trùng` });
      }
      criterionKeys.add(c.key);
    });
    const questionKeys = new Set<string>();
    def.questions.forEach((q, i) => {
      if (questionKeys.has(q.key)) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'key'], message: `mã câu hỏi "${q.key}" bị trùng` });
      }
      questionKeys.add(q.key);
      if (!criterionKeys.has(q.criterion)) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'criterion'],
          message: `tiêu chí "${q.criterion}" không có trong danh sách criteria`,
        });
      }
      if (q.type === 'single_choice') {
        const values = new Set<string>();
        q.options.forEach((o, j) => {
          if (values.has(o.value)) {
            ctx.addIssue({
              code: 'custom',
              path: ['questions', i, 'options', j, 'value'],
              message: `phương án "${o.value}" bị trùng`,
            });
          }
          values.add(o.value);
        });
      }
    });
    if (def.kind === 'education' && !def.level) {
      ctx.addIssue({ code: 'custom', path: ['level'], message: 'khảo sát giáo dục cần cấp học (level)' });
    }
    if (!def.questions.some((q) => q.type === 'likert5')) {
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'cần ít nhất một câu hỏi thang 5 mức (likert5)' });
    }
  });

export type TSurveyDefinition = z.infer<typeof ZSurveyDefinition>;
export type TSurveyDefinitionInput = z.input<typeof ZSurveyDefinition>;

/**
 * What a question key means for analytics. Two versions that give a key different
 * signatures would make pooled rates meaningless, so publishing refuses that.
 */
export function questionSignature(q: TQuestion): string {
  switch (q.type) {
    case 'likert5':
      return 'likert5';
    case 'yes_no':
      return 'yes_no';
    case 'text':
      return 'text';
    case 'single_choice':
      return `single_choice:${q.options
        .map((o) => o.value)
        .sort()
        .join(',')}`;
  }
}

export interface BreakingChange {
  key: string;
  before: string;
  after: string;
  /** A sentence a person understands, in Vietnamese. */
  message: string;
}

const typeNames: Record<TQuestionType, string> = {
  likert5: 'thang 5 mức',
  yes_no: 'có/không',
  single_choice: 'chọn một',
  text: 'trả lời tự do',
};

/** Keys kept from an earlier version whose type or scale changed. */
export function findBreakingChanges(previous: TSurveyDefinition[], next: TSurveyDefinition): BreakingChange[] {
  const known = new Map<string, { signature: string; question: TQuestion }>();
  for (const def of previous) {
    for (const q of def.questions) known.set(q.key, { signature: questionSignature(q), question: q });
  }
  const changes: BreakingChange[] = [];
  for (const q of next.questions) {
    const before = known.get(q.key);
    if (!before) continue;
    const after = questionSignature(q);
    if (before.signature === after) continue;
    const message =
      before.question.type !== q.type
        ? `câu hỏi "${q.key}" đổi loại từ ${typeNames[before.question.type]} sang ${typeNames[q.type]}; hãy dùng mã câu hỏi mới`
        : `câu hỏi "${q.key}" đổi thang/phương án trả lời (${before.signature} → ${after}); hãy dùng mã câu hỏi mới`;
    changes.push({ key: q.key, before: before.signature, after, message });
  }
  return changes;
}

/** Format zod issues as "path: message" lines (path like questions[3].key). */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');
}
