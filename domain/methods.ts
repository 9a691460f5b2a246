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
}

/**
 * The named scoring methods. Every published figure says which one it uses; `top2_pooled` is the
 * default because it is what the SIPAS and education reports publish.
 */
export const SCORING_METHODS = [
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
    isDefault: true,
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
  },
] as const satisfies readonly ScoringMethodInfo[];

export type ScoringMethod = (typeof SCORING_METHODS)[number]['key'];
export const SCORING_METHOD_KEYS = SCORING_METHODS.map((m) => m.key) as [ScoringMethod, ...ScoringMethod[]];
export const ZScoringMethod = z.enum(SCORING_METHOD_KEYS);
export const DEFAULT_SCORING_METHOD: ScoringMethod = 'top2_pooled';
/** Methods whose result is a share judged against the target. */
export type RateMethod = 'top2_pooled' | 'comprehensive';

export function scoringMethodInfo(key: ScoringMethod): ScoringMethodInfo {
  const info = SCORING_METHODS.find((m) => m.key === key);
  if (!info) throw new RangeError(`unknown scoring method "${String(key)}"`);
  return info;
}
