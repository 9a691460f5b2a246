import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { escapeMarkup } from '../http/escape.js';
import { WEB_DIST } from '../web/dist.js';
import type { KioskPageLookup } from './queries.js';

/** What the kiosk page (web/kiosk) finds inlined as #hl-kiosk-data. */
export type KioskPageData =
  | { state: 'ok'; token: string; label: string; form: Extract<KioskPageLookup, { status: 'ok' }>['form'] }
  | { state: 'revoked' | 'unknown' };

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const MESSAGES = {
  revoked: {
    title: 'Máy khảo sát này đã ngừng hoạt động',
    body: 'Máy đã bị thu hồi nên không nhận thêm phiếu. Vui lòng liên hệ cán bộ phụ trách.',
  },
  unknown: {
    title: 'Không tìm thấy máy khảo sát',
    body: 'Đường dẫn của máy không đúng. Vui lòng liên hệ cán bộ phụ trách.',
  },
};

export const kioskMessage = (state: 'revoked' | 'unknown') => MESSAGES[state];

/**
 * The built kiosk page with its data inlined, so it draws at once and keeps working offline. The
 * message states (revoked, unknown) are drawn by the same page; a plain page stands in if the web
 * app is not built.
 */
export async function kioskHtml(data: KioskPageData): Promise<string> {
  const html = await readFile(path.join(WEB_DIST, 'kiosk', 'index.html'), 'utf8').catch(() => undefined);
  if (html) {
    return html.replace(
      '</head>',
      `<script id="hl-kiosk-data" type="application/json">${scriptJson(data)}</script>\n</head>`,
    );
  }
  const message =
    data.state === 'ok'
      ? { title: 'Hài lòng', body: 'Trang chưa sẵn sàng, vui lòng thử lại sau.' }
      : MESSAGES[data.state];
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${escapeMarkup(message.title)}</title></head><body><h1>${escapeMarkup(message.title)}</h1><p>${escapeMarkup(message.body)}</p></body></html>`;
}
