/**
 * Poster layout: turns a PosterInput into a list of positioned primitives (a "scene") in PDF points,
 * which the SVG, PNG and PDF writers draw the same way. Text is measured with the real fonts, wrapped,
 * balanced and shrunk to fit, so long unit names never overflow; the QR code takes the space left.
 */
import QRCode from 'qrcode';
import { textWidth, type Weight } from '../pdf/fonts.js';

export type PosterSize = 'A4' | 'A5';

export interface PosterInput {
  /** Full URL encoded in the QR, e.g. https://hailong.example.vn/f/AB3K7MNP */
  url: string;
  /** Printed under the code, e.g. hailong.example.vn/f/AB3K7MNP */
  shortUrl: string;
  /** e.g. "Trường Tiểu học Nguyễn Bỉnh Khiêm" */
  unitName: string;
  /** e.g. "Khảo sát sự hài lòng của cha mẹ học sinh" */
  surveyTitle: string;
  /** How long the survey takes (domain/estimate.ts), so the poster and the form say the same. */
  minutes?: number;
  callToAction?: string;
  footer?: string;
}

export const DEFAULT_CALL_TO_ACTION = 'Quét mã QR để góp ý — không cần đăng nhập';

/** The call to action, with the survey's own estimate when it is known. */
export function callToAction(minutes: number | undefined): string {
  return minutes === undefined
    ? DEFAULT_CALL_TO_ACTION
    : `Quét mã QR để góp ý — chỉ mất khoảng ${minutes} phút, không cần đăng nhập`;
}
export const DEFAULT_FOOTER = 'Sở Giáo dục và Đào tạo • Phiếu khảo sát ẩn danh';

/** Page sizes in PDF points (1/72 in), as pdfkit defines them. */
export const PAGE_SIZES: Record<PosterSize, { width: number; height: number; mm: [number, number] }> = {
  A4: { width: 595.28, height: 841.89, mm: [210, 297] },
  A5: { width: 419.53, height: 595.28, mm: [148, 210] },
};

export const COLORS = {
  brand: '#0b4f8a',
  ink: '#10243e',
  text: '#1f2937',
  muted: '#4b5563',
  rule: '#c9d3df',
  white: '#ffffff',
  qr: '#000000',
};

/** QR error correction: Q survives ~25 % damage (dirty or glossy posters) and still gives big modules. */
export const QR_ERROR_CORRECTION = 'Q';
export const QR_QUIET_ZONE = 4;

export interface TextLine {
  kind: 'text';
  text: string;
  /** Left edge of the line, as measured with the embedded font (centred on cx). */
  x: number;
  /** Horizontal centre and alphabetic baseline. */
  cx: number;
  baseline: number;
  size: number;
  weight: Weight;
  color: string;
  /** Which input field the line comes from (for the SVG's class names and tests). */
  role: 'title' | 'unit' | 'url' | 'cta' | 'footer';
}

export interface RectShape {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  r: number;
  fill?: string;
  stroke?: string;
  strokeWidth?: number;
}

export interface LineShape {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stroke: string;
  strokeWidth: number;
}

export interface QrShape {
  kind: 'qr';
  /** Top-left of the first module (inside the quiet zone). */
  x: number;
  y: number;
  module: number;
  count: number;
  /** Row-major, 1 = dark. */
  data: Uint8Array;
  url: string;
}

export type Shape = TextLine | RectShape | LineShape | QrShape;

export interface Scene {
  size: PosterSize;
  width: number;
  height: number;
  shapes: Shape[];
  /** Cleaned text, for titles and metadata. */
  unitName: string;
}

/** NFC (so each Vietnamese letter is one code point from one font), no control characters, single spaces. */
export function cleanText(value: unknown): string {
  return String(value ?? '')
    .normalize('NFC')
    .replace(/[\p{Cc}\u2028\u2029\ufffe\uffff]|\p{Cs}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const ELLIPSIS = '…';

/** Greedy word wrap at `maxWidth` (in units of font size 1); words longer than a line are split. */
function wrap(words: string[], widths: number[], space: number, maxWidth: number, weight: Weight): string[] {
  const lines: string[] = [];
  let line = '';
  let lineW = 0;
  words.forEach((word, i) => {
    const w = widths[i] ?? 0;
    if (w > maxWidth) {
      // Split an over-long word (a URL, a code) by characters.
      if (line) lines.push(line);
      line = '';
      lineW = 0;
      let piece = '';
      for (const ch of word) {
        if (piece && textWidth(piece + ch, weight) > maxWidth) {
          lines.push(piece);
          piece = '';
        }
        piece += ch;
      }
      line = piece;
      lineW = textWidth(piece, weight);
      return;
    }
    if (!line) {
      line = word;
      lineW = w;
    } else if (lineW + space + w <= maxWidth) {
      line += ` ${word}`;
      lineW += space + w;
    } else {
      lines.push(line);
      line = word;
      lineW = w;
    }
  });
  if (line) lines.push(line);
  return lines;
}

interface FitOptions {
  weight: Weight;
  maxSize: number;
  minSize: number;
  maxWidth: number;
  maxLines: number;
}

/**
 * Largest font size (down to minSize) at which the text fits in maxLines, with lines balanced like
 * CSS `text-wrap: balance`. At minSize, the last line is cut with an ellipsis.
 */
export function fitText(text: string, o: FitOptions): { size: number; lines: string[] } {
  if (!text) return { size: o.maxSize, lines: [] };
  const words = text.split(' ');
  const widths = words.map((w) => textWidth(w, o.weight));
  const space = textWidth(' ', o.weight);
  let size = o.maxSize;
  for (;;) {
    const unitWidth = o.maxWidth / size;
    let lines = wrap(words, widths, space, unitWidth, o.weight);
    if (lines.length <= o.maxLines || size <= o.minSize) {
      if (lines.length > o.maxLines) {
        lines = lines.slice(0, o.maxLines);
        let last = lines[o.maxLines - 1] ?? '';
        while (last && textWidth(last + ELLIPSIS, o.weight) > unitWidth) last = [...last].slice(0, -1).join('');
        lines[o.maxLines - 1] = last.trimEnd() + ELLIPSIS;
      } else if (lines.length > 1) {
        // Balance: the narrowest width that still gives the same number of lines.
        let lo = 0;
        let hi = unitWidth;
        for (let i = 0; i < 12; i++) {
          const mid = (lo + hi) / 2;
          if (wrap(words, widths, space, mid, o.weight).length <= lines.length) hi = mid;
          else lo = mid;
        }
        lines = wrap(words, widths, space, hi, o.weight);
      }
      return { size, lines };
    }
    size = Math.max(o.minSize, size * 0.92);
  }
}

function placeLine(
  text: string,
  cx: number,
  baseline: number,
  size: number,
  weight: Weight,
  color: string,
  role: TextLine['role'],
): TextLine {
  const x = cx - (textWidth(text, weight) * size) / 2;
  return { kind: 'text', text, x, cx, baseline, size, weight, color, role };
}

/** Vertical metrics as fractions of the font size (Be Vietnam Pro; Vietnamese stacked marks need room). */
const ASCENT = 0.95;
const DESCENT = 0.3;

interface Block {
  fit: { size: number; lines: string[] };
  lineHeight: number;
  weight: Weight;
  color: string;
  role: TextLine['role'];
}

function blockHeight(b: Block): number {
  const n = b.fit.lines.length;
  if (n === 0) return 0;
  return b.fit.size * (ASCENT + DESCENT + (n - 1) * b.lineHeight);
}

/** Emits the block's lines with the top of the first line at `top`; returns the bottom. */
function placeBlock(shapes: Shape[], b: Block, cx: number, top: number): number {
  b.fit.lines.forEach((line, i) => {
    const baseline = top + b.fit.size * (ASCENT + i * b.lineHeight);
    shapes.push(placeLine(line, cx, baseline, b.fit.size, b.weight, b.color, b.role));
  });
  return top + blockHeight(b);
}

export function validateInput(input: PosterInput): void {
  if (!input || typeof input !== 'object') throw new TypeError('poster input must be an object');
  if (typeof input.url !== 'string' || !input.url.trim()) throw new TypeError('poster input: url is required');
}

export function layoutPoster(input: PosterInput, size: PosterSize): Scene {
  validateInput(input);
  const page = PAGE_SIZES[size];
  if (!page) throw new TypeError(`unknown poster size: ${String(size)}`);
  const { width: W, height: H } = page;
  const k = W / PAGE_SIZES.A4.width; // everything is designed for A4 and scaled
  const margin = 36 * k;
  const contentW = W - 2 * margin;
  const cx = W / 2;
  const shapes: Shape[] = [];

  const unitName = cleanText(input.unitName);
  const block = (
    text: string,
    role: TextLine['role'],
    weight: Weight,
    color: string,
    maxSize: number,
    minSize: number,
    maxLines: number,
    lineHeight: number,
    maxWidth = contentW,
  ): Block => ({
    fit: fitText(text, { weight, maxSize: maxSize * k, minSize: minSize * k, maxWidth, maxLines }),
    lineHeight,
    weight,
    color,
    role,
  });

  // Header band with the survey title.
  const bandPad = 18 * k;
  const title = block(cleanText(input.surveyTitle), 'title', 700, COLORS.white, 24, 13, 3, 1.3, contentW - 2 * bandPad);
  const bandH = Math.max(blockHeight(title), 24 * k) + 2 * bandPad;
  shapes.push({ kind: 'rect', x: margin, y: margin, w: contentW, h: bandH, r: 12 * k, fill: COLORS.brand });
  placeBlock(shapes, title, cx, margin + (bandH - blockHeight(title)) / 2);

  // Measure everything else first, then share the spare height out.
  const unit = block(unitName, 'unit', 700, COLORS.ink, 32, 14, 4, 1.22);
  const url = block(cleanText(input.shortUrl), 'url', 700, COLORS.brand, 18, 9, 2, 1.25);
  const cta = block(
    cleanText(input.callToAction ?? callToAction(input.minutes)),
    'cta',
    400,
    COLORS.text,
    18,
    11,
    3,
    1.35,
  );
  const footer = block(cleanText(input.footer ?? DEFAULT_FOOTER), 'footer', 400, COLORS.muted, 11, 8, 2, 1.4);

  // Footer, pinned to the bottom, with a rule above it.
  const footerTop = H - margin - blockHeight(footer);
  placeBlock(shapes, footer, cx, footerTop);
  const ruleY = footerTop - 12 * k;
  shapes.push({ kind: 'line', x1: margin, y1: ruleY, x2: W - margin, y2: ruleY, stroke: COLORS.rule, strokeWidth: k });

  // The QR card gets what is left (up to ~116 mm on A4); spare height goes into three gaps.
  const gaps = { unit: 22 * k, card: 18 * k, url: 12 * k, cta: 10 * k, bottom: 16 * k };
  let y = margin + bandH;
  const fixed =
    gaps.unit + blockHeight(unit) + gaps.card + gaps.url + blockHeight(url) + gaps.cta + blockHeight(cta) + gaps.bottom;
  const available = ruleY - y - fixed;
  const qr = QRCode.create(input.url, { errorCorrectionLevel: QR_ERROR_CORRECTION });
  const count = qr.modules.size;
  const card = Math.max(Math.min(330 * k, available), 120 * k);
  const slack = Math.max(0, available - card);

  y = placeBlock(shapes, unit, cx, y + gaps.unit + slack * 0.3);
  y += gaps.card + slack * 0.3;
  const cardX = cx - card / 2;
  shapes.push({
    kind: 'rect',
    x: cardX,
    y,
    w: card,
    h: card,
    r: 14 * k,
    fill: COLORS.white,
    stroke: COLORS.brand,
    strokeWidth: 2.5 * k,
  });
  // The quiet zone (4 modules) lies inside the card's border, plus half a module of room for the stroke.
  const module = card / (count + 2 * QR_QUIET_ZONE + 1);
  const inset = (card - count * module) / 2;
  shapes.push({ kind: 'qr', x: cardX + inset, y: y + inset, module, count, data: qr.modules.data, url: input.url });
  y = placeBlock(shapes, url, cx, y + card + gaps.url);
  placeBlock(shapes, cta, cx, y + gaps.cta);

  return { size, width: W, height: H, shapes, unitName };
}
