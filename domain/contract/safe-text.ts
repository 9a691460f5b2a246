import { z } from 'zod';

/**
 * NUL, and a UTF-16 half without its pair (a string cut in the middle of an emoji). PostgreSQL
 * refuses NUL in text and jsonb, and a lone half has no UTF-8 encoding: either would fail deep in
 * a query or an export, so input carrying one is refused at the door (plugins/input-guard.ts).
 */
// eslint-disable-next-line no-control-regex -- NUL is what this looks for
const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNSAFE_TEXT_MESSAGE = 'có ký tự không hợp lệ (ký tự NUL hoặc ký tự Unicode bị cắt đôi)';

export function hasUnsafeText(s: string): boolean {
  return UNSAFE_TEXT.test(s);
}

/** A string without NUL or lone surrogates, for text that reaches the database or an export. */
export const safeText = () => z.string().refine((s) => !hasUnsafeText(s), UNSAFE_TEXT_MESSAGE);

/** Real time zones run from UTC−12:00 to UTC+14:00; PostgreSQL refuses offsets past ±15:59. */
const MAX_OFFSET_MINUTES = 14 * 60;
const DAY_MS = 24 * 3600_000;

function offsetMinutes(iso: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(iso);
  return m ? Number(m[2]) * 60 + Number(m[3]) : 0;
}

/**
 * An ISO 8601 instant with a real time-zone offset, within [now − pastDays, now + futureDays] by
 * the server's clock when the request is validated. A phone's clock may be off by hours, not by
 * centuries: year 0001 or 9999 is an attack or a bug, and would overflow exports' epoch arithmetic.
 */
export function recentInstant({ pastDays, futureDays }: { pastDays: number; futureDays: number }) {
  // abort: a string that is no ISO instant gets that one message, not the range's as well.
  return z.iso
    .datetime({ offset: true, abort: true, message: 'thời điểm phải theo ISO 8601' })
    .superRefine((s, ctx) => {
      const t = Date.parse(s);
      const now = Date.now();
      if (offsetMinutes(s) > MAX_OFFSET_MINUTES) {
        ctx.addIssue({ code: 'custom', message: 'múi giờ phải trong khoảng −14:00 đến +14:00' });
      } else if (!Number.isFinite(t) || t < now - pastDays * DAY_MS || t > now + futureDays * DAY_MS) {
        ctx.addIssue({
          code: 'custom',
          message: `thời điểm phải trong vòng ${pastDays} ngày qua theo đồng hồ máy chủ`,
        });
      }
    });
}
