// zod/mini, not classic zod: this module ships in the phone form, and classic zod would add ~27 KB
// gzipped to a page that must stay under 100 KB. Only types come from definition.ts, which builds
// classic schemas at import time.
import * as z from 'zod/mini';
import type { NOT_APPLICABLE, TQuestion, TSurveyDefinition } from './definition.js';

/**
 * The zod schema for the answers to one definition version. The phone form and the server
 * both derive it from the same definition, so they accept and refuse exactly the same input.
 * Unknown keys are refused; an optional question may be left out (never sent as null).
 */
export type AnswerValue = number | boolean | string;
export type Answers = Record<string, AnswerValue>;

const NA: typeof NOT_APPLICABLE = 'na';
const REQUIRED_MESSAGE = 'Vui lòng trả lời câu hỏi này';
const UNKNOWN_KEY_MESSAGE = 'Câu hỏi không có trong phiếu này';

/** A required answer left out reads "please answer", anything else the question's own message. */
const says = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? REQUIRED_MESSAGE : message),
});

export function answerSchemaFor(q: TQuestion): z.ZodMiniType<AnswerValue> {
  switch (q.type) {
    case 'likert5': {
      const message = q.allowNotApplicable ? 'Chọn một mức từ 1 đến 5 hoặc “Không áp dụng”' : 'Chọn một mức từ 1 đến 5';
      const score = z.int(says(message)).check(z.minimum(1, message), z.maximum(5, message));
      return q.allowNotApplicable ? z.union([score, z.literal(NA)], says(message)) : score;
    }
    case 'yes_no':
      return z.boolean(says('Chọn Có hoặc Không'));
    case 'single_choice':
      return z.enum(q.options.map((o) => o.value) as [string, ...string[]], says('Chọn một phương án trong danh sách'));
    case 'text':
      return z.string(says('Câu trả lời phải là văn bản')).check(
        z.trim(),
        z.maxLength(q.maxLength, `Tối đa ${q.maxLength} ký tự`),
        z.refine((s: string) => !q.required || s.length > 0, REQUIRED_MESSAGE),
      );
  }
}

export function buildAnswersSchema(def: TSurveyDefinition) {
  const shape: Record<string, z.ZodMiniType<AnswerValue | undefined>> = {};
  for (const q of def.questions) {
    const schema = answerSchemaFor(q);
    shape[q.key] = q.required ? schema : z.optional(schema);
  }
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? UNKNOWN_KEY_MESSAGE : undefined),
  });
}

export type AnswersSchema = ReturnType<typeof buildAnswersSchema>;

export interface AnswerProblem {
  /** The question key the problem is about (an unknown key is reported under its own name). */
  key: string;
  message: string;
}

export type AnswersCheck = { ok: true; answers: Answers } | { ok: false; problems: AnswerProblem[] };

/**
 * Validate answers and report problems per question key, one per key, in the order of the
 * questions (unknown keys last). Empty optional text answers are dropped from the result.
 */
export function checkAnswers(schema: AnswersSchema, def: TSurveyDefinition, input: unknown): AnswersCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ key: '', message: 'Câu trả lời phải là một đối tượng {mã câu hỏi: giá trị}' }] };
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) {
    const answers: Answers = {};
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined && value !== '') answers[key] = value;
    }
    return { ok: true, answers };
  }
  const byKey = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) if (!byKey.has(key)) byKey.set(key, issue.message);
    } else {
      const key = String(issue.path[0] ?? '');
      if (!byKey.has(key)) byKey.set(key, issue.message);
    }
  }
  const order = new Map(def.questions.map((q, i) => [q.key, i]));
  const problems = [...byKey].map(([key, message]) => ({ key, message }));
  problems.sort((a, b) => (order.get(a.key) ?? Infinity) - (order.get(b.key) ?? Infinity));
  return { ok: false, problems };
}

export const COMMENT_MAX_LENGTH = 2000;
