import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { WEB_DIST } from '../web/dist.js';
import type { PublicForm } from './queries.js';
import { escapeMarkup } from '../http/escape.js';
import { estimateText } from '../../domain/estimate.js';

/** JSON safe inside a <script> element: no "</script>", no "<!--". */
export const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

let template: { mtimeMs: number; html: string } | undefined;

/** The built form page (web/dist/form/index.html), re-read only when a new build replaces it. */
async function formTemplate(): Promise<string | undefined> {
  const file = path.join(WEB_DIST, 'form', 'index.html');
  try {
    const { mtimeMs } = await stat(file);
    if (template?.mtimeMs !== mtimeMs) template = { mtimeMs, html: await readFile(file, 'utf8') };
    return template.html;
  } catch {
    return undefined;
  }
}

/**
 * The top of the page as the app first draws it (web/form/App.tsx, in Vietnamese), so a phone shows
 * the survey's title and introduction as soon as the HTML arrives, before the script has run. The
 * app replaces it with the same markup and the questions below. Keep the two in step.
 */
function staticShell(form: PublicForm): string {
  const description = form.definition.description?.vi;
  return (
    '<div class="hl-page"><header class="hl-header"><div class="hl-topbar"><span class="hl-brand">Hài lòng</span></div>' +
    `<h1 class="hl-title">${escapeMarkup(form.survey.title.vi)}</h1>` +
    `<p class="hl-unit"><span class="hl-unit-label">Đơn vị: </span>${escapeMarkup(form.unit.name)}</p></header>` +
    '<main class="hl-main">' +
    (description ? `<p class="hl-intro">${escapeMarkup(description)}</p>` : '') +
    `<p class="hl-intro hl-estimate">Thời gian trả lời: ${estimateText(form.definition)}.</p>` +
    '<p class="hl-intro hl-anon">Phiếu ẩn danh: không hỏi họ tên, số điện thoại hay thông tin cá nhân.</p>' +
    '<p class="hl-loading">Đang tải phiếu khảo sát…</p></main></div>'
  );
}

/**
 * Open Graph tags, so a link pasted into Zalo or Facebook shows the survey and the unit, not a bare
 * address (#15.6). `origin` is the address the page was asked for: the one the preview fetched.
 */
export function openGraph(form: PublicForm, origin: string): string {
  const description = `${form.unit.name} — phiếu khảo sát ẩn danh, ${estimateText(form.definition)}, không cần đăng nhập.`;
  const tags: Array<[string, string]> = [
    ['og:type', 'website'],
    ['og:site_name', 'Hài lòng'],
    ['og:locale', 'vi_VN'],
    ['og:title', form.survey.title.vi],
    ['og:description', description],
    ['og:url', `${origin}/f/${form.link.code}`],
    ['og:image', `${origin}/icon-512.png`],
    ['og:image:width', '512'],
    ['og:image:height', '512'],
    ['og:image:alt', 'Hài lòng'],
  ];
  return (
    '\n' +
    tags.map(([property, content]) => `<meta property="${property}" content="${escapeMarkup(content)}">`).join('\n') +
    `\n<meta name="twitter:card" content="summary">` +
    `\n<meta name="description" content="${escapeMarkup(description)}">`
  );
}

/**
 * The form page with the form's data inlined, so a phone on a slow network gets everything it
 * needs to render in the HTML and one script, without another round trip for the definition.
 */
export async function formPage(form: PublicForm, origin: string): Promise<string | undefined> {
  const html = await formTemplate();
  if (!html) return undefined;
  const title = `${form.survey.title.vi} — ${form.unit.name}`;
  return html
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeMarkup(title)}</title>${openGraph(form, origin)}`)
    .replace('</head>', `<script id="hl-form-data" type="application/json">${scriptJson(form)}</script>\n</head>`)
    .replace('<div id="root"></div>', `<div id="root">${staticShell(form)}</div>`);
}

const PAGE_STYLE = `
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2937;background:#f5f7fa;line-height:1.5}
main{max-width:32rem;margin:0 auto;padding:2.5rem 1.25rem}
.card{background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.35rem;color:#0b4f8a;margin:0 0 .75rem}
p{margin:.5rem 0}
.en{color:#4b5563;font-size:.95rem;border-top:1px solid #e5e7eb;margin-top:1rem;padding-top:.75rem}`;

/** The CSP source that allows exactly the message page's inline style (the policy forbids other inline styles). */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(PAGE_STYLE).digest('base64')}'`;

/**
 * A small friendly page for a link that cannot take answers now or ever, in Vietnamese with English
 * below. It needs nothing from the database, so it can be sent while the database is away (outage).
 */
export function messagePage(
  kind: 'unknown' | 'retired' | 'unavailable' | 'outage',
  custom?: { title: string; body: string; en: string },
): string {
  const text =
    custom ??
    {
      unknown: {
        title: 'Không tìm thấy phiếu khảo sát',
        body: 'Đường dẫn hoặc mã QR này không đúng. Vui lòng quét lại mã trên áp phích, hoặc kiểm tra lại địa chỉ đã nhập.',
        en: 'This survey link does not exist. Please scan the QR code on the poster again, or check the address you typed.',
      },
      retired: {
        title: 'Phiếu khảo sát đã đóng',
        body: 'Đường dẫn này không còn nhận ý kiến. Cảm ơn Ông/Bà đã quan tâm; vui lòng dùng mã QR mới tại đơn vị nếu có.',
        en: 'This survey link no longer accepts answers. Thank you for your interest; please use the new QR code at the office if there is one.',
      },
      unavailable: {
        title: 'Phiếu khảo sát tạm thời chưa mở được',
        body: 'Hệ thống đang được cập nhật. Vui lòng thử lại sau ít phút.',
        en: 'The survey is being updated. Please try again in a few minutes.',
      },
      outage: {
        title: 'Hệ thống đang tạm gián đoạn',
        body: 'Hệ thống đang bảo trì hoặc gián đoạn nên phiếu khảo sát tạm thời chưa mở được. Vui lòng thử lại sau ít phút; mã QR và đường dẫn này vẫn dùng được.',
        en: 'The system is under maintenance or briefly unavailable, so the survey cannot be opened right now. Please try again in a few minutes; this QR code and link still work.',
      },
    }[kind];
  // A page that may work in a minute offers to try again: an empty href reloads this same address.
  const retry = kind === 'outage' || kind === 'unavailable' ? '\n<p><a href="">Thử lại</a></p>' : '';
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeMarkup(text.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<div class="card">
<h1>${escapeMarkup(text.title)}</h1>
<p>${escapeMarkup(text.body)}</p>${retry}
<p class="en" lang="en">${escapeMarkup(text.en)}</p>
</div>
</main>
</body>
</html>
`;
}

const PUBLIC_FILES = new Set([
  'favicon.svg',
  'favicon-32.png',
  'icon-192.png',
  'icon-512.png',
  'icon-maskable-512.png',
  'apple-touch-icon.png',
  'manifest.webmanifest',
]);
const publicCache = new Map<string, Buffer>();

/** A file of web/public (copied to the build root by Vite); only the names above, read once. */
export async function publicFile(name: string): Promise<Buffer | undefined> {
  if (!PUBLIC_FILES.has(name)) return undefined;
  const hit = publicCache.get(name);
  if (hit) return hit;
  try {
    const body = await readFile(path.join(WEB_DIST, name));
    publicCache.set(name, body);
    return body;
  } catch {
    return undefined;
  }
}

/** The service worker the form registers (web/form/sw.ts, built to the build root by web/form/sw.build.ts). */
export async function serviceWorkerScript(): Promise<Buffer | undefined> {
  try {
    return await readFile(path.join(WEB_DIST, 'sw.js'));
  } catch {
    return undefined;
  }
}
