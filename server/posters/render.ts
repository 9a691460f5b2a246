/**
 * QR posters for survey links, as standalone SVG, PNG (via resvg) and PDF (via pdfkit), A4 or A5,
 * one poster or many streamed into one PDF. Layout lives in layout.ts, fonts in fonts.ts.
 *
 * Fonts per format (all Be Vietnam Pro, see server/pdf/fonts.ts):
 * - SVG: the WOFF2 subsets are embedded as data URLs in @font-face rules with their unicode-range;
 * - PNG: resvg reads the complete TrueType files, each line placed where the layout measured it;
 * - PDF: the same TrueType fonts are registered with pdfkit, which embeds only the used glyphs.
 */
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { crc32 } from 'node:zlib';
import { renderAsync } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import { FAMILY, fontFile, fontKey, registerFonts, svgFontFaceCss, WEIGHTS } from '../pdf/fonts.js';
import { escapeMarkup } from '../http/escape.js';
import {
  layoutPoster,
  validateInput,
  PAGE_SIZES,
  cleanText,
  type PosterInput,
  type PosterSize,
  type Scene,
  type Shape,
} from './layout.js';

export type { PosterInput, PosterSize } from './layout.js';
export { DEFAULT_CALL_TO_ACTION, DEFAULT_FOOTER, PAGE_SIZES, layoutPoster } from './layout.js';

// ---------------------------------------------------------------------------------------------
// SVG
// ---------------------------------------------------------------------------------------------

const num = (v: number): string => String(Math.round(v * 100) / 100);

/** The QR modules as one path in module units: a rectangle per horizontal run of dark modules. */
function qrPath(count: number, data: Uint8Array): string {
  let d = '';
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < count;) {
      if (!data[r * count + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < count && data[r * count + c]) c++;
      d += `M${start} ${r}h${c - start}v1h${start - c}z`;
    }
  }
  return d;
}

/**
 * `standalone`: one <text> per line, centred, in the real family (selectable, searchable, the browser
 * picks the subsets); `resvg`: each line starts where the layout measured it, so the PNG matches the PDF.
 */
function sceneToSvg(scene: Scene, mode: 'standalone' | 'resvg', embedFonts: boolean, title: string): string {
  const { width: W, height: H } = scene;
  const [mmW, mmH] = PAGE_SIZES[scene.size].mm;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${mmW}mm" height="${mmH}mm" viewBox="0 0 ${W} ${H}" lang="vi" role="img" aria-labelledby="poster-title">`,
    `<title id="poster-title">${escapeMarkup(title)}</title>`,
  ];
  if (mode === 'standalone') {
    const css = `${embedFonts ? `${svgFontFaceCss()}\n` : ''}text{font-family:'${FAMILY}','Noto Sans','Segoe UI',Arial,sans-serif}`;
    out.push(`<style>/*<![CDATA[*/\n${css}\n/*]]>*/</style>`);
  }
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  for (const s of scene.shapes) out.push(shapeToSvg(s, mode));
  out.push('</svg>');
  return out.join('\n');
}

function shapeToSvg(s: Shape, mode: 'standalone' | 'resvg'): string {
  switch (s.kind) {
    case 'rect':
      return (
        `<rect x="${num(s.x)}" y="${num(s.y)}" width="${num(s.w)}" height="${num(s.h)}" rx="${num(s.r)}"` +
        ` fill="${s.fill ?? 'none'}"` +
        (s.stroke ? ` stroke="${s.stroke}" stroke-width="${num(s.strokeWidth ?? 1)}"` : '') +
        '/>'
      );
    case 'line':
      return `<line x1="${num(s.x1)}" y1="${num(s.y1)}" x2="${num(s.x2)}" y2="${num(s.y2)}" stroke="${s.stroke}" stroke-width="${num(s.strokeWidth)}"/>`;
    case 'qr':
      return (
        `<path class="qr" transform="translate(${num(s.x)} ${num(s.y)}) scale(${s.module})" fill="#000000"` +
        ` shape-rendering="crispEdges" d="${qrPath(s.count, s.data)}"/>`
      );
    case 'text': {
      const attrs = `font-size="${num(s.size)}" font-weight="${s.weight}" fill="${s.color}"`;
      if (mode === 'standalone') {
        return `<text class="${s.role}" x="${num(s.cx)}" y="${num(s.baseline)}" text-anchor="middle" ${attrs}>${escapeMarkup(s.text)}</text>`;
      }
      return `<text x="${num(s.x)}" y="${num(s.baseline)}" font-family="${FAMILY}" ${attrs} xml:space="preserve">${escapeMarkup(s.text)}</text>`;
    }
  }
}

function posterTitle(input: PosterInput, unitName: string): string {
  const survey = cleanText(input.surveyTitle);
  return [survey, unitName].filter(Boolean).join(' — ');
}

/** A standalone SVG (fonts embedded unless `embedFonts: false`); all input text is escaped. */
export async function renderPosterSvg(
  input: PosterInput,
  size: PosterSize,
  opts: { embedFonts?: boolean } = {},
): Promise<string> {
  const scene = layoutPoster(input, size);
  return sceneToSvg(scene, 'standalone', opts.embedFonts !== false, posterTitle(input, scene.unitName));
}

// ---------------------------------------------------------------------------------------------
// PNG
// ---------------------------------------------------------------------------------------------

/** Adds a pHYs chunk so image viewers and printers know the intended print size. */
function withDpi(png: Buffer, dpi: number): Buffer {
  const ihdrEnd = 8 + 8 + 13 + 4; // signature, IHDR length+type, IHDR data, CRC
  const ppm = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(4 + 4 + 9 + 4);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(ppm, 8);
  chunk.writeUInt32BE(ppm, 12);
  chunk.writeUInt8(1, 16); // unit: metre
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)) >>> 0, 17);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

/** A PNG at `dpi` (default 150: A4 is 1240 × 1754 px). Rendering runs off the main thread. */
export async function renderPosterPng(
  input: PosterInput,
  size: PosterSize,
  opts: { dpi?: number } = {},
): Promise<Buffer> {
  const dpi = Math.min(600, Math.max(36, Number(opts.dpi) || 150));
  const scene = layoutPoster(input, size);
  const svg = sceneToSvg(scene, 'resvg', false, posterTitle(input, scene.unitName));
  const widthPx = Math.round((PAGE_SIZES[size].mm[0] / 25.4) * dpi);
  const image = await renderAsync(svg, {
    fitTo: { mode: 'width', value: widthPx },
    font: { fontFiles: WEIGHTS.map(fontFile), loadSystemFonts: false, defaultFontFamily: FAMILY },
    background: '#ffffff',
    logLevel: 'error',
  });
  return withDpi(image.asPng(), dpi);
}

// ---------------------------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------------------------

function createPdf(title: string): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    autoFirstPage: false,
    margin: 0,
    font: '', // no Helvetica: every text run names its own embedded font
    compress: true,
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: title, Author: 'Hài lòng', Creator: 'Hài lòng — áp phích mã QR' },
  });
  registerFonts(doc);
  return doc;
}

function drawScene(doc: PDFKit.PDFDocument, scene: Scene): void {
  doc.addPage({ size: scene.size, margin: 0 });
  for (const s of scene.shapes) {
    switch (s.kind) {
      case 'rect':
        doc.roundedRect(s.x, s.y, s.w, s.h, s.r);
        if (s.fill && s.stroke) doc.lineWidth(s.strokeWidth ?? 1).fillAndStroke(s.fill, s.stroke);
        else if (s.fill) doc.fill(s.fill);
        else if (s.stroke) doc.lineWidth(s.strokeWidth ?? 1).stroke(s.stroke);
        break;
      case 'line':
        doc.moveTo(s.x1, s.y1).lineTo(s.x2, s.y2).lineWidth(s.strokeWidth).stroke(s.stroke);
        break;
      case 'text':
        doc
          .fillColor(s.color)
          .font(fontKey(s.weight))
          .fontSize(s.size)
          .text(s.text, s.x, s.baseline, { lineBreak: false, baseline: 'alphabetic' });
        break;
      case 'qr': {
        // Vector modules; each rectangle overlaps the next row a hair so viewers show no seams.
        const { x, y, module: m, count, data } = s;
        const overlap = m * 0.02;
        for (let r = 0; r < count; r++) {
          for (let c = 0; c < count;) {
            if (!data[r * count + c]) {
              c++;
              continue;
            }
            const start = c;
            while (c < count && data[r * count + c]) c++;
            doc.rect(x + start * m, y + r * m, (c - start) * m, m + (r < count - 1 ? overlap : 0));
          }
        }
        doc.fill('#000000');
        doc.link(x, y, count * m, count * m, s.url);
        break;
      }
    }
  }
}

export interface StreamPdfOptions {
  /** End `out` when done (default true, like stream.pipe). */
  end?: boolean;
  /** PDF document title. */
  title?: string;
}

/**
 * pdfkit caches the shaped glyphs of every distinct word (so of every URL) for the document's life;
 * in a long stream that is a few KB per page. Emptying the cache now and then keeps its speed and
 * bounds memory. `_fontFamilies`/`layoutCache` are pdfkit internals: if they change, this does nothing.
 */
function trimLayoutCaches(doc: PDFKit.PDFDocument): void {
  const families = (doc as unknown as { _fontFamilies?: Record<string, { layoutCache?: unknown }> })._fontFamilies;
  for (const font of Object.values(families ?? {})) {
    if (font && typeof font.layoutCache === 'object' && font.layoutCache !== null)
      font.layoutCache = Object.create(null);
  }
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Many posters, one per page, streamed into `out` page by page: pdfkit flushes each page when the
 * next one starts, and the loop waits for 'drain' whenever `out` is full, so memory stays flat
 * however many inputs the (async) iterable yields. `out` is ended when done (unless `end: false`).
 * On error (input, iterable or `out`), `out` is destroyed without an error (unless `end: false`)
 * and the promise rejects. With no inputs, the PDF has one blank page and `pages` is 0.
 */
export async function streamPosterPdf(
  inputs: AsyncIterable<PosterInput> | Iterable<PosterInput>,
  size: PosterSize,
  out: NodeJS.WritableStream,
  opts: StreamPdfOptions = {},
): Promise<{ pages: number }> {
  if (!PAGE_SIZES[size]) throw new TypeError(`unknown poster size: ${String(size)}`);
  const doc = createPdf(opts.title ?? 'Áp phích mã QR khảo sát');
  let outError: unknown;
  let closed = false;
  let waiting: ((err?: unknown) => void) | undefined;
  const onDrain = (): void => waiting?.();
  const onError = (err: unknown): void => {
    outError ??= err;
    waiting?.(err);
  };
  const onClose = (): void => {
    closed = true;
    waiting?.(new Error('output stream closed before the PDF was complete'));
  };
  let full = false;
  const onData = (chunk: Buffer): void => {
    if (!closed && outError === undefined && !out.write(chunk)) full = true;
  };
  out.on('drain', onDrain);
  out.on('error', onError);
  out.on('close', onClose);
  doc.on('data', onData);
  const docEnded = new Promise<void>((resolve, reject) => {
    doc.once('end', resolve);
    doc.once('error', reject);
  });

  const flush = async (): Promise<void> => {
    await nextTick(); // let pdfkit's readable hand over what it produced
    if (outError !== undefined) throw outError;
    if (closed) throw new Error('output stream closed before the PDF was complete');
    if (full) {
      await new Promise<void>((resolve, reject) => {
        waiting = (err) => (err === undefined ? resolve() : reject(err));
      }).finally(() => (waiting = undefined));
      full = false;
    }
  };

  let pages = 0;
  try {
    for await (const input of inputs) {
      drawScene(doc, layoutPoster(input, size));
      pages++;
      if (pages % 100 === 0) trimLayoutCaches(doc);
      await flush();
    }
    if (pages === 0) doc.addPage({ size, margin: 0 });
    doc.end();
    await docEnded;
    if (outError !== undefined) throw outError;
    if (opts.end !== false) {
      out.end();
      await finished(out, { readable: false });
    }
    return { pages };
  } catch (err) {
    doc.off('data', onData);
    if (opts.end !== false) {
      // Without an error argument: the caller learns of the failure from this promise, and an
      // 'error' event on a stream nobody listens to would crash the process.
      const destroy = (out as Partial<Writable>).destroy;
      if (typeof destroy === 'function') destroy.call(out);
    }
    throw err;
  } finally {
    out.off('drain', onDrain);
    out.off('error', onError);
    out.off('close', onClose);
  }
}

/** One poster as a PDF buffer. */
export async function renderPosterPdf(input: PosterInput, size: PosterSize): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  validateInput(input);
  await streamPosterPdf([input], size, sink, { title: posterTitle(input, cleanText(input.unitName)) });
  return Buffer.concat(chunks);
}
