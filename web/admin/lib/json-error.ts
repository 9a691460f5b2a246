import type { Lang } from '../../shared/i18n.js';

/**
 * Where and why a text is not JSON, in the interface's language: the browser's own message is
 * English ("Unexpected token…", "is not valid JSON") and differs between browsers, so only the
 * position is taken from it.
 */
export function jsonProblem(text: string, err: unknown, lang: Lang): string {
  const message = err instanceof Error ? err.message : String(err);
  const at = /line (\d+) column (\d+)/.exec(message);
  const position = /position (\d+)/.exec(message);
  let line: number | undefined;
  let column: number | undefined;
  if (at) {
    line = Number(at[1]);
    column = Number(at[2]);
  } else if (position) {
    const before = text.slice(0, Number(position[1])).split('\n');
    line = before.length;
    column = before[before.length - 1]!.length + 1;
  }
  if (!text.trim()) return lang === 'en' ? 'the text is empty' : 'nội dung đang trống';
  if (/end of (JSON )?input|Unterminated/i.test(message) || (line === undefined && !position)) {
    return lang === 'en'
      ? 'the text ends too early (a closing }, ] or " is missing)'
      : 'nội dung kết thúc giữa chừng (thiếu dấu đóng }, ] hoặc ")';
  }
  return lang === 'en'
    ? `syntax error at line ${line}, column ${column} (check commas, quotes and brackets near there)`
    : `lỗi cú pháp ở dòng ${line}, cột ${column} (hãy kiểm tra dấu phẩy, dấu ngoặc kép và dấu ngoặc gần đó)`;
}
