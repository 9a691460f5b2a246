import type { FieldErrors, Resolver } from 'react-hook-form';
import { buildAnswersSchema, checkAnswers, COMMENT_MAX_LENGTH, type Answers } from '../../domain/answers.js';
import type { TQuestion, TSurveyDefinition } from '../../domain/definition.js';
import type { Lang } from '../shared/i18n.js';
import { formCatalog } from './i18n.js';

/**
 * What the inputs hold: strings, as radio buttons and text areas give them ('1'…'5', 'na', 'yes',
 * 'no', an option value, text). `a` is keyed by question key, apart from the comment and honeypot,
 * so no question key can collide with them.
 */
export interface FormValues {
  a: Record<string, string | null | undefined>;
  comment: string;
  website: string;
}

export const emptyValues = (): FormValues => ({ a: {}, comment: '', website: '' });

/** Input strings → typed answers, as the API takes them. Unanswered questions are left out. */
export function toAnswers(def: TSurveyDefinition, raw: FormValues['a']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of def.questions) {
    const v = raw[q.key];
    if (v === undefined || v === null || v.trim() === '') continue;
    switch (q.type) {
      case 'likert5':
        out[q.key] = v === 'na' ? 'na' : Number(v);
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
  for (const [key, v] of Object.entries(answers)) out[key] = typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
  return out;
}

/** How many questions have an answer (for the progress indicator). */
export function answeredCount(def: TSurveyDefinition, raw: FormValues['a'] | undefined): number {
  return def.questions.filter((q) => {
    const v = raw?.[q.key];
    return typeof v === 'string' && v.trim() !== '';
  }).length;
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
