import { AGREEMENT_LABELS, LIKERT_LABELS, type BothLanguages } from './answer-text.js';
import { parseNumber, type AnswerValue } from './answers.js';
import type { TQuestion } from './definition.js';

/**
 * The numbers printed beside each answer box on a paper questionnaire, which are also the keys an
 * operator types to enter it (server/paper/pdf.ts prints them, web/admin/features/paper reads them).
 * Likert and agreement: 1–5, 0 = không áp dụng; yes/no: 1 = Có, 2 = Không; single and multiple
 * choice: the options in order (several boxes may be ticked for multiple choice, and the operator types
 * every ticked number). A number is written in a box and typed as it is.
 * No runtime zod: the admin bundle takes it as is.
 */
export interface PaperChoice {
  key: string;
  value: AnswerValue;
  label: BothLanguages;
}

/** The numbered boxes of a question; null for a question written in a box (text, number). */
export function paperChoices(q: TQuestion): PaperChoice[] | null {
  switch (q.type) {
    case 'likert5':
    case 'agreement5': {
      const labels = q.type === 'likert5' ? LIKERT_LABELS : AGREEMENT_LABELS;
      const scale = ([1, 2, 3, 4, 5] as const).map((v) => ({ key: String(v), value: v, label: labels[v] }));
      return q.allowNotApplicable
        ? [...scale, { key: '0', value: 'na', label: { vi: 'Không áp dụng', en: 'Not applicable' } }]
        : scale;
    }
    case 'yes_no':
      return [
        { key: '1', value: true, label: { vi: 'Có', en: 'Yes' } },
        { key: '2', value: false, label: { vi: 'Không', en: 'No' } },
      ];
    case 'single_choice':
    case 'multiple_choice':
      return q.options.map((o, i) => ({
        key: String(i + 1),
        value: o.value,
        label: { vi: o.label.vi, en: o.label.en ?? o.label.vi },
      }));
    default:
      return null;
  }
}

/**
 * What an operator typed for one question → the answer as the API takes it. Boxes: the printed
 * number (multiple choice: every ticked number, "135" or "1 3 5" when there are up to 9 options,
 * separated by spaces or commas beyond that); a number as written; text as typed. Anything not
 * understood is passed on as typed, so the server refuses it with the question's own message.
 */
export function paperAnswer(q: TQuestion, typed: string): unknown {
  const raw = typed.trim();
  if (raw === '') return undefined;
  if (q.type === 'number') return parseNumber(raw);
  const choices = paperChoices(q);
  if (!choices) return raw;
  if (q.type === 'multiple_choice') {
    const keys = choices.length > 9 || /[\s,;]/.test(raw) ? raw.split(/[\s,;]+/).filter(Boolean) : [...raw];
    const picked = keys.map((k) => choices.find((c) => c.key === k)?.value);
    return picked.every((v) => v !== undefined) ? picked : raw;
  }
  return choices.find((c) => c.key === raw)?.value ?? raw;
}
