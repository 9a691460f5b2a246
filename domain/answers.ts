import { z } from 'zod';
import { NOT_APPLICABLE, type TQuestion, type TSurveyDefinition } from './definition.js';

/**
 * The zod schema for the answers to one definition version. The phone form and the server
 * both derive it from the same definition, so they accept and refuse exactly the same input.
 * Unknown keys are refused; an optional question may be left out (never sent as null).
 */
export type AnswerValue = number | boolean | string;
export type Answers = Record<string, AnswerValue>;

export function answerSchemaFor(q: TQuestion): z.ZodType<AnswerValue> {
  const requiredMsg = 'Vui lòng trả lời câu hỏi này';
  switch (q.type) {
    case 'likert5': {
      const score = z
        .number({ message: 'Chọn một mức từ 1 đến 5' })
        .int('Chọn một mức từ 1 đến 5')
        .min(1, 'Chọn một mức từ 1 đến 5')
        .max(5, 'Chọn một mức từ 1 đến 5');
      return q.allowNotApplicable ? z.union([score, z.literal(NOT_APPLICABLE)], { message: requiredMsg }) : score;
    }
    case 'yes_no':
      return z.boolean({ message: 'Chọn Có hoặc Không' });
    case 'single_choice':
      return z.enum(q.options.map((o) => o.value) as [string, ...string[]], {
        message: 'Chọn một phương án trong danh sách',
      });
    case 'text':
      return z
        .string({ message: 'Câu trả lời phải là văn bản' })
        .trim()
        .max(q.maxLength, `Tối đa ${q.maxLength} ký tự`)
        .refine((s) => !q.required || s.length > 0, requiredMsg);
  }
}

export function buildAnswersSchema(def: TSurveyDefinition) {
  const shape: Record<string, z.ZodType<AnswerValue | undefined>> = {};
  for (const q of def.questions) {
    const schema = answerSchemaFor(q);
    shape[q.key] = q.required ? schema : schema.optional();
  }
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? 'Câu hỏi không có trong phiếu này' : undefined),
  });
}

export const COMMENT_MAX_LENGTH = 2000;
