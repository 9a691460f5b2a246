import { openDB, type IDBPDatabase } from 'idb';
import { newResponseId } from './draft.js';
import type { SubmissionBody } from './types.js';

/**
 * The outbox: every answer is written here before it is sent, and leaves only when the server
 * has stored it (201/200) or can never take it (400/404/410). A failed send (no network, a
 * timeout, 429, 5xx) leaves it here to be sent again when the connection returns, when any form
 * is opened, or on a timer. The server's idempotency (same id, same body → 200) makes every
 * re-send safe, including one whose first attempt was stored but whose answer never arrived.
 *
 * IndexedDB via idb; where IndexedDB is unavailable (some private modes), localStorage.
 */
export interface OutboxItem {
  id: string;
  body: SubmissionBody;
  queuedAt: number;
  attempts: number;
}

export type Outcome =
  | { kind: 'stored' }
  | { kind: 'retry'; status?: number }
  | { kind: 'invalid'; fields: Array<{ path: string; message: string }> }
  | { kind: 'closed'; status: number };

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

/** One attempt to send; never throws. */
export async function post(body: SubmissionBody): Promise<Outcome | { kind: 'conflict' }> {
  const controller = typeof AbortController === 'function' ? new AbortController() : undefined;
  const timer = setTimeout(() => controller?.abort(), SEND_TIMEOUT_MS);
  try {
    const res = await fetch('/api/v1/public/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'omit',
      signal: controller?.signal,
    });
    if (res.status === 200 || res.status === 201) return { kind: 'stored' };
    if (res.status === 404 || res.status === 410) return { kind: 'closed', status: res.status };
    if (res.status === 409) return { kind: 'conflict' };
    if (res.status === 400) {
      const data = (await res.json().catch(() => ({}))) as {
        error?: { fields?: Array<{ path: string; message: string }> };
      };
      return { kind: 'invalid', fields: data.error?.fields ?? [] };
    }
    return { kind: 'retry', status: res.status };
  } catch {
    return { kind: 'retry' };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Send one outbox item and settle it. A 409 means this id already holds a different answer (a
 * phone that re-used a draft's id after its first answer was stored): this answer is a new one,
 * so it gets a new id and is sent again.
 */
export async function deliver(item: OutboxItem): Promise<{ id: string; outcome: Outcome }> {
  let current = item;
  let outcome = await post(current.body);
  if (outcome.kind === 'conflict') {
    const id = newResponseId();
    const renewed = { ...current, id, body: { ...current.body, id } };
    await putItem(renewed);
    await removeItem(current.id);
    current = renewed;
    outcome = await post(current.body);
    if (outcome.kind === 'conflict') outcome = { kind: 'invalid', fields: [] };
  }
  if (outcome.kind === 'retry') await putItem({ ...current, attempts: current.attempts + 1 });
  else await removeItem(current.id);
  return { id: current.id, outcome };
}

export interface FlushResult {
  /** How many answers were stored by this flush. */
  sent: number;
  /** Their ids, including the id each was queued under (in case it was renewed after a 409). */
  sentIds: Set<string>;
  pending: number;
}

let running: Promise<FlushResult> | undefined;

/** Send everything waiting, oldest first; stops at the first failure that says "not now". */
export function flush(): Promise<FlushResult> {
  running ??= (async () => {
    try {
      const items = await listItems();
      const sentIds = new Set<string>();
      let sent = 0;
      let pending = 0;
      for (let i = 0; i < items.length; i++) {
        const { id, outcome } = await deliver(items[i]!);
        if (outcome.kind === 'stored') {
          sent++;
          sentIds.add(id).add(items[i]!.id);
        }
        if (outcome.kind === 'retry') {
          pending = items.length - i;
          break;
        }
      }
      return { sent, sentIds, pending };
    } finally {
      running = undefined;
    }
  })();
  return running;
}
