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

/**
 * A 5-point agreement scale (hoàn toàn không đồng ý … hoàn toàn đồng ý) for consultations. Scored
 * like likert5: the share of 4–5 is the share who agree.
 */
export const ZAgreementQuestion = ZQuestionBase.extend({
  type: z.literal('agreement5'),
  allowNotApplicable: z.boolean().default(false),
});
/** Several options may be ticked; descriptive only (counts per option), never in a satisfaction rate. */
export const ZMultipleChoiceQuestion = ZQuestionBase.extend({
  type: z.literal('multiple_choice'),
  options: z.array(ZChoiceOption).min(2, 'câu hỏi lựa chọn cần ít nhất 2 phương án').max(50, 'tối đa 50 phương án'),
  /** Fewest ticks accepted when answered (a required question needs at least this many). */
  minSelections: z.number().int().min(1, 'số lựa chọn tối thiểu phải từ 1 trở lên').default(1),
  /** Most ticks accepted; all the options when left out. */
  maxSelections: z.number().int().min(1, 'số lựa chọn tối đa phải từ 1 trở lên').optional(),
});
/** A count or an amount (years, children, thousand đồng); descriptive only (distribution, median). */
export const ZNumberQuestion = ZQuestionBase.extend({
  type: z.literal('number'),
  /** Whole numbers only (the default), or decimals. */
  integer: z.boolean().default(true),
  min: z.number().finite().optional(),
  max: z.number().finite().optional(),
  /** The unit shown beside the box, e.g. "năm" / "years". */
  unit: ZLocalizedText.optional(),
});

export const ZQuestion = z.discriminatedUnion('type', [
  ZLikertQuestion,
  ZYesNoQuestion,
  ZSingleChoiceQuestion,
  ZTextQuestion,
  ZAgreementQuestion,
  ZMultipleChoiceQuestion,
  ZNumberQuestion,
]);
export type TQuestion = z.infer<typeof ZQuestion>;
export type TQuestionType = TQuestion['type'];

/** Types whose answers are 1–5 (or "na") and count in satisfaction rates as the share of 4–5. */
export const SCALE_TYPES = ['likert5', 'agreement5'] as const;
export type TScaleQuestion = Extract<TQuestion, { type: (typeof SCALE_TYPES)[number] }>;
export function isScaleQuestion(q: { type: string }): boolean {
  return q.type === 'likert5' || q.type === 'agreement5';
}

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
      if (q.type === 'multiple_choice') {
        const max = q.maxSelections ?? q.options.length;
        if (max > q.options.length) {
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'maxSelections'],
            message: `số lựa chọn tối đa (${max}) lớn hơn số phương án (${q.options.length})`,
          });
        }
        if (q.minSelections > max) {
          ctx.addIssue({
            code: 'custom',
            path: ['questions', i, 'minSelections'],
            message: `số lựa chọn tối thiểu (${q.minSelections}) lớn hơn số lựa chọn tối đa (${max})`,
          });
        }
      }
      if (q.type === 'number' && q.min !== undefined && q.max !== undefined && q.min > q.max) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'min'],
          message: `giá trị nhỏ nhất (${q.min}) lớn hơn giá trị lớn nhất (${q.max})`,
        });
      }
      if (q.type === 'number' && q.integer && [q.min, q.max].some((b) => b !== undefined && !Number.isInteger(b))) {
        ctx.addIssue({
          code: 'custom',
          path: ['questions', i, 'integer'],
          message: 'câu hỏi số nguyên cần giới hạn là số nguyên',
        });
      }
      if (q.type === 'single_choice' || q.type === 'multiple_choice') {
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
    if (!def.questions.some(isScaleQuestion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions'],
        message: 'cần ít nhất một câu hỏi thang 5 mức (likert5 hoặc agreement5)',
      });
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
    case 'agreement5':
      return 'agreement5';
    case 'number':
      return 'number';
    case 'multiple_choice':
      return `multiple_choice:${q.options
        .map((o) => o.value)
        .sort()
        .join(',')}`;
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

/** The Vietnamese name of each question type, as messages and the form builder say it. */
export const QUESTION_TYPE_NAMES: Record<TQuestionType, string> = {
  likert5: 'thang 5 mức',
  yes_no: 'có/không',
  single_choice: 'chọn một',
  text: 'trả lời tự do',
  agreement5: 'thang đồng ý 5 mức',
  multiple_choice: 'chọn nhiều',
  number: 'số',
};
const typeNames = QUESTION_TYPE_NAMES;

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
