import type { FormValues } from './values.js';

/**
 * A half-filled form lives in localStorage under its link code, with the response id and the
 * time it was opened, so a reload (or a phone that drops the tab) loses nothing and a later send
 * still carries the same idempotency key.
 */
export interface Draft {
  id: string;
  startedAt: string;
  versionId: number;
  values: FormValues;
  savedAt: number;
}

const draftKey = (code: string) => `hl_draft_${code}`;

function read<T>(key: string): T | undefined {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): boolean {
  try {
    localStorage.setItem(key, JSON.stringify(value));
    return true;
  } catch {
    // Storage full or blocked (private mode): the form still works, it just will not survive a reload.
    return false;
  }
}

export function loadDraft(code: string): Draft | undefined {
  const d = read<Draft>(draftKey(code));
  return d && typeof d.id === 'string' && d.values && typeof d.values.a === 'object' ? d : undefined;
}

export function saveDraft(code: string, draft: Draft): void {
  write(draftKey(code), draft);
}

export function clearDraft(code: string): void {
  try {
    localStorage.removeItem(draftKey(code));
  } catch {
    // nothing to clear
  }
}

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  if (typeof crypto !== 'undefined' && typeof crypto.getRandomValues === 'function') crypto.getRandomValues(bytes);
  else for (let i = 0; i < n; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}

/**
 * A version-4 UUID. crypto.randomUUID exists only in secure contexts (https, localhost), and a
 * school may open the form over plain http on its LAN; getRandomValues works everywhere.
 */
export function newResponseId(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = randomBytes(16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * A random token for this phone (browser), sent with each answer. The server keeps only a keyed
 * hash of it, to notice bursts and duplicates from one phone without knowing who it is.
 */
export function deviceToken(): string {
  const key = 'hl_device';
  const existing = read<string>(key);
  if (typeof existing === 'string' && /^[\w-]{16,128}$/.test(existing)) return existing;
  const token = Array.from(randomBytes(18), (x) => x.toString(16).padStart(2, '0')).join('');
  write(key, token);
  return token;
}
