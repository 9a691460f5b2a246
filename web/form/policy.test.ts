import { describe, expect, it } from 'vitest';
import { MAX_DELAY_MS, MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelayMs, verdictFor } from './policy.js';

describe("the outbox's retry policy", () => {
  it('keeps only 200/201 as stored, retries 5xx and transient 4xx, gives up on every other 4xx', () => {
    const byVerdict: Record<string, number[]> = { stored: [], retry: [], 'give-up': [] };
    for (let status = 100; status <= 599; status++) byVerdict[verdictFor(status)]!.push(status);
    expect(byVerdict.stored).toEqual([200, 201]);
    const giveUp = byVerdict['give-up']!;
    expect(giveUp).toHaveLength(100 - 4);
    for (const s of [400, 401, 403, 404, 409, 410, 413, 414, 415, 422, 431, 451]) expect(giveUp).toContain(s);
    for (const s of [407, 408, 425, 429, 500, 502, 503, 504, 599, 0, 204, 302]) expect(verdictFor(s)).toBe('retry');
  });

  it('backs off exponentially with jitter, up to a ceiling', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, undefined, middle))).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(retryDelayMs(50, undefined, middle)).toBe(MAX_DELAY_MS);
    expect(retryDelayMs(1, undefined, () => 0)).toBe(800);
    expect(retryDelayMs(1, undefined, () => 1)).toBe(1200);
    expect(retryDelayMs(0, undefined, middle)).toBe(1000);
  });

  it("waits at least the server's Retry-After, within reason", () => {
    expect(retryDelayMs(1, 5000, () => 0.5)).toBe(5000);
    expect(retryDelayMs(10, 5000, () => 0.5)).toBe(Math.min(512_000, MAX_DELAY_MS));
    expect(retryDelayMs(1, 86_400_000, () => 0.5)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelayMs(1, -5, () => 0.5)).toBe(1000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T08:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 08:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 07:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
