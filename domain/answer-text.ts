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
/** The agreement scale (question type agreement5), as the phone form shows it. */
export const AGREEMENT_LABELS: Record<1 | 2 | 3 | 4 | 5, BothLanguages> = {
  1: { vi: 'Hoàn toàn không đồng ý', en: 'Strongly disagree' },
  2: { vi: 'Không đồng ý', en: 'Disagree' },
  3: { vi: 'Phân vân', en: 'Undecided' },
  4: { vi: 'Đồng ý', en: 'Agree' },
  5: { vi: 'Hoàn toàn đồng ý', en: 'Strongly agree' },
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
  if ((q?.type === 'likert5' || q?.type === 'agreement5') && typeof value === 'number' && value in LIKERT_LABELS) {
    const label = (q.type === 'likert5' ? LIKERT_LABELS : AGREEMENT_LABELS)[value as 1 | 2 | 3 | 4 | 5];
    return { vi: `${label.vi} (${value}/5)`, en: `${label.en} (${value}/5)` };
  }
  if (q?.type === 'single_choice' || q?.type === 'multiple_choice') {
    const options = q.options;
    const labelOf = (v: unknown): BothLanguages => {
      const option = options.find((o) => o.value === v);
      return option ? { vi: option.label.vi, en: option.label.en ?? option.label.vi } : same(String(v));
    };
    if (Array.isArray(value)) {
      const labels = value.map(labelOf);
      return { vi: labels.map((l) => l.vi).join('; '), en: labels.map((l) => l.en).join('; ') };
    }
    if (options.some((o) => o.value === value)) return labelOf(value);
  }
  if (q?.type === 'number' && typeof value === 'number') {
    const unit = q.unit;
    const vi = value.toLocaleString('vi-VN', { maximumFractionDigits: 6 });
    const en = value.toLocaleString('en-GB', { maximumFractionDigits: 6 });
    return unit ? { vi: `${vi} ${unit.vi}`, en: `${en} ${unit.en ?? unit.vi}` } : { vi, en };
  }
  return same(typeof value === 'string' ? value : JSON.stringify(value));
}
