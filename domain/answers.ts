// Plain checks, no zod: this module ships in the phone form, which must stay under 100 KB gzipped,
// and even zod/mini cost it ~7 KB. Only types come from definition.ts, which builds classic zod
// schemas at import time.
import type { NOT_APPLICABLE, TQuestion, TSurveyDefinition } from './definition.js';

/**
 * The validator of the answers to one definition version. The phone form and the server both
 * derive it from the same definition, so they accept and refuse exactly the same input.
 * Unknown keys are refused; an optional question may be left out (never sent as null).
 */
export type AnswerValue = number | boolean | string | string[];
export type Answers = Record<string, AnswerValue>;

const NA: typeof NOT_APPLICABLE = 'na';
export const REQUIRED_MESSAGE = 'Vui lòng trả lời câu hỏi này';
const UNKNOWN_KEY_MESSAGE = 'Câu hỏi không có trong phiếu này';

/** A number as a Vietnamese reader writes it (1.000; 2,5). */
const vn = (n: number) => n.toLocaleString('vi-VN', { maximumFractionDigits: 6 });

/** The accepted value (normalised, e.g. trimmed text) or the message saying what is wrong. */
export type AnswerCheck = { ok: true; value: AnswerValue | undefined } | { ok: false; message: string };

const fail = (message: string): AnswerCheck => ({ ok: false, message });
const pass = (value: AnswerValue | undefined): AnswerCheck => ({ ok: true, value });

function checkScale(q: { allowNotApplicable: boolean }, value: unknown): AnswerCheck {
  if (q.allowNotApplicable && value === NA) return pass(NA);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5) return pass(value);
  return fail(q.allowNotApplicable ? 'Chọn một mức từ 1 đến 5 hoặc “Không áp dụng”' : 'Chọn một mức từ 1 đến 5');
}

/** The range a number question accepts, in words. */
export function numberRangeText(q: { min?: number | undefined; max?: number | undefined }): string | undefined {
  if (q.min !== undefined && q.max !== undefined) return `từ ${vn(q.min)} đến ${vn(q.max)}`;
  if (q.min !== undefined) return `từ ${vn(q.min)} trở lên`;
  if (q.max !== undefined) return `không quá ${vn(q.max)}`;
  return undefined;
}

function checkNumber(q: Extract<TQuestion, { type: 'number' }>, value: unknown): AnswerCheck {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('Nhập một số');
  if (q.integer && !Number.isInteger(value)) return fail('Nhập một số nguyên (không có phần thập phân)');
  if ((q.min !== undefined && value < q.min) || (q.max !== undefined && value > q.max)) {
    return fail(`Nhập một số ${numberRangeText(q)}`);
  }
  return pass(value);
}

function checkMultiple(q: Extract<TQuestion, { type: 'multiple_choice' }>, value: unknown): AnswerCheck {
  const message = 'Chọn các phương án trong danh sách';
  if (!Array.isArray(value)) return fail(message);
  const known = new Set(q.options.map((o) => o.value));
  const seen = new Set<string>();
  for (const v of value as unknown[]) {
    if (typeof v !== 'string' || !known.has(v) || seen.has(v)) return fail(message);
    seen.add(v);
  }
  // An optional question left with nothing ticked is not answered.
  if (seen.size === 0) return q.required ? fail(REQUIRED_MESSAGE) : pass(undefined);
  const max = q.maxSelections ?? q.options.length;
  if (seen.size < q.minSelections) return fail(`Chọn ít nhất ${q.minSelections} phương án`);
  if (seen.size > max) return fail(`Chọn tối đa ${max} phương án`);
  // In the definition's order, so equal choices are stored alike.
  return pass(q.options.map((o) => o.value).filter((v) => seen.has(v)));
}

/** Check one answer against its question; `undefined` means the question was left out. */
export function checkAnswer(q: TQuestion, value: unknown): AnswerCheck {
  if (value === undefined) return q.required ? fail(REQUIRED_MESSAGE) : pass(undefined);
  switch (q.type) {
    case 'likert5':
    case 'agreement5':
      return checkScale(q, value);
    case 'yes_no':
      return typeof value === 'boolean' ? pass(value) : fail('Chọn Có hoặc Không');
    case 'single_choice':
      return typeof value === 'string' && q.options.some((o) => o.value === value)
        ? pass(value)
        : fail('Chọn một phương án trong danh sách');
    case 'multiple_choice':
      return checkMultiple(q, value);
    case 'number':
      return checkNumber(q, value);
    case 'text': {
      if (typeof value !== 'string') return fail('Câu trả lời phải là văn bản');
      const text = value.trim();
      if (text.length > q.maxLength) return fail(`Tối đa ${q.maxLength} ký tự`);
      if (text.length === 0) return q.required ? fail(REQUIRED_MESSAGE) : pass(undefined);
      return pass(text);
    }
  }
}

/** Kept under its old name: callers build it once per definition version and reuse it. */
export function buildAnswersSchema(def: TSurveyDefinition) {
  return { questions: new Map(def.questions.map((q) => [q.key, q])) };
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
 * questions (unknown keys last). Unanswered optional questions (empty text, nothing ticked) are
 * dropped from the result.
 */
export function checkAnswers(schema: AnswersSchema, def: TSurveyDefinition, input: unknown): AnswersCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: [{ key: '', message: 'Câu trả lời phải là một đối tượng {mã câu hỏi: giá trị}' }] };
  }
  const record = input as Record<string, unknown>;
  const problems: AnswerProblem[] = [];
  const answers: Answers = {};
  for (const q of def.questions) {
    // Own properties only: a key like "__proto__" or "constructor" is never read through the prototype.
    const value = Object.prototype.hasOwnProperty.call(record, q.key) ? record[q.key] : undefined;
    const checked = checkAnswer(q, value);
    if (!checked.ok) problems.push({ key: q.key, message: checked.message });
    else if (checked.value !== undefined) answers[q.key] = checked.value;
  }
  for (const key of Object.keys(record)) {
    if (!schema.questions.has(key)) problems.push({ key, message: UNKNOWN_KEY_MESSAGE });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, answers };
}

/**
 * A number as typed on a phone or from a paper sheet: "12", "2,5" or "2.5" (Vietnamese writes a decimal comma; a lone
 * group of three after a dot, as in "1.000", is a thousands separator). Anything else is passed on
 * as text, so the shared validator says "Nhập một số" rather than the form guessing.
 */
export function parseNumber(typed: string): number | string {
  const s = typed.trim().replace(/\s/g, '');
  if (/^-?\d{1,3}(\.\d{3})+$/.test(s)) return Number(s.replace(/\./g, ''));
  const normal = s.replace(',', '.');
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(normal) ? Number(normal) : typed;
}

export const COMMENT_MAX_LENGTH = 2000;
