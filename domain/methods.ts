import { z } from 'zod';
import type { TLocalizedText } from './definition.js';

/**
 * The named scoring methods. Every published figure says which one it uses; the list is part of the
 * API contract (a method's key, label and description travel with each figure).
 */
export interface ScoringMethodInfo {
  key: string;
  label: TLocalizedText & { en: string };
  description: TLocalizedText & { en: string };
  /** Whether the result is a share that can be judged against a target (met / below / uncertain). */
  comparesToTarget: boolean;
  isDefault: boolean;
  /** The text that defines the method, as a citation. */
  source: TLocalizedText & { en: string };
}

/**
 * The national methods the headline follows. What could be verified (docs/analytics.md): the
 * decisions, their dates, the five SIPAS criteria and the education questionnaires' content groups;
 * the exact averaging formula was not found in a primary text, hence the note.
 */
const OFFICIAL_SOURCE = {
  vi:
    'Bộ Nội vụ: Quyết định 2640/QĐ-BNV ngày 10/10/2017 và 1001/QĐ-BNV ngày 11/12/2023 (phương pháp đo lường SIPAS, 5 yếu tố); ' +
    'Bộ GD&ĐT: Quyết định 2329/QĐ-BGDĐT ngày 11/7/2017, 3476/QĐ-BGDĐT ngày 04/10/2019 và 2034/QĐ-BGDĐT ngày 13/7/2023 ' +
    '(đo lường sự hài lòng về dịch vụ giáo dục công). Chỉ số chung là trung bình cộng chỉ số các tiêu chí; ' +
    'công thức này chưa được đối chiếu với nguyên văn phụ lục phương pháp.',
  en:
    'Ministry of Home Affairs: Decisions 2640/QĐ-BNV (10/10/2017) and 1001/QĐ-BNV (11/12/2023) (the SIPAS method, five criteria); ' +
    'Ministry of Education and Training: Decisions 2329/QĐ-BGDĐT (11/7/2017), 3476/QĐ-BGDĐT (04/10/2019) and 2034/QĐ-BGDĐT (13/7/2023) ' +
    '(satisfaction with public education). The overall index is the mean of the criterion indices; ' +
    'this formula has not been checked against the verbatim method annex.',
};

/**
 * The named scoring methods. Every published figure says which one it uses; `criteria_mean`, the
 * official index, is the headline; the others are labelled alternatives.
 */
export const SCORING_METHODS = [
  {
    key: 'criteria_mean',
    label: {
      vi: 'Chỉ số hài lòng (trung bình các tiêu chí)',
      en: 'Satisfaction index (mean of the criteria)',
    },
    description: {
      vi: 'Chỉ số của mỗi tiêu chí là tỷ lệ câu trả lời "hài lòng" hoặc "rất hài lòng" trên số câu trả lời được tính của tiêu chí đó; chỉ số chung là trung bình cộng chỉ số các tiêu chí (không gồm câu đánh giá chung), nên mỗi tiêu chí có trọng số như nhau. Khoảng tin cậy tính theo người trả lời.',
      en: 'Each criterion index is the share of "satisfied" or "very satisfied" among its counted answers; the overall index is the mean of the criterion indices (the general question excluded), so every criterion weighs the same. The interval is computed at the respondent level.',
    },
    comparesToTarget: true,
    isDefault: true,
    source: OFFICIAL_SOURCE,
  },
  {
    key: 'top2_pooled',
    label: {
      vi: 'Tỷ lệ hài lòng (gộp câu trả lời 4–5)',
      en: 'Satisfaction rate (pooled 4–5 answers)',
    },
    description: {
      vi: 'Tỷ lệ câu trả lời "hài lòng" hoặc "rất hài lòng" trên tổng số câu trả lời được tính (không tính "không áp dụng"); tỷ lệ của tiêu chí và tỷ lệ chung gộp mọi câu trả lời của các câu hỏi, nên câu hỏi có nhiều người trả lời hơn có trọng số lớn hơn.',
      en: 'Share of "satisfied" or "very satisfied" answers among counted answers (N/A excluded); criterion and overall rates pool the answers of all their questions, so a question weighs as much as the number of people who answered it.',
    },
    comparesToTarget: true,
    isDefault: false,
    source: {
      vi: 'Tỷ lệ "hài lòng + rất hài lòng" (top-2) mà các tỉnh công bố; khoảng tin cậy tính theo người trả lời.',
      en: 'The top-two share provinces publish; the interval is computed at the respondent level.',
    },
  },
  {
    key: 'mean_score',
    label: { vi: 'Điểm trung bình (thang 1–5)', en: 'Mean score (1–5 scale)' },
    description: {
      vi: 'Trung bình cộng các câu trả lời từ 1 đến 5, kèm khoảng tin cậy 95 % (phân phối t, phương sai mẫu); không so với chỉ tiêu.',
      en: 'Mean of the 1–5 answers with a 95 % t-interval from the sample variance; not compared with the target.',
    },
    comparesToTarget: false,
    isDefault: false,
    source: { vi: 'Thống kê mô tả thông thường.', en: 'Standard descriptive statistics.' },
  },
  {
    key: 'index_100',
    label: { vi: 'Chỉ số 0–100', en: 'Index 0–100' },
    description: {
      vi: 'Quy đổi câu trả lời 5, 4, 3, 2, 1 thành 100, 75, 50, 25, 0 điểm rồi lấy trung bình (cách của GOV.UK); không so với chỉ tiêu.',
      en: 'Answers 5, 4, 3, 2, 1 mapped to 100, 75, 50, 25, 0 and averaged (the GOV.UK method); not compared with the target.',
    },
    comparesToTarget: false,
    isDefault: false,
    source: { vi: 'GOV.UK (thang 0–100).', en: 'GOV.UK (0–100 scale).' },
  },
  {
    key: 'comprehensive',
    label: { vi: 'Tỷ lệ hài lòng toàn diện', en: 'Comprehensive satisfaction rate' },
    description: {
      vi: 'Tỷ lệ người trả lời hài lòng (4 hoặc 5) ở mọi câu hỏi thang 5 mức mà họ đã trả lời (theo Quyết định 3869/QĐ-BYT của ngành y tế).',
      en: 'Share of respondents who were satisfied (4 or 5) on every Likert question they answered (health sector, Decision 3869/QĐ-BYT).',
    },
    comparesToTarget: true,
    isDefault: false,
    source: { vi: 'Bộ Y tế, Quyết định 3869/QĐ-BYT.', en: 'Ministry of Health, Decision 3869/QĐ-BYT.' },
  },
] as const satisfies readonly ScoringMethodInfo[];

export type ScoringMethod = (typeof SCORING_METHODS)[number]['key'];
export const SCORING_METHOD_KEYS = SCORING_METHODS.map((m) => m.key) as [ScoringMethod, ...ScoringMethod[]];
export const ZScoringMethod = z.enum(SCORING_METHOD_KEYS);
/** The headline wherever the Sở publishes or scores: the official index (criteria mean). */
export const DEFAULT_SCORING_METHOD: ScoringMethod = 'criteria_mean';
/** Methods whose result is a share judged against the target. */
export type RateMethod = 'criteria_mean' | 'top2_pooled' | 'comprehensive';

export function scoringMethodInfo(key: ScoringMethod): ScoringMethodInfo {
  const info = SCORING_METHODS.find((m) => m.key === key);
  if (!info) throw new RangeError(`unknown scoring method "${String(key)}"`);
  return info;
}
