/**
 * Spreadsheet formula injection (OWASP "CSV Injection"): text typed into the public form or a unit's
 * name, e.g. a comment "=HYPERLINK(…)", may run as a formula when an export is opened in Excel or
 * LibreOffice. Every cell of every CSV and XLSX export goes through this module:
 *
 * 1. Text that starts with = + - @, or with a tab, carriage return, line feed or NUL, gets a leading
 *    apostrophe, so it is shown as text (the OWASP recommendation).
 * 2. So does text where = + - @ comes after leading whitespace or quote marks (` =1+1`, `"=1+1`):
 *    spreadsheets trim spaces and unwrap quotes on import, which would bring the formula to the front.
 * 3. In CSV every text cell is quoted, with its quotes doubled, so a separator inside the text cannot
 *    start a new cell: where Excel's list separator is `;`, an unquoted `abc;=1+1` is two cells, the
 *    second a formula.
 *
 * Numbers, booleans and dates stay typed values, unquoted, never text: `-1` is a number, not a formula.
 */
const FORMULA_START = /^(?:[\t\r\n\0]|[\s"'\0]*[=+\-@])/;

export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type CellValue = string | number | boolean | Date | null | undefined;

/**
 * A typed value as it is, anything else as neutralised text. Takes unknown because answers come from
 * JSON columns: an object must become text, never reach exceljs (which reads `{ formula }` as a formula).
 */
export function safeValue(value: unknown): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  // The options ticked on a multiple-choice question: one cell, "a; b", as the CSV export writes it.
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return safeCell(value.join('; '));
  }
  const text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return safeCell(text);
}

/** One CSV field (RFC 4180): typed values bare, text neutralised and always quoted; missing is empty. */
export function csvField(value: unknown): string {
  const v = safeValue(value);
  if (v === null) return '';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString();
  return `"${v.includes('"') ? v.replace(/"/g, '""') : v}"`;
}

export function csvRow(values: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvField(values[i]);
  return `${line}\r\n`;
}

/** Excel reads a CSV as UTF-8 (and so shows Vietnamese correctly) only when it starts with a BOM. */
export const CSV_BOM = '\uFEFF';
