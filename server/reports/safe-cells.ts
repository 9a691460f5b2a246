/**
 * Spreadsheet formula injection (CSV injection): a cell that begins with =, +, -, @, a tab or a
 * carriage return may be run as a formula when the file is opened in Excel or LibreOffice, e.g. a
 * comment "=HYPERLINK(…)" typed into the public form. Every text cell of every CSV and XLSX export
 * goes through `safeCell`, which prefixes such text with an apostrophe so it is shown as text
 * (the OWASP recommendation). Numbers, dates and booleans are written as typed values, never text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type CellValue = string | number | boolean | Date | null | undefined;

/** Escapes text; leaves typed values alone. */
export function safeValue(value: CellValue): CellValue {
  return typeof value === 'string' ? safeCell(value) : value;
}

/** One CSV field (RFC 4180): escaped against formulas, quoted when it holds a comma, quote or line break. */
export function csvField(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return value.toISOString();
  const text = safeCell(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CellValue[]): string {
  let line = '';
  for (let i = 0; i < values.length; i++) line += (i === 0 ? '' : ',') + csvField(values[i]);
  return `${line}\r\n`;
}

/** Excel reads a CSV as UTF-8 (and so shows Vietnamese correctly) only when it starts with a BOM. */
export const CSV_BOM = '\uFEFF';
