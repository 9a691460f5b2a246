import type { DefinitionDiff, FieldChange } from './definition-diff.js';
import type { TLocalizedText } from './definition.js';

/**
 * A draft's changes against the current published version, said in words for the person about to
 * publish (#12.8). Some changes leave earlier periods' figures comparable (wording, a new optional
 * question); others do not (a question or criterion removed, a question moved to another criterion,
 * the set of rated questions that makes the satisfaction index changed): those need an explicit
 * confirmation before publishing. A kept key whose type or scale changed is refused outright by the
 * publish path itself (findBreakingChanges) and is not listed here.
 */
export interface ChangeNote {
  kind: string;
  key: string | null;
  vi: string;
  en: string;
  breaksComparability: boolean;
}

/** Types whose answers make up the satisfaction index (domain/scoring.ts scores these). */
const RATED = new Set<string>(['likert5', 'agreement5']);

const name = (text: TLocalizedText | undefined, key: string) => `"${text?.vi ?? key}" (${key})`;
const nameEn = (text: TLocalizedText | undefined, key: string) => `"${text?.en ?? text?.vi ?? key}" (${key})`;
const show = (v: unknown) => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

const SURVEY_FIELD_VI: Record<string, string> = {
  title: 'tên khảo sát',
  description: 'lời giới thiệu',
  audience: 'đối tượng',
  target: 'mục tiêu hài lòng',
  minSecondsToComplete: 'thời gian trả lời tối thiểu',
  allowComment: 'ô góp ý cuối phiếu',
  kind: 'loại khảo sát',
  level: 'cấp học',
  family: 'nhóm khảo sát',
  slug: 'mã khảo sát',
};
/** Fields that change who or what is measured, so the series starts again. */
const SURVEY_BREAKING = new Set(['kind', 'level', 'family']);

function surveyNotes(changes: FieldChange[]): ChangeNote[] {
  const byField = new Map<string, FieldChange[]>();
  for (const c of changes) {
    const top = c.field.split('.')[0]!;
    byField.set(top, [...(byField.get(top) ?? []), c]);
  }
  return [...byField.entries()].map(([field, list]) => {
    const breaks = SURVEY_BREAKING.has(field);
    const single = list.length === 1 && list[0]!.field === field ? list[0]! : null;
    const values = single ? ` (${show(single.before)} → ${show(single.after)})` : '';
    return {
      kind: 'survey_field',
      key: field,
      vi:
        `Đổi ${SURVEY_FIELD_VI[field] ?? field}${values}` +
        (breaks ? ': số liệu các kỳ trước không còn so sánh được' : ''),
      en: `Changed ${field}${values}` + (breaks ? ": earlier periods' figures are no longer comparable" : ''),
      breaksComparability: breaks,
    };
  });
}

export function describeChanges(diff: DefinitionDiff): ChangeNote[] {
  const notes: ChangeNote[] = surveyNotes(diff.survey);
  for (const c of diff.criteria.added) {
    notes.push({
      kind: 'criterion_added',
      key: c.key,
      vi: `Thêm tiêu chí ${name(c.title, c.key)}`,
      en: `Criterion ${nameEn(c.title, c.key)} added`,
      breaksComparability: false,
    });
  }
  for (const c of diff.criteria.removed) {
    notes.push({
      kind: 'criterion_removed',
      key: c.key,
      vi: `Tiêu chí ${name(c.title, c.key)} bị xoá: số liệu các kỳ trước không còn so sánh được`,
      en: `Criterion ${nameEn(c.title, c.key)} removed: earlier periods' figures are no longer comparable`,
      breaksComparability: true,
    });
  }
  for (const c of diff.criteria.changed) {
    notes.push({
      kind: 'criterion_renamed',
      key: c.key,
      vi: `Đổi tên tiêu chí ${name(c.title, c.key)}`,
      en: `Criterion ${nameEn(c.title, c.key)} renamed`,
      breaksComparability: false,
    });
  }
  if (diff.criteria.reordered) {
    notes.push({
      kind: 'criteria_reordered',
      key: null,
      vi: 'Đổi thứ tự các tiêu chí',
      en: 'Criteria reordered',
      breaksComparability: false,
    });
  }
  for (const q of diff.questions.added) {
    const rated = RATED.has(q.type);
    notes.push({
      kind: 'question_added',
      key: q.key,
      vi:
        `Thêm câu hỏi ${name(q.text, q.key)}` +
        (rated ? ': chỉ số hài lòng chung tính trên bộ câu hỏi khác, không còn so sánh được với các kỳ trước' : ''),
      en:
        `Question ${nameEn(q.text, q.key)} added` +
        (rated
          ? ': the overall satisfaction index is computed on a different set, not comparable with earlier periods'
          : ''),
      breaksComparability: rated,
    });
  }
  for (const q of diff.questions.removed) {
    notes.push({
      kind: 'question_removed',
      key: q.key,
      vi: `Câu hỏi ${name(q.text, q.key)} bị xoá: số liệu các kỳ trước không còn so sánh được`,
      en: `Question ${nameEn(q.text, q.key)} removed: earlier periods' figures are no longer comparable`,
      breaksComparability: true,
    });
  }
  for (const q of diff.questions.changed) {
    if (q.breaking) continue; // refused by the publish path, reported as a refusal
    const fields = q.changes.map((c) => c.field);
    const moved = fields.includes('criterion');
    const naChanged = fields.includes('allowNotApplicable');
    const breaks = moved || naChanged;
    const why = moved
      ? {
          vi: ': câu hỏi chuyển sang tiêu chí khác, số liệu theo tiêu chí của các kỳ trước không còn so sánh được',
          en: ": moved to another criterion, earlier periods' per-criterion figures are no longer comparable",
        }
      : naChanged
        ? {
            vi: ': đổi việc cho chọn "không áp dụng", tỉ lệ các kỳ trước tính trên mẫu số khác',
            en: ': the "not applicable" choice changed, earlier rates had a different denominator',
          }
        : { vi: '', en: '' };
    notes.push({
      kind: 'question_changed',
      key: q.key,
      vi: `Sửa câu hỏi ${name(q.text, q.key)} (${fields.join(', ')})${why.vi}`,
      en: `Question ${nameEn(q.text, q.key)} edited (${fields.join(', ')})${why.en}`,
      breaksComparability: breaks,
    });
  }
  if (diff.questions.reordered) {
    notes.push({
      kind: 'questions_reordered',
      key: null,
      vi: 'Đổi thứ tự các câu hỏi',
      en: 'Questions reordered',
      breaksComparability: false,
    });
  }
  return notes;
}
