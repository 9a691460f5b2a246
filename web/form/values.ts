import type { FieldErrors, Resolver } from 'react-hook-form';
import {
  buildAnswersSchema,
  checkAnswers,
  COMMENT_MAX_LENGTH,
  parseNumber,
  type Answers,
} from '../../domain/answers.js';
import type { TQuestion, TSurveyDefinition } from '../../domain/definition.js';
import type { Lang } from '../shared/i18n.js';
import { formCatalog } from './i18n.js';

/**
 * What the inputs hold: strings, as radio buttons, number boxes and text areas give them ('1'…'5',
 * 'na', 'yes', 'no', an option value, '12,5', text), and a list of option values for a group of
 * checkboxes. `a` is keyed by question key, apart from the comment and honeypot, so no question key
 * can collide with them.
 */
export type InputValue = string | string[] | boolean | null | undefined;
export interface FormValues {
  a: Record<string, InputValue>;
  comment: string;
  website: string;
}

export const emptyValues = (): FormValues => ({ a: {}, comment: '', website: '' });

/** Input strings → typed answers, as the API takes them. Unanswered questions are left out. */
export function toAnswers(def: TSurveyDefinition, raw: FormValues['a']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of def.questions) {
    const input = raw[q.key];
    if (q.type === 'multiple_choice') {
      // A checkbox group gives a list; nothing ticked is not answered.
      const ticked = Array.isArray(input) ? input : typeof input === 'string' && input ? [input] : [];
      if (ticked.length > 0) out[q.key] = ticked;
      continue;
    }
    const v = Array.isArray(input) ? input[0] : input;
    if (typeof v !== 'string' || v.trim() === '') continue;
    switch (q.type) {
      case 'likert5':
      case 'agreement5':
        out[q.key] = v === 'na' ? 'na' : Number(v);
        break;
      case 'number':
        out[q.key] = parseNumber(v);
        break;
      case 'yes_no':
        out[q.key] = v === 'yes' ? true : v === 'no' ? false : v;
        break;
      default:
        out[q.key] = v;
    }
  }
  return out;
}

/** Typed answers → input strings (to restore a form, e.g. after a reload). */
export function fromAnswers(answers: Answers): FormValues['a'] {
  const out: FormValues['a'] = {};
  for (const [key, v] of Object.entries(answers)) {
    out[key] = Array.isArray(v) ? v.map(String) : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  }
  return out;
}

/** "từ 0 đến 20" / "from 0 to 20": the range a number question accepts, in the page's language. */
export function rangeText(q: { min?: number | undefined; max?: number | undefined }, lang: Lang): string {
  const t = formCatalog[lang];
  const n = (x: number) => x.toLocaleString(lang === 'en' ? 'en-GB' : 'vi-VN', { maximumFractionDigits: 6 });
  if (q.min !== undefined && q.max !== undefined)
    return t.rangeBoth.replace('{min}', n(q.min)).replace('{max}', n(q.max));
  if (q.min !== undefined) return t.rangeMin.replace('{min}', n(q.min));
  if (q.max !== undefined) return t.rangeMax.replace('{max}', n(q.max));
  return '';
}

const isAnswered = (v: InputValue) => (Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v.trim() !== '');

/** How many questions have an answer (for the progress indicator). */
export function answeredCount(def: TSurveyDefinition, raw: FormValues['a'] | undefined): number {
  return def.questions.filter((q) => isAnswered(raw?.[q.key])).length;
}

/**
 * The server's messages are Vietnamese; in English, say the same thing from the catalog. The
 * rule itself always comes from the domain schema.
 */
function messageFor(q: TQuestion | undefined, value: unknown, domainMessage: string, lang: Lang): string {
  if (lang === 'vi' || !q) return domainMessage;
  const en = formCatalog.en;
  if (value === undefined) return en.required;
  if (q.type === 'text') {
    return typeof value === 'string' && value.trim().length > q.maxLength
      ? en.tooLong.replace('{n}', String(q.maxLength))
      : en.required;
  }
  if (q.type === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return en.invalidNumber;
    if (q.integer && !Number.isInteger(value)) return en.wholeNumber;
    return `${en.invalidNumber} ${rangeText(q, 'en')}`;
  }
  if (q.type === 'multiple_choice') {
    const max = q.maxSelections ?? q.options.length;
    return en.chooseBetween.replace('{min}', String(q.minSelections)).replace('{max}', String(max));
  }
  return en.invalidChoice;
}

/**
 * A react-hook-form resolver over the same schema the server uses (domain/answers.ts), so the
 * phone refuses exactly what the server would refuse, with the message next to the question.
 */
export function answersResolver(def: TSurveyDefinition, lang: Lang): Resolver<FormValues> {
  const schema = buildAnswersSchema(def);
  const byKey = new Map(def.questions.map((q) => [q.key, q]));
  return async (values) => {
    const answers = toAnswers(def, values.a);
    const checked = checkAnswers(schema, def, answers);
    const errors: Record<string, unknown> = {};
    if (!checked.ok) {
      const a: Record<string, { type: string; message: string }> = {};
      for (const p of checked.problems) {
        a[p.key] = { type: 'validate', message: messageFor(byKey.get(p.key), answers[p.key], p.message, lang) };
      }
      errors.a = a;
    }
    if (values.comment.trim().length > COMMENT_MAX_LENGTH) {
      const t = lang === 'en' ? formCatalog.en.tooLong : formCatalog.vi.tooLong;
      errors.comment = { type: 'maxLength', message: t.replace('{n}', String(COMMENT_MAX_LENGTH)) };
    }
    if (Object.keys(errors).length > 0) return { values: {}, errors: errors as FieldErrors<FormValues> };
    return { values, errors: {} };
  };
}
