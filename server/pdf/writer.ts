import PDFDocument from 'pdfkit';
import { fontKey, registerFonts, textWidth, type Weight } from './fonts.js';

/** A new A4 document with the house fonts registered and no standard (Helvetica) font. */
export function createA4Document(info: PDFKit.DocumentInfo): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: M,
    autoFirstPage: true,
    font: '',
    info,
    lang: 'vi-VN',
  } as PDFKit.PDFDocumentOptions);
  registerFonts(doc);
  return doc;
}

/** A4 in PDF points, and the margin every page keeps. */
export const PAGE_W = 595.28;
export const PAGE_H = 841.89;
export const M = 42;
export const CONTENT_W = PAGE_W - 2 * M;

/** The house colours of printed documents. */
export const INK = '#1b2430';
export const MUTED = '#5b6675';
export const LINE = '#d8dee6';
export const BLUE = '#0b5cad';

/**
 * Writes an A4 document top to bottom: `y` is the cursor, `ensure` starts a new page when the next
 * block would not fit. Text is measured with the embedded fonts and wrapped here (fonts.ts).
 */
export class Writer {
  y = M;
  constructor(readonly doc: PDFKit.PDFDocument) {}

  ensure(height: number): void {
    if (this.y + height > PAGE_H - M) {
      this.doc.addPage();
      this.y = M;
    }
  }

  /** One line of text at (x, y); `width` with align right/center positions it inside a box. */
  text(
    str: string,
    x: number,
    y: number,
    size: number,
    options: {
      weight?: Weight;
      italic?: boolean;
      color?: string;
      align?: 'left' | 'right' | 'center';
      width?: number;
    } = {},
  ): number {
    const weight = options.weight ?? 400;
    const w = textWidth(str, weight, options.italic) * size;
    let cx = x;
    if (options.width !== undefined && options.align === 'right') cx = x + options.width - w;
    if (options.width !== undefined && options.align === 'center') cx = x + (options.width - w) / 2;
    this.doc
      .fillColor(options.color ?? INK)
      .font(fontKey(weight, options.italic))
      .fontSize(size)
      .text(str, cx, y, { lineBreak: false });
    return w;
  }

  fit(str: string, size: number, width: number, weight: Weight = 400): string {
    if (textWidth(str, weight) * size <= width) return str;
    let s = str;
    while (s.length > 1 && textWidth(`${s}…`, weight) * size > width) s = s.slice(0, -1);
    return `${s.trimEnd()}…`;
  }

  wrap(str: string, size: number, width: number, weight: Weight = 400, italic = false): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of str.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && textWidth(next, weight, italic) * size > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines;
  }

  para(
    str: string,
    size: number,
    options: {
      weight?: Weight;
      italic?: boolean;
      color?: string;
      x?: number;
      width?: number;
      gap?: number;
      align?: 'left' | 'center';
      /** First-line indent (an administrative document indents its paragraphs). */
      indent?: number;
    } = {},
  ): void {
    const x = options.x ?? M;
    const width = options.width ?? CONTENT_W;
    const indent = options.indent ?? 0;
    const lineH = size * 1.4;
    const lines = this.wrap(str, size, width - indent, options.weight, options.italic);
    lines.forEach((line, i) => {
      this.ensure(lineH);
      const dx = i === 0 ? indent : 0;
      this.text(line, x + dx, this.y, size, { ...options, width: width - dx, align: options.align ?? 'left' });
      this.y += lineH;
    });
    this.y += options.gap ?? 4;
  }

  /** A horizontal rule from x to x + length at the cursor's height plus dy. */
  rule(x: number, length: number, dy = 0, width = 0.7): void {
    this.doc
      .save()
      .moveTo(x, this.y + dy)
      .lineTo(x + length, this.y + dy)
      .lineWidth(width)
      .strokeColor(INK)
      .stroke()
      .restore();
  }
}
