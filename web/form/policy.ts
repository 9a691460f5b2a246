/**
 * What the outbox does with the server's answer to a submission, and when it tries again.
 * Pure functions, so the whole policy is tested without a browser (web/form/policy.test.ts).
 */
export type Verdict = 'stored' | 'retry' | 'give-up';

/**
 * Statuses that say "not now" rather than "not this answer": a timeout (408), too early (425),
 * too many requests (429) and a proxy asking to sign in (407) pass with time or with the network,
 * and no answer has ever been refused by them.
 */
const TRANSIENT_4XX = new Set([407, 408, 425, 429]);

/**
 * The outbox keeps an answer until the server has stored it (200 replay, 201 new) or has said it
 * never will. Every 5xx is retried, including 503 `database_unavailable` during an outage: the
 * answer is valid and must not be lost. Every other 4xx is the server's verdict on this body (400
 * invalid, 404/410 no such or closed link, 409 id used by another answer, 413 too large, 415
 * content type, 422…): the same bytes would get the same answer forever, so the outbox drops it
 * and the person is told why. Anything else (a 1xx/3xx, a 2xx other than 200/201) is not our
 * server speaking — a captive portal or proxy — so it is retried.
 */
export function verdictFor(status: number): Verdict {
  if (status === 200 || status === 201) return 'stored';
  if (status >= 400 && status < 500 && !TRANSIENT_4XX.has(status)) return 'give-up';
  return 'retry';
}

/** First wait after a failure; it doubles with each failure in a row, up to MAX_DELAY_MS. */
export const BASE_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 5 * 60_000;
/** A server's Retry-After is obeyed, but a wrong one must not park an answer for a day. */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/**
 * How long to wait before the next attempt after `failures` failures in a row (1 = the first):
 * exponential backoff with ±20 % jitter, so phones that failed together during an outage do not
 * all come back in the same second, and never sooner than the server's Retry-After.
 */
export function retryDelayMs(failures: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures, 1) - 1, 20);
  const backoff = Math.min(BASE_DELAY_MS * 2 ** exponent, MAX_DELAY_MS);
  const jittered = Math.round(backoff * (0.8 + 0.4 * random()));
  const floor = retryAfterMs === undefined ? 0 : Math.min(Math.max(retryAfterMs, 0), MAX_RETRY_AFTER_MS);
  return Math.max(jittered, floor);
}

/** Retry-After as seconds or as an HTTP date (RFC 9110 §10.2.3), in ms from now; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(at - now, 0);
}
