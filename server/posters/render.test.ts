import { Writable } from 'node:stream';
import { describe, it, expect } from 'vitest';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { Resvg } from '@resvg/resvg-js';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import {
  layoutPoster,
  renderPosterPdf,
  renderPosterPng,
  renderPosterSvg,
  streamPosterPdf,
  type PosterInput,
  type PosterSize,
} from './render.js';

const input: PosterInput = {
  url: 'https://hailong.example.vn/f/AB3K7MNP',
  shortUrl: 'hailong.example.vn/f/AB3K7MNP',
  unitName: 'Trường Tiểu học Nguyễn Bỉnh Khiêm',
  surveyTitle: 'Khảo sát sự hài lòng của cha mẹ học sinh',
  minutes: 4,
};

const longName =
  'Trường Trung học cơ sở và Trung học phổ thông Nguyễn Thị Minh Khai — Phân hiệu số 2 xã Đắk Hà, ' +
  'đặc khu Côn Đảo, tỉnh Bà Rịa – Vũng Tàu (cơ sở mới, khu tái định cư Bắc Đồng Tháp Mười)';

const sizes: PosterSize[] = ['A4', 'A5'];

function decodeQr(png: Buffer): { text: string; width: number; height: number } {
  const img = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length);
  const code = jsQR(pixels, img.width, img.height);
  return { text: code?.data ?? '', width: img.width, height: img.height };
}

const unescapeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** The text of every <text class="role"> element, joined with spaces. */
function svgText(svg: string, role: string): string {
  const re = new RegExp(`<text class="${role}"[^>]*>([^<]*)</text>`, 'g');
  return [...svg.matchAll(re)].map((m) => unescapeXml(m[1] ?? '')).join(' ');
}

async function pdfPages(pdf: Buffer): Promise<{ view: number[]; text: string }[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const pages: { view: number[]; text: string }[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const content = await page.getTextContent();
    const text = content.items
      .map((item) => ('str' in item ? item.str + (item.hasEOL ? ' ' : '') : ''))
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
    pages.push({ view: page.view, text });
  }
  await doc.destroy();
  return pages;
}

/** A writable that keeps everything, slowly if asked (to exercise backpressure). */
function sink(opts: { delayMs?: number; highWaterMark?: number } = {}): { stream: Writable; data: () => Buffer } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    highWaterMark: opts.highWaterMark ?? 16 * 1024,
    write(chunk: Buffer, _enc, cb) {
      chunks.push(chunk);
      if (opts.delayMs) setTimeout(cb, opts.delayMs);
      else cb();
    },
  });
  return { stream, data: () => Buffer.concat(chunks) };
}

describe('renderPosterPng', () => {
  for (const size of sizes) {
    it(`${size}: the QR decodes to the exact URL`, { timeout: 30_000 }, async () => {
      const png = await renderPosterPng(input, size);
      const { text, width, height } = decodeQr(png);
      expect(text).toBe(input.url);
      // 150 dpi by default: A4 is 210 mm → 1240 px wide, A5 148 mm → 874 px.
      expect(width).toBe(size === 'A4' ? 1240 : 874);
      expect(height).toBeGreaterThan(width);
    });
  }

  it('draws Vietnamese stacked marks: "Trường" and "Trương" give different images', { timeout: 30_000 }, async () => {
    // resvg once drew ờ as ơ when the mark's glyph came from another font; the two names differ only there.
    const draw = async (unitName: string) =>
      PNG.sync.read(await renderPosterPng({ ...input, unitName }, 'A5', { dpi: 72 }));
    const [marked, plain] = await Promise.all([draw('Trường'), draw('Trương')]);
    expect(marked.width).toBe(plain.width);
    expect(Buffer.compare(marked.data, plain.data)).not.toBe(0);
  });

  it('still decodes with a very long unit name and a long URL, at a low dpi', { timeout: 30_000 }, async () => {
    const url = `https://hailong.sogd.example.gov.vn/f/ZX9Q2W7R?utm_source=poster&k=${'x'.repeat(40)}`;
    const png = await renderPosterPng({ ...input, url, unitName: longName, surveyTitle: longName }, 'A5', { dpi: 96 });
    expect(decodeQr(png).text).toBe(url);
  });
});

describe('renderPosterSvg', () => {
  it('contains the unit name, the short URL and the title as text', async () => {
    const svg = await renderPosterSvg(input, 'A4');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('width="210mm" height="297mm"');
    expect(svgText(svg, 'unit')).toBe(input.unitName);
    expect(svgText(svg, 'url')).toBe(input.shortUrl);
    expect(svgText(svg, 'title')).toBe(input.surveyTitle);
    expect(svgText(svg, 'cta')).toBe('Quét mã QR để góp ý — chỉ mất khoảng 4 phút, không cần đăng nhập');
    expect(svg).toContain("font-family:'Be Vietnam Pro'");
    expect(svg).toContain('data:font/woff2;base64,');
    expect(await renderPosterSvg(input, 'A5', { embedFonts: false })).not.toContain('@font-face');
  });

  it('escapes markup in the input: it shows as text, never as elements', async () => {
    const evil = '<script>alert(1)</script> & Co';
    const svg = await renderPosterSvg({ ...input, unitName: evil, footer: '"quoted" & <b>bold</b>' }, 'A4');
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toContain('&amp; Co');
    expect(svgText(svg, 'unit')).toBe(evil);
    expect(svgText(svg, 'footer')).toBe('"quoted" & <b>bold</b>');
    // Well-formed XML: resvg parses strictly and throws on malformed input.
    expect(() => new Resvg(svg, { font: { loadSystemFonts: false } })).not.toThrow();
  });

  it('normalises text: NFD to NFC, control characters and runs of spaces to one space', async () => {
    const svg = await renderPosterSvg({ ...input, unitName: '  Trường\u0000 Tiểu\n\thọc  '.normalize('NFD') }, 'A4');
    expect(svgText(svg, 'unit')).toBe('Trường Tiểu học');
    expect(svg).not.toContain('\u0000');
  });
});

describe('layout', () => {
  it('wraps long unit names within the margins and keeps the QR large', () => {
    for (const size of sizes) {
      const scene = layoutPoster({ ...input, unitName: longName, surveyTitle: longName, callToAction: longName }, size);
      const k = scene.width / 595.28;
      const unitLines = scene.shapes.filter((s) => s.kind === 'text' && s.role === 'unit');
      expect(unitLines.length).toBeGreaterThan(1);
      expect(unitLines.length).toBeLessThanOrEqual(4);
      for (const s of scene.shapes) {
        if (s.kind !== 'text') continue;
        const left = s.x;
        expect(left).toBeGreaterThanOrEqual(36 * k - 0.01); // centred, so the right edge mirrors it
        expect(s.baseline).toBeLessThan(scene.height - 30 * k);
      }
      const qr = scene.shapes.find((s) => s.kind === 'qr');
      expect(qr && qr.kind === 'qr' ? qr.module * qr.count : 0).toBeGreaterThan(scene.width * 0.4);
    }
  });

  it('rejects an input without a URL', () => {
    expect(() => layoutPoster({ ...input, url: '' }, 'A4')).toThrow(/url/);
  });
});

describe('renderPosterPdf', () => {
  for (const size of sizes) {
    it(`${size}: a one-page PDF of the right size with the Vietnamese text`, async () => {
      const pdf = await renderPosterPdf(input, size);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const mediaBox = size === 'A4' ? '/MediaBox [0 0 595.28 841.89]' : '/MediaBox [0 0 419.53 595.28]';
      expect(pdf.toString('latin1')).toContain(mediaBox);
      expect(pdf.toString('latin1')).toContain('/FontFile2'); // embedded TrueType, not a standard font
      expect(pdf.toString('latin1')).not.toContain('/Helvetica');
      const pages = await pdfPages(pdf);
      expect(pages).toHaveLength(1);
      expect(pages[0]?.view).toEqual(size === 'A4' ? [0, 0, 595.28, 841.89] : [0, 0, 419.53, 595.28]);
      const text = pages[0]?.text ?? '';
      expect(text).toContain(input.unitName);
      expect(text).toContain(input.surveyTitle);
      expect(text).toContain(input.shortUrl);
      expect(text).toContain('Sở Giáo dục và Đào tạo');
    });
  }
});

describe('streamPosterPdf', () => {
  const names = [
    'Trường Mầm non Hoa Sữa',
    'Trường Tiểu học Lê Quý Đôn',
    'Trường THCS Trưng Vương',
    'Trường THPT Chu Văn An',
    'Phường Đống Đa',
  ];
  const many = names.map((unitName, i) => ({
    ...input,
    unitName,
    url: `${input.url}${i}`,
    shortUrl: `${input.shortUrl}${i}`,
  }));

  it('writes one page per input from an async iterable', async () => {
    async function* rows(): AsyncGenerator<PosterInput> {
      for (const row of many) {
        await new Promise((r) => setTimeout(r, 1));
        yield row;
      }
    }
    const out = sink();
    const result = await streamPosterPdf(rows(), 'A4', out.stream);
    expect(result).toEqual({ pages: 5 });
    expect(out.stream.writableFinished).toBe(true);
    const pages = await pdfPages(out.data());
    expect(pages).toHaveLength(5);
    pages.forEach((page, i) => {
      expect(page.view).toEqual([0, 0, 595.28, 841.89]);
      expect(page.text).toContain(names[i]);
      expect(page.text).toContain(`${input.shortUrl}${i}`);
    });
  });

  it('waits for drain: never pulls the next input while the output is full', { timeout: 30_000 }, async () => {
    const out = sink({ delayMs: 2, highWaterMark: 1024 });
    const needDrainAtPull: boolean[] = [];
    function* rows(): Generator<PosterInput> {
      for (let i = 0; i < 20; i++) {
        needDrainAtPull.push(out.stream.writableNeedDrain);
        yield { ...input, unitName: `${names[i % 5]} ${i}`, url: `${input.url}-${i}` };
      }
    }
    const result = await streamPosterPdf(rows(), 'A5', out.stream);
    expect(result.pages).toBe(20);
    expect(needDrainAtPull).toHaveLength(20);
    expect(needDrainAtPull.every((full) => !full)).toBe(true);
    expect(await pdfPages(out.data())).toHaveLength(20);
  });

  it('with no inputs writes a valid one-page PDF and reports 0 pages', async () => {
    const out = sink();
    expect(await streamPosterPdf([], 'A5', out.stream)).toEqual({ pages: 0 });
    expect(await pdfPages(out.data())).toHaveLength(1);
  });

  it('rejects and destroys the output when the input fails', async () => {
    async function* rows(): AsyncGenerator<PosterInput> {
      yield input;
      throw new Error('database went away');
    }
    const out = sink();
    await expect(streamPosterPdf(rows(), 'A4', out.stream)).rejects.toThrow('database went away');
    expect(out.stream.destroyed).toBe(true);
  });

  it('can leave the output open', async () => {
    const out = sink();
    await streamPosterPdf([input], 'A4', out.stream, { end: false });
    expect(out.stream.writableEnded).toBe(false);
    expect(out.data().subarray(-6).toString('latin1')).toContain('%%EOF');
  });
});
