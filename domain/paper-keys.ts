import { LIKERT_LABELS, type BothLanguages } from './answer-text.js';
import type { AnswerValue } from './answers.js';
import type { TQuestion } from './definition.js';

/**
 * The numbers printed beside each answer box on a paper questionnaire, which are also the keys an
 * operator types to enter it (server/paper/pdf.ts prints them, web/admin/features/paper reads them).
 * Likert: 1–5, 0 = không áp dụng; yes/no: 1 = Có, 2 = Không; single choice: the options in order.
 * No runtime zod: the admin bundle takes it as is.
 */
export interface PaperChoice {
  key: string;
  value: AnswerValue;
  label: BothLanguages;
}

/** The numbered boxes of a question; null for a question answered in words (a text box). */
export function paperChoices(q: TQuestion): PaperChoice[] | null {
  switch (q.type) {
    case 'likert5': {
      const scale = ([1, 2, 3, 4, 5] as const).map((v) => ({ key: String(v), value: v, label: LIKERT_LABELS[v] }));
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
      return q.options.map((o, i) => ({
        key: String(i + 1),
        value: o.value,
        label: { vi: o.label.vi, en: o.label.en ?? o.label.vi },
      }));
    default:
      return null;
  }
}
