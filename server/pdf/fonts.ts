/**
 * Fonts for the poster renderer: Be Vietnam Pro from @fontsource/be-vietnam-pro.
 *
 * Fontsource ships the family as three disjoint subsets (latin, latin-ext, vietnamese); a Vietnamese
 * word such as "Trường" needs glyphs from more than one of them. So:
 * - each subset's WOFF is decoded once to a plain TrueType (sfnt) buffer and given its own family
 *   name ("HL BVP latin", …), because resvg cannot read WOFF and its per-character fallback between
 *   faces of one family drops diacritics (ờ rendered as ơ);
 * - text is split into runs, each run drawn with the one subset that has all its glyphs
 *   (`segment`), so PDF and PNG never depend on font fallback;
 * - the standalone SVG embeds the original WOFF2 files under the real family name with the CSS
 *   unicode-range of each subset, so a browser picks the right subset itself.
 * Everything is loaded lazily once per process and cached.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

export type Weight = 400 | 700;
export const WEIGHTS: readonly Weight[] = [400, 700];
/** Order matters: the first subset that has a character draws it. */
const SUBSETS = ['latin', 'latin-ext', 'vietnamese'] as const;
type Subset = (typeof SUBSETS)[number];

export const FAMILY = 'Be Vietnam Pro';

export interface Face {
  /** Name registered with pdfkit, e.g. `bvp-vietnamese-700`. */
  key: string;
  /** Family name inside `sfnt`, used by the PNG (resvg) path, e.g. `HL BVP vietnamese`. */
  family: string;
  subset: Subset;
  weight: Weight;
  /** Decoded, renamed TrueType font. */
  sfnt: Buffer;
  /** Original WOFF2, embedded in standalone SVG. */
  woff2: Buffer;
  /** Code points that have a glyph. */
  coverage: Set<number>;
}

export interface Run {
  face: Face;
  text: string;
}

// ---------------------------------------------------------------------------------------------
// WOFF → sfnt, name table, cmap
// ---------------------------------------------------------------------------------------------

interface Table {
  tag: string;
  data: Buffer;
}

function woffTables(woff: Buffer): { flavor: number; tables: Table[] } {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: Table[] = [];
  for (let i = 0; i < numTables; i++) {
    const o = 44 + i * 20;
    const tag = woff.toString('latin1', o, o + 4);
    const offset = woff.readUInt32BE(o + 4);
    const compLength = woff.readUInt32BE(o + 8);
    const origLength = woff.readUInt32BE(o + 12);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : Buffer.from(raw);
    if (data.length !== origLength) throw new Error(`WOFF table ${tag}: bad length`);
    tables.push({ tag, data });
  }
  return { flavor, tables };
}

function checksum(data: Buffer): number {
  let sum = 0;
  const padded = data.length % 4 ? Buffer.concat([data, Buffer.alloc(4 - (data.length % 4))]) : data;
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function buildSfnt(flavor: number, input: Table[]): Buffer {
  const tables = [...input].sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const head = tables.find((t) => t.tag === 'head');
  if (head) head.data.writeUInt32BE(0, 8); // checkSumAdjustment, recomputed below
  const n = tables.length;
  const entrySelector = Math.floor(Math.log2(n));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + 16 * n);
  header.writeUInt32BE(flavor, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(n * 16 - searchRange, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  let headOffset = -1;
  tables.forEach((t, i) => {
    const h = 12 + i * 16;
    if (t === head) headOffset = offset;
    header.write(t.tag, h, 4, 'latin1');
    header.writeUInt32BE(checksum(t.data), h + 4);
    header.writeUInt32BE(offset, h + 8);
    header.writeUInt32BE(t.data.length, h + 12);
    const pad = (4 - (t.data.length % 4)) % 4;
    parts.push(t.data);
    if (pad) parts.push(Buffer.alloc(pad));
    offset += t.data.length + pad;
  });
  const font = Buffer.concat(parts);
  if (headOffset >= 0) {
    const adjustment = (0xb1b0afba - checksum(font)) >>> 0;
    font.writeUInt32BE(adjustment, headOffset + 8);
  }
  return font;
}

/** Rewrites the family/style/full/PostScript names (IDs 1–4, 6, 16, 17), keeping all other records. */
function renameTable(name: Buffer, family: string, style: string, postscript: string): Buffer {
  const count = name.readUInt16BE(2);
  const stringOffset = name.readUInt16BE(4);
  const replaced = new Set([1, 2, 3, 4, 6, 16, 17, 21, 22]);
  const records: { platform: number; encoding: number; language: number; nameId: number; bytes: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const o = 6 + i * 12;
    const nameId = name.readUInt16BE(o + 6);
    if (replaced.has(nameId)) continue;
    const length = name.readUInt16BE(o + 8);
    const offset = name.readUInt16BE(o + 10);
    records.push({
      platform: name.readUInt16BE(o),
      encoding: name.readUInt16BE(o + 2),
      language: name.readUInt16BE(o + 4),
      nameId,
      bytes: name.subarray(stringOffset + offset, stringOffset + offset + length),
    });
  }
  const utf16be = (s: string): Buffer => Buffer.from(s, 'utf16le').swap16();
  const own: [number, string][] = [
    [1, family],
    [2, style],
    [3, `${postscript};hailong`],
    [4, `${family} ${style}`],
    [6, postscript],
  ];
  for (const [nameId, value] of own) {
    records.push({ platform: 3, encoding: 1, language: 0x409, nameId, bytes: utf16be(value) });
  }
  records.sort(
    (a, b) => a.platform - b.platform || a.encoding - b.encoding || a.language - b.language || a.nameId - b.nameId,
  );
  const head = Buffer.alloc(6 + records.length * 12);
  head.writeUInt16BE(0, 0);
  head.writeUInt16BE(records.length, 2);
  head.writeUInt16BE(head.length, 4);
  let offset = 0;
  records.forEach((r, i) => {
    const o = 6 + i * 12;
    head.writeUInt16BE(r.platform, o);
    head.writeUInt16BE(r.encoding, o + 2);
    head.writeUInt16BE(r.language, o + 4);
    head.writeUInt16BE(r.nameId, o + 6);
    head.writeUInt16BE(r.bytes.length, o + 8);
    head.writeUInt16BE(offset, o + 10);
    offset += r.bytes.length;
  });
  return Buffer.concat([head, ...records.map((r) => r.bytes)]);
}

/** Code points mapped to a real glyph by the Unicode cmap subtable (format 4 or 12). */
function cmapCoverage(cmap: Buffer): Set<number> {
  const out = new Set<number>();
  const n = cmap.readUInt16BE(2);
  let best = -1;
  let bestFormat = 0;
  for (let i = 0; i < n; i++) {
    const platform = cmap.readUInt16BE(4 + i * 8);
    const encoding = cmap.readUInt16BE(6 + i * 8);
    const offset = cmap.readUInt32BE(8 + i * 8);
    const format = cmap.readUInt16BE(offset);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (unicode && (format === 12 || (format === 4 && bestFormat !== 12))) {
      best = offset;
      bestFormat = format;
    }
  }
  if (best < 0) return out;
  if (bestFormat === 12) {
    const groups = cmap.readUInt32BE(best + 12);
    for (let g = 0; g < groups; g++) {
      const o = best + 16 + g * 12;
      const start = cmap.readUInt32BE(o);
      const end = cmap.readUInt32BE(o + 4);
      const glyph = cmap.readUInt32BE(o + 8);
      for (let c = start; c <= end; c++) if (glyph + (c - start) !== 0) out.add(c);
    }
    return out;
  }
  const segCount = cmap.readUInt16BE(best + 6) / 2;
  const ends = best + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  for (let s = 0; s < segCount; s++) {
    const end = cmap.readUInt16BE(ends + s * 2);
    const start = cmap.readUInt16BE(starts + s * 2);
    const delta = cmap.readInt16BE(deltas + s * 2);
    const rangeOffset = cmap.readUInt16BE(rangeOffsets + s * 2);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      let glyph: number;
      if (rangeOffset === 0) glyph = (c + delta) & 0xffff;
      else {
        const at = rangeOffsets + s * 2 + rangeOffset + (c - start) * 2;
        glyph = cmap.readUInt16BE(at);
        if (glyph !== 0) glyph = (glyph + delta) & 0xffff;
      }
      if (glyph !== 0) out.add(c);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Loading (once per process)
// ---------------------------------------------------------------------------------------------

const require = createRequire(import.meta.url);
let faces: Face[] | undefined;

function fontDir(): string {
  return dirname(require.resolve('@fontsource/be-vietnam-pro/package.json'));
}

export function loadFaces(): Face[] {
  if (faces) return faces;
  const dir = fontDir();
  const loaded: Face[] = [];
  for (const weight of WEIGHTS) {
    for (const subset of SUBSETS) {
      const base = join(dir, 'files', `be-vietnam-pro-${subset}-${weight}-normal`);
      const { flavor, tables } = woffTables(readFileSync(`${base}.woff`));
      const family = `HL BVP ${subset}`;
      const style = weight === 700 ? 'Bold' : 'Regular';
      const nameTable = tables.find((t) => t.tag === 'name');
      const cmapTable = tables.find((t) => t.tag === 'cmap');
      if (!nameTable || !cmapTable) throw new Error(`${base}.woff: missing name or cmap table`);
      nameTable.data = renameTable(nameTable.data, family, style, `HLBVP${subset.replace('-', '')}-${style}`);
      loaded.push({
        key: `bvp-${subset}-${weight}`,
        family,
        subset,
        weight,
        sfnt: buildSfnt(flavor, tables),
        woff2: readFileSync(`${base}.woff2`),
        coverage: cmapCoverage(cmapTable.data),
      });
    }
  }
  faces = loaded;
  return loaded;
}

function facesFor(weight: Weight): Face[] {
  return loadFaces().filter((f) => f.weight === weight);
}

/** Splits text into runs so that each run is drawn by one subset that has all its characters. */
export function segment(text: string, weight: Weight): Run[] {
  const candidates = facesFor(weight);
  const first = candidates[0];
  if (!first) throw new Error('no fonts loaded');
  const runs: Run[] = [];
  let current: Run | undefined;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    let face: Face;
    if (current && current.face.coverage.has(cp)) face = current.face;
    else face = candidates.find((f) => f.coverage.has(cp)) ?? current?.face ?? first;
    if (current && current.face === face) current.text += ch;
    else {
      current = { face, text: ch };
      runs.push(current);
    }
  }
  return runs;
}

// ---------------------------------------------------------------------------------------------
// Measuring (pdfkit shapes with fontkit, so widths include kerning and match the PDF exactly)
// ---------------------------------------------------------------------------------------------

let measureDoc: PDFKit.PDFDocument | undefined;
const widthCache = new Map<string, number>();
const WIDTH_CACHE_MAX = 20_000;

export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const face of loadFaces()) doc.registerFont(face.key, face.sfnt);
}

/** Advance width of a run at font size 1. */
export function runWidth(face: Face, text: string): number {
  const cacheKey = `${face.key}\u0000${text}`;
  const hit = widthCache.get(cacheKey);
  if (hit !== undefined) return hit;
  if (!measureDoc || widthCache.size >= WIDTH_CACHE_MAX) {
    // Widths are cached here as numbers; pdfkit's own cache keeps whole glyph runs per word.
    widthCache.clear();
    measureDoc = new PDFDocument({ autoFirstPage: false, font: '', fontLayoutCache: false });
    registerFonts(measureDoc);
  }
  const width = measureDoc.font(face.key).fontSize(1000).widthOfString(text) / 1000;
  widthCache.set(cacheKey, width);
  return width;
}

/** Advance width of text at font size 1. */
export function textWidth(text: string, weight: Weight): number {
  let w = 0;
  for (const run of segment(text, weight)) w += runWidth(run.face, run.text);
  return w;
}

// ---------------------------------------------------------------------------------------------
// resvg font files and SVG @font-face
// ---------------------------------------------------------------------------------------------

let fontFiles: string[] | undefined;

/**
 * resvg-js (Node) loads fonts only from files, so the decoded TrueType faces are written once to a
 * content-addressed directory under the OS temp dir (atomically, so parallel processes are safe).
 */
export function resvgFontFiles(): string[] {
  if (fontFiles) return fontFiles;
  const all = loadFaces();
  const hash = createHash('sha256');
  for (const f of all) hash.update(f.sfnt);
  const dir = join(tmpdir(), `hailong-poster-fonts-${hash.digest('hex').slice(0, 12)}`);
  mkdirSync(dir, { recursive: true });
  fontFiles = all.map((f) => {
    const file = join(dir, `${f.key}.ttf`);
    if (!existsSync(file) || readFileSync(file).length !== f.sfnt.length) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, f.sfnt);
      renameSync(tmp, file);
    }
    return file;
  });
  return fontFiles;
}

let fontFaceCss: string | undefined;

/** `@font-face` rules embedding the WOFF2 subsets as data URLs, with each subset's unicode-range. */
export function svgFontFaceCss(): string {
  if (fontFaceCss) return fontFaceCss;
  const ranges = JSON.parse(readFileSync(join(fontDir(), 'unicode.json'), 'utf8')) as Record<string, string>;
  fontFaceCss = loadFaces()
    .map((f) => {
      const range = ranges[f.subset];
      return (
        `@font-face{font-family:'${FAMILY}';font-style:normal;font-weight:${f.weight};` +
        `src:url(data:font/woff2;base64,${f.woff2.toString('base64')}) format('woff2')` +
        (range ? `;unicode-range:${range}` : '') +
        '}'
      );
    })
    .join('\n');
  return fontFaceCss;
}
