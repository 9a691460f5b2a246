import { PassThrough, type Readable } from 'node:stream';
import { safeValue, type CellValue } from './safe-cells.js';

/**
 * Spreadsheets are written with exceljs's streaming WorkbookWriter: rows are committed as they are
 * added, so the workbook never sits whole in memory. Every cell, headers included, goes through
 * safeValue: text is written as a string cell (never a formula, whatever it starts with) and gets the
 * same apostrophe as in CSV, so it stays text when someone edits the cell or saves the sheet as CSV.
 */

export interface SheetSpec {
  name: string;
  columns: Array<{ header: string; width: number; numFmt?: string }>;
  rows: Iterable<CellValue[]> | AsyncIterable<CellValue[]>;
  /** Lines above the header (title, notes). */
  preamble?: string[];
}

export function streamWorkbook(sheets: SheetSpec[], meta: { title: string }): Readable {
  const out = new PassThrough();
  void (async () => {
    // Loaded on the first workbook, not at start: exceljs is about half a second of CPU to load, which
    // every app start (and every instance, test server and CLI) would otherwise pay.
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = 'Hài lòng';
    workbook.title = meta.title;
    for (const spec of sheets) {
      const sheet = workbook.addWorksheet(spec.name);
      spec.columns.forEach((c, i) => {
        const col = sheet.getColumn(i + 1);
        col.width = c.width;
      });
      for (const line of spec.preamble ?? []) {
        const row = sheet.addRow([safeValue(line)]);
        row.font = { bold: line === spec.preamble?.[0] };
        row.commit();
      }
      const head = sheet.addRow(spec.columns.map((c) => safeValue(c.header)));
      head.font = { bold: true };
      head.commit();
      for await (const values of spec.rows) {
        const row = sheet.addRow(values.map((v) => safeValue(v)));
        spec.columns.forEach((c, i) => {
          if (c.numFmt) row.getCell(i + 1).numFmt = c.numFmt;
        });
        row.commit();
      }
      sheet.commit();
    }
    await workbook.commit();
  })().catch((err: Error) => out.destroy(err));
  return out;
}
