/**
 * Be Vietnam Pro for printed documents (PDF reports and posters) and poster images.
 *
 * - PDF and PNG use the complete TrueType fonts from @expo-google-fonts/be-vietnam-pro: one file per
 *   weight holds every Latin and Vietnamese glyph, so no text depends on font fallback (resvg's
 *   fallback between faces drops stacked marks: ờ drawn as ơ). pdfkit embeds only the glyphs used;
 *   resvg reads the files where npm installed them.
 * - The standalone SVG embeds @fontsource's WOFF2 subsets with their unicode-range instead: a
 *   browser picks the subsets it needs, and they weigh a fraction of the TrueType files.
 * Files are read once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

export type Weight = 400 | 700;
export const WEIGHTS: readonly Weight[] = [400, 700];
export const FAMILY = 'Be Vietnam Pro';

const TRUETYPE: Record<Weight, string> = {
  400: '400Regular/BeVietnamPro_400Regular.ttf',
  700: '700Bold/BeVietnamPro_700Bold.ttf',
};
/** Italics, for the place and date and the recipients of administrative documents (PDF only). */
const TRUETYPE_ITALIC: Record<Weight, string> = {
  400: '400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf',
  700: '700Bold_Italic/BeVietnamPro_700Bold_Italic.ttf',
};

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));

/** The TrueType file of a weight (for resvg). */
export function fontFile(weight: Weight): string {
  return join(packageDir('@expo-google-fonts/be-vietnam-pro'), TRUETYPE[weight]);
}

/** The name a weight is registered under in a pdfkit document (see registerFonts). */
export const fontKey = (weight: Weight, italic = false): string => `bvp-${weight}${italic ? 'i' : ''}`;

const buffers = new Map<string, Buffer>();

export function registerFonts(doc: PDFKit.PDFDocument): void {
  const dir = packageDir('@expo-google-fonts/be-vietnam-pro');
  for (const weight of WEIGHTS) {
    for (const italic of [false, true]) {
      const key = fontKey(weight, italic);
      let font = buffers.get(key);
      if (!font) {
        font = readFileSync(join(dir, (italic ? TRUETYPE_ITALIC : TRUETYPE)[weight]));
        buffers.set(key, font);
      }
      // pdfkit embeds a registered font only when text uses it.
      doc.registerFont(key, font);
    }
  }
}

// pdfkit shapes with fontkit, so widths measured here include kerning and match the PDF exactly.
let measureDoc: PDFKit.PDFDocument | undefined;
const widthCache = new Map<string, number>();
const WIDTH_CACHE_MAX = 20_000;

/** Advance width of text at font size 1. */
export function textWidth(text: string, weight: Weight, italic = false): number {
  const cacheKey = `${fontKey(weight, italic)}\u0000${text}`;
  const hit = widthCache.get(cacheKey);
  if (hit !== undefined) return hit;
  if (!measureDoc || widthCache.size >= WIDTH_CACHE_MAX) {
    // Widths are cached here as numbers; pdfkit's own cache keeps whole glyph runs per word.
    widthCache.clear();
    measureDoc = new PDFDocument({ autoFirstPage: false, font: '', fontLayoutCache: false });
    registerFonts(measureDoc);
  }
  const width = measureDoc.font(fontKey(weight, italic)).fontSize(1000).widthOfString(text) / 1000;
  widthCache.set(cacheKey, width);
  return width;
}

let fontFaceCss: string | undefined;

/** `@font-face` rules embedding the WOFF2 subsets as data URLs, with each subset's unicode-range. */
export function svgFontFaceCss(): string {
  if (fontFaceCss) return fontFaceCss;
  const dir = packageDir('@fontsource/be-vietnam-pro');
  const ranges = JSON.parse(readFileSync(join(dir, 'unicode.json'), 'utf8')) as Record<string, string>;
  fontFaceCss = WEIGHTS.flatMap((weight) =>
    ['latin', 'latin-ext', 'vietnamese'].map((subset) => {
      const woff2 = readFileSync(join(dir, 'files', `be-vietnam-pro-${subset}-${weight}-normal.woff2`));
      const range = ranges[subset];
      return (
        `@font-face{font-family:'${FAMILY}';font-style:normal;font-weight:${weight};` +
        `src:url(data:font/woff2;base64,${woff2.toString('base64')}) format('woff2')` +
        (range ? `;unicode-range:${range}` : '') +
        '}'
      );
    }),
  ).join('\n');
  return fontFaceCss;
}
