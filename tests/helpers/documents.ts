import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { signedInAgent } from './app.js';

/** Downloads and readers for the report and export files (XLSX, DOCX) that tests look into. */

export type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

export async function download(
  agent: Agent,
  url: string,
): Promise<{ status: number; type: string; disposition: string; body: Buffer }> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  return {
    status: res.status,
    type: String(res.headers['content-type']),
    disposition: String(res.headers['content-disposition'] ?? ''),
    body: res.body as Buffer,
  };
}

export async function workbook(xlsx: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
  return wb;
}

/** The text of a DOCX's body, as Word stores it (word/document.xml, tags removed). */
export function docxText(docx: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'hl-docx-'));
  try {
    writeFileSync(join(dir, 'r.docx'), docx);
    const xml = execFileSync('unzip', ['-p', join(dir, 'r.docx'), 'word/document.xml']).toString('utf8');
    return xml
      .replace(/<\/w:p>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function sheetRows(wb: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = wb.getWorksheet(name)!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}
