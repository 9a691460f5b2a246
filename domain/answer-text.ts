import type { TQuestion } from './definition.js';

/**
 * An answer in the words the person answering saw on the phone form (web/form/i18n.ts shows the
 * same scale), so a reviewer reads "Hài lòng", not "4". No runtime imports: any bundle may take it.
 */
export interface BothLanguages {
  vi: string;
  en: string;
}

export const LIKERT_LABELS: Record<1 | 2 | 3 | 4 | 5, BothLanguages> = {
  1: { vi: 'Rất không hài lòng', en: 'Very dissatisfied' },
  2: { vi: 'Không hài lòng', en: 'Dissatisfied' },
  3: { vi: 'Bình thường', en: 'Neutral' },
  4: { vi: 'Hài lòng', en: 'Satisfied' },
  5: { vi: 'Rất hài lòng', en: 'Very satisfied' },
};
const NOT_APPLICABLE: BothLanguages = { vi: 'Không áp dụng', en: 'Not applicable' };
const YES: BothLanguages = { vi: 'Có', en: 'Yes' };
const NO: BothLanguages = { vi: 'Không', en: 'No' };

const same = (text: string): BothLanguages => ({ vi: text, en: text });

/** The label of one answer to one question; the raw value only for a value the question does not know. */
export function answerText(q: TQuestion | undefined, value: unknown): BothLanguages {
  if (value === 'na') return NOT_APPLICABLE;
  if (value === true) return YES;
  if (value === false) return NO;
  if (q?.type === 'likert5' && typeof value === 'number' && value in LIKERT_LABELS) {
    const label = LIKERT_LABELS[value as 1 | 2 | 3 | 4 | 5];
    return { vi: `${label.vi} (${value}/5)`, en: `${label.en} (${value}/5)` };
  }
  if (q?.type === 'single_choice') {
    const option = q.options.find((o) => o.value === value);
    if (option) return { vi: option.label.vi, en: option.label.en ?? option.label.vi };
  }
  return same(typeof value === 'string' ? value : JSON.stringify(value));
}
