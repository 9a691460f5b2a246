import type { z } from 'zod';
import { formatIssuePath, ZSurveyDefinition } from './definition.js';

/**
 * What keeps a draft definition from being published (#12.8), as "path: message" in Vietnamese. The
 * server (on every save) and the builder (on every keystroke) both call this, so they always agree.
 * The schema's own messages are Vietnamese where it words them; zod's generic ones are English, so
 * those are said again here from the issue's code.
 */
export interface DraftProblem {
  path: string;
  message: string;
}

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

function vietnamese(issue: z.core.$ZodIssue): string {
  if (VIETNAMESE.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array'
        ? `cần ít nhất ${String(issue.minimum)} mục`
        : `cần ${issue.inclusive ? 'từ' : 'lớn hơn'} ${String(issue.minimum)} trở lên`;
    case 'too_big':
      return issue.origin === 'array'
        ? `tối đa ${String(issue.maximum)} mục`
        : `cần ${issue.inclusive ? 'không quá' : 'nhỏ hơn'} ${String(issue.maximum)}`;
    case 'invalid_type':
      return issue.input === undefined ? 'chưa điền' : 'sai kiểu dữ liệu';
    case 'invalid_value':
      return 'giá trị không nằm trong danh sách cho phép';
    case 'unrecognized_keys':
      return `trường không được hỗ trợ: ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'loại câu hỏi không được hỗ trợ';
    default:
      return 'không hợp lệ';
  }
}

export function definitionProblems(definition: unknown): DraftProblem[] {
  const parsed = ZSurveyDefinition.safeParse(definition);
  return parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ path: formatIssuePath(i.path), message: vietnamese(i) }));
}
