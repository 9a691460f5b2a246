import { t } from '../i18n.js';

/** JSON calls to the API with the session cookie and the CSRF token the server gave at sign-in. */
let csrfToken = '';
export function setCsrfToken(token: string) {
  csrfToken = token;
}

export interface FieldError {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

interface ErrorCore {
  code?: unknown;
  message?: unknown;
  fields?: unknown;
}

/** The error body is `{ code, message, fields?, error: {…} }`; older servers sent only `error`. */
function errorOf(res: Response, data: unknown): ApiError {
  const body = (typeof data === 'object' && data !== null ? data : {}) satisfies object;
  const top: ErrorCore = body;
  const nested: ErrorCore = 'error' in body && typeof body.error === 'object' && body.error ? body.error : {};
  const pick = (k: keyof ErrorCore) => top[k] ?? nested[k];
  const code = pick('code');
  const message = pick('message');
  const fields = pick('fields');
  return new ApiError(
    res.status,
    typeof code === 'string' ? code : 'error',
    // Without a message of the app's own (a proxy's error page), never the English status text.
    typeof message === 'string' ? message : t('errorStatus', { status: res.status }),
    Array.isArray(fields) ? fields.filter(isFieldError) : [],
  );
}

function isFieldError(f: unknown): f is FieldError {
  return typeof f === 'object' && f !== null && 'path' in f && 'message' in f;
}

export interface RequestInit {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** TanStack Query passes one per query: a superseded query's request is aborted. */
  signal?: AbortSignal | undefined;
  /** Sees the raw response, e.g. to tell 201 (created) from 200 (already there). */
  onResponse?: (res: Response) => void;
}

/** Sends a request and answers the parsed JSON body (undefined for 204), or throws ApiError. */
export async function request(path: string, init: RequestInit = {}): Promise<unknown> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
    });
  } catch (err) {
    // "Failed to fetch" is the browser's English; an aborted request stays as it is for the caller.
    if (init.signal?.aborted) throw err;
    throw new ApiError(0, 'network', t('errorNetwork'));
  }
  init.onResponse?.(res);
  if (res.status === 204) return undefined;
  const data: unknown = await res.json().catch(() => ({}));
  if (!res.ok) throw errorOf(res, data);
  return data;
}

/** Anything with zod's `parse`: the shared response schemas of domain/ fit. */
export interface Parser<T> {
  parse(data: unknown): T;
}

/** An answer that does not match the contract: a server and web app from different releases. */
export class ContractError extends Error {
  constructor(
    public readonly path: string,
    cause: unknown,
  ) {
    super(t('badAnswer'), { cause });
  }
}

function parsed<T>(path: string, schema: Parser<T>, data: unknown): T {
  try {
    return schema.parse(data);
  } catch (err) {
    console.error(`Unexpected answer from ${path}`, err);
    throw new ContractError(path, err);
  }
}

/** GET a JSON answer, checked against its schema. */
export async function get<T>(path: string, schema: Parser<T>, signal?: AbortSignal): Promise<T> {
  return parsed(path, schema, await request(path, { signal }));
}

type Method = 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Send a change; with a schema, answer the checked body, without one, nothing. */
export async function send<T>(
  method: Method,
  path: string,
  body: unknown,
  schema: Parser<T>,
  onResponse?: (res: Response) => void,
): Promise<T>;
export async function send(method: Method, path: string, body?: unknown): Promise<void>;
export async function send<T>(
  method: Method,
  path: string,
  body?: unknown,
  schema?: Parser<T>,
  onResponse?: (res: Response) => void,
): Promise<T | void> {
  const data = await request(path, { method, body, ...(onResponse ? { onResponse } : {}) });
  if (schema) return parsed(path, schema, data);
}

/** Build a query string from defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Field errors of an API error as a map from field name (without the "body." prefix) to message. */
export function fieldErrors(err: unknown, prefix = 'body.'): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of err.fields) {
    const key = f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path;
    out[key] ??= f.message;
  }
  return out;
}

/** The message to show for any thrown value. */
export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
