import { openDB, type IDBPDatabase } from 'idb';
import { newResponseId } from './draft.js';
import { parseRetryAfter, retryDelayMs, verdictFor } from './policy.js';
import type { TSubmissionBody as SubmissionBody } from '../../domain/contract/responses.js';

/**
 * The outbox: every answer is written here before it is sent, and leaves only when the server
 * has stored it (201/200) or has refused it for good (a 4xx other than 407/408/425/429; see
 * policy.ts). A failed send (no network, a timeout, 429, any 5xx) leaves it here to be sent again
 * with backoff, when the connection returns, or when any form is opened. The server's idempotency
 * (same id, same body → 200) makes every re-send safe, including one whose first attempt was
 * stored but whose answer never arrived.
 *
 * IndexedDB via idb; where IndexedDB is unavailable (some private modes), localStorage.
 */
export interface OutboxItem {
  id: string;
  body: SubmissionBody;
  queuedAt: number;
  attempts: number;
}

const STORE = 'outbox';
const LS_KEY = 'hl_outbox';
const SEND_TIMEOUT_MS = 20_000;

let database: Promise<IDBPDatabase | null> | undefined;
function idb(): Promise<IDBPDatabase | null> {
  database ??= openDB('hl-form', 1, {
    upgrade(db) {
      db.createObjectStore(STORE, { keyPath: 'id' });
    },
  }).catch(() => null);
  return database;
}

/** Whether the outbox lives in IndexedDB, the only store the service worker can read. */
export async function outboxInIndexedDb(): Promise<boolean> {
  return (await idb()) !== null;
}

function lsItems(): OutboxItem[] {
  try {
    const parsed = JSON.parse(localStorage.getItem(LS_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed) ? (parsed as OutboxItem[]) : [];
  } catch {
    return [];
  }
}

function lsWrite(items: OutboxItem[]): void {
  if (items.length === 0) localStorage.removeItem(LS_KEY);
  else localStorage.setItem(LS_KEY, JSON.stringify(items));
}

export async function putItem(item: OutboxItem): Promise<boolean> {
  const db = await idb();
  try {
    if (db) {
      await db.put(STORE, item);
      return true;
    }
  } catch {
    // fall through to localStorage
  }
  try {
    lsWrite([...lsItems().filter((i) => i.id !== item.id), item]);
    return true;
  } catch {
    return false;
  }
}

export async function removeItem(id: string): Promise<void> {
  const db = await idb();
  try {
    if (db) await db.delete(STORE, id);
  } catch {
    // it may live in localStorage instead
  }
  try {
    const items = lsItems();
    if (items.some((i) => i.id === id)) lsWrite(items.filter((i) => i.id !== id));
  } catch {
    // nothing more to do
  }
}

export async function listItems(): Promise<OutboxItem[]> {
  const db = await idb();
  let items: OutboxItem[] = [];
  try {
    if (db) items = (await db.getAll(STORE)) as OutboxItem[];
  } catch {
    items = [];
  }
  const seen = new Set(items.map((i) => i.id));
  return [...items, ...lsItems().filter((i) => !seen.has(i.id))].sort((a, b) => a.queuedAt - b.queuedAt);
}

/** A field the server named in its refusal ("answers.staff_courtesy", "body.versionId"). */
export interface FieldError {
  path: string;
  message: string;
}

/** Why the server will never take an answer: its status and error body `{ code, message, fields? }`. */
export interface Rejection {
  status: number;
  code: string;
  message: string;
  fields: FieldError[];
}

export type Outcome =
  | { kind: 'stored' }
  /** `status` is absent when no answer came (offline, timeout); `retryAfterMs` is the server's wish. */
  | { kind: 'retry'; status?: number; retryAfterMs?: number }
  | ({ kind: 'give-up' } & Rejection);

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** The error body's top level is the contract; `error.*` mirrors it for the first release's clients. */
async function readRejection(res: Response): Promise<Rejection> {
  const data = (await res.json().catch(() => undefined)) as Record<string, unknown> | undefined;
  const core = data && typeof data === 'object' ? data : {};
  const nested = (core.error && typeof core.error === 'object' ? core.error : {}) as Record<string, unknown>;
  const fields = Array.isArray(core.fields) ? core.fields : Array.isArray(nested.fields) ? nested.fields : [];
  return {
    status: res.status,
    code: text(core.code) || text(nested.code),
    message: text(core.message) || text(nested.message),
    fields: (fields as Array<Record<string, unknown>>)
      .filter((f) => f && typeof f === 'object')
      .map((f) => ({ path: text(f.path), message: text(f.message) })),
  };
}

/** One attempt to send; never throws. The verdict on the status is policy.ts's. */
/**
 * The server accepts form timestamps from the last 30 days only (a phone's clock can be anywhere).
 * An answer that waited longer on the phone keeps its answers and drops its timing, rather than
 * being refused for a date the person cannot fix.
 */
const TIMING_WINDOW_MS = 29 * 24 * 3600_000;
function withinServerWindow(body: SubmissionBody): SubmissionBody {
  const old = (iso: string | undefined) => iso !== undefined && !(Date.now() - Date.parse(iso) < TIMING_WINDOW_MS);
  if (!old(body.startedAt) && !old(body.finishedAt)) return body;
  const { startedAt: _started, finishedAt: _finished, ...rest } = body;
  return rest;
}

export async function post(body: SubmissionBody): Promise<Outcome> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => controller?.abort(), SEND_TIMEOUT_MS);
  try {
    const res = await fetch('/api/v1/public/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(withinServerWindow(body)),
      credentials: 'omit',
      signal: controller?.signal,
    });
    const verdict = verdictFor(res.status);
    if (verdict === 'stored') {
      // A captive portal answers 200 with its own page: only our server's receipt counts.
      const receipt = (await res.json().catch(() => undefined)) as { id?: unknown } | undefined;
      return receipt?.id === body.id ? { kind: 'stored' } : { kind: 'retry', status: res.status };
    }
    if (verdict === 'give-up') return { kind: 'give-up', ...(await readRejection(res)) };
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
    return retryAfterMs === undefined
      ? { kind: 'retry', status: res.status }
      : { kind: 'retry', status: res.status, retryAfterMs };
  } catch {
    return { kind: 'retry' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Send one outbox item and settle it: gone when stored or refused, kept (one more attempt counted)
 * when it is to be tried again. A 409 means this id already holds a different answer (a phone that
 * re-used a draft's id after its first answer was stored): this answer is a new one, so it gets a
 * new id and is sent once more; a second 409 is a refusal like any other.
 */
export async function deliver(item: OutboxItem): Promise<{ id: string; outcome: Outcome }> {
  let current = item;
  let outcome = await post(current.body);
  if (outcome.kind === 'give-up' && outcome.status === 409) {
    const id = newResponseId();
    const renewed = { ...current, id, body: { ...current.body, id } };
    await putItem(renewed);
    await removeItem(current.id);
    current = renewed;
    outcome = await post(current.body);
  }
  if (outcome.kind === 'retry') await putItem({ ...current, attempts: current.attempts + 1 });
  else await removeItem(current.id);
  return { id: current.id, outcome };
}

export interface Refused {
  /** The id it was queued under and, after a 409 renewal, the id it was last sent with. */
  ids: string[];
  body: SubmissionBody;
  rejection: Rejection;
}

export interface FlushResult {
  /** How many answers were stored by this flush. */
  sent: number;
  /** Their ids, including the id each was queued under (in case it was renewed after a 409). */
  sentIds: Set<string>;
  /** Answers the server refused for good; they have left the outbox. */
  refused: Refused[];
  /** Answers still waiting; when > 0, `retry` is the failure that stopped this flush. */
  pending: number;
  retry?: Extract<Outcome, { kind: 'retry' }>;
}

let running: Promise<FlushResult> | undefined;

/** Send everything waiting, oldest first; stops at the first failure that says "not now". */
export function flush(): Promise<FlushResult> {
  running ??= (async () => {
    try {
      const items = await listItems();
      const result: FlushResult = { sent: 0, sentIds: new Set(), refused: [], pending: 0 };
      for (let i = 0; i < items.length; i++) {
        const item = items[i]!;
        const { id, outcome } = await deliver(item);
        if (outcome.kind === 'stored') {
          result.sent++;
          result.sentIds.add(id).add(item.id);
        } else if (outcome.kind === 'give-up') {
          const { kind: _kind, ...rejection } = outcome;
          result.refused.push({ ids: [...new Set([item.id, id])], body: item.body, rejection });
        } else {
          result.pending = items.length - i;
          result.retry = outcome;
          break;
        }
      }
      return result;
    } finally {
      running = undefined;
    }
  })();
  return running;
}

export interface RetryLoop {
  /** Try the outbox now (a form opened, the connection returned, the page was shown again). */
  run(): Promise<FlushResult>;
  /** An attempt failed "not now": try again after the backoff for this many failures in a row. */
  later(retryAfterMs?: number): void;
  stop(): void;
}

/**
 * Tries the outbox again after each failure, with backoff (policy.ts), until it is empty. The
 * `online` event alone is not enough: a phone on a weak network, or behind a proxy, may think it
 * is online throughout, and a server that answers 503 never goes "offline" at all.
 */
export function createRetryLoop(onFlush: (result: FlushResult) => void): RetryLoop {
  let failures = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
  };
  const later = (retryAfterMs?: number) => {
    failures++;
    stop();
    timer = setTimeout(() => void run(), retryDelayMs(failures, retryAfterMs));
  };
  const run = async () => {
    stop();
    const result = await flush();
    if (result.retry) later(result.retry.retryAfterMs);
    else failures = 0;
    onFlush(result);
    return result;
  };
  return { run, later, stop };
}
