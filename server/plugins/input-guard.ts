import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasUnsafeText, UNSAFE_TEXT_MESSAGE } from '../http/schemas.js';
import { HttpError, type FieldError } from './errors.js';

/** Far deeper than any body the app takes (a survey definition nests 7 levels). */
export const MAX_JSON_DEPTH = 32;
/** Values (objects, arrays, strings, numbers…) in one body; the largest definition has about 200. */
export const MAX_JSON_VALUES = 20_000;

const INVALID_MESSAGE = 'Dữ liệu gửi lên có giá trị không hợp lệ';
/** Long or odd keys are shortened in error paths: the path is for a person to read. */
const SEGMENT_MAX = 64;

function segment(key: string | number): string {
  const s = String(key);
  // eslint-disable-next-line no-control-regex -- NUL is what this looks for
  const safe = hasUnsafeText(s) ? s.replace(/[\u0000\uD800-\uDFFF]/g, '\uFFFD') : s;
  return safe.length > SEGMENT_MAX ? `${safe.slice(0, SEGMENT_MAX)}…` : safe;
}

interface Node {
  value: unknown;
  key: string | number | null;
  parent: Node | null;
  depth: number;
}

function pathOf(node: Node, extraKey?: string): string {
  const parts: string[] = extraKey === undefined ? [] : [segment(extraKey)];
  for (let n: Node | null = node; n && n.key !== null; n = n.parent) parts.unshift(segment(n.key));
  return parts.length > 0 ? parts.join('.') : 'body';
}

/**
 * Walks a parsed JSON body with an explicit stack (never recursion, whatever the nesting) and
 * returns the first problem: too deep, too many values, a string or key with NUL or a lone
 * surrogate, or a number JSON.parse turned into Infinity (1e400). Paths name the field inside the
 * body ("answers.q1", "comment"), as the submission's own answer checks do, so the phone form can
 * show the message next to the question.
 */
export function checkJsonBody(body: unknown): HttpError | undefined {
  const stack: Node[] = [{ value: body, key: null, parent: null, depth: 0 }];
  // Counted when a container is opened, before its members are stacked: a 4 MB array of zeros
  // is refused without first making two million stack entries.
  let seen = 1;
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof value === 'string') {
      if (hasUnsafeText(value)) return invalid({ path: pathOf(node), message: UNSAFE_TEXT_MESSAGE });
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return invalid({ path: pathOf(node), message: 'số quá lớn' });
    } else if (typeof value === 'object' && value !== null) {
      if (node.depth >= MAX_JSON_DEPTH) {
        return new HttpError(400, 'too_deep', 'Nội dung gửi lên lồng nhau quá sâu', [
          { path: pathOf(node), message: `lồng nhau tối đa ${MAX_JSON_DEPTH} cấp` },
        ]);
      }
      const entries = Array.isArray(value) ? undefined : Object.entries(value as Record<string, unknown>);
      seen += entries ? entries.length : (value as unknown[]).length;
      if (seen > MAX_JSON_VALUES) {
        return new HttpError(400, 'too_many_values', 'Nội dung gửi lên có quá nhiều giá trị', [
          { path: pathOf(node), message: `tối đa ${MAX_JSON_VALUES} giá trị` },
        ]);
      }
      const depth = node.depth + 1;
      if (!entries) {
        const items = value as unknown[];
        for (let i = items.length - 1; i >= 0; i--) stack.push({ value: items[i], key: i, parent: node, depth });
        continue;
      }
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, v] = entries[i]!;
        if (hasUnsafeText(key)) return invalid({ path: pathOf(node, key), message: UNSAFE_TEXT_MESSAGE });
        stack.push({ value: v, key, parent: node, depth });
      }
    }
  }
  return undefined;
}

const invalid = (field: FieldError) => new HttpError(400, 'invalid_input', INVALID_MESSAGE, [field]);

/** `%00` (raw or as the decoded character), or %-escapes that are no UTF-8 (a lone surrogate, %FF). */
function badUrlText(raw: string): 'nul' | 'encoding' | undefined {
  // eslint-disable-next-line no-control-regex -- NUL is what this looks for
  if (/%00|\u0000/i.test(raw)) return 'nul';
  // A % not followed by two hex digits is left to the routes (a plain "%" in a search is harmless).
  try {
    decodeURIComponent(raw.replace(/%(?![0-9a-f]{2})/gi, '%25'));
  } catch {
    return 'encoding';
  }
  return undefined;
}

const URL_MESSAGES = {
  nul: 'có ký tự không hợp lệ (ký tự NUL hoặc ký tự Unicode bị cắt đôi)',
  encoding: 'mã hoá %xx không phải UTF-8 hợp lệ',
} as const;

/** The first bad query parameter or path parameter of the raw URL, with its field path. */
export function checkUrl(request: FastifyRequest): FieldError | undefined {
  const raw = request.raw.url ?? '';
  const q = raw.indexOf('?');
  const pathPart = q === -1 ? raw : raw.slice(0, q);
  const pathProblem = badUrlText(pathPart);
  if (pathProblem) {
    // Name the path parameter when the decoded value shows which one it is.
    const params = (request.params ?? {}) as Record<string, unknown>;
    const name = Object.keys(params).find((k) => typeof params[k] === 'string' && hasUnsafeText(params[k] as string));
    return { path: name ? `params.${segment(name)}` : 'url', message: URL_MESSAGES[pathProblem] };
  }
  if (q === -1) return undefined;
  for (const pair of raw.slice(q + 1).split('&')) {
    const eq = pair.indexOf('=');
    const rawKey = eq === -1 ? pair : pair.slice(0, eq);
    const problem = badUrlText(pair);
    if (!problem) continue;
    let key = rawKey;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    } catch {
      // The key itself is badly encoded: name it as sent.
    }
    return { path: `query.${segment(key)}`, message: URL_MESSAGES[problem] };
  }
  return undefined;
}

/**
 * Hostile input answers 400 in the app's error shape before any handler, query or recursion sees
 * it (issue #9): NUL and lone surrogates anywhere in the URL or a JSON body, JSON nested deeper than
 * MAX_JSON_DEPTH or with more than MAX_JSON_VALUES values. Without this, PostgreSQL refuses NUL
 * mid-query (a 500 the phone outbox retries forever) and a deeply nested answer overflows the stack
 * of any recursive walk (the body hash, JSON.stringify). Registered right after the error handler,
 * so its errors get the shape, and before every feature, so no route runs without it.
 */
export const inputGuardPlugin = fp(async (app: FastifyInstance) => {
  app.addHook('onRequest', async (request) => {
    const field = checkUrl(request);
    if (field) throw new HttpError(400, 'invalid_input', 'Đường dẫn có ký tự không hợp lệ', [field]);
  });

  // Bodies taken as text (the unit import's CSV) are checked whole; JSON ones in the parser below.
  app.addHook('preValidation', async (request) => {
    if (typeof request.body === 'string' && hasUnsafeText(request.body)) {
      throw invalid({ path: 'body', message: UNSAFE_TEXT_MESSAGE });
    }
  });

  // Fastify's own JSON parser (empty body, invalid JSON, __proto__ poisoning → its usual errors),
  // then the walk. JSON.parse itself is not recursive, so a deep body reaches the walk intact.
  const parseJson = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (err, value) => {
      if (err) return done(err, undefined);
      const problem = checkJsonBody(value);
      if (problem) return done(problem, undefined);
      done(null, value);
    });
  });
  // No route takes text/plain but the unit import (which adds its own parser): elsewhere it is a
  // 415, not a string that each route's schema refuses with a puzzling message.
  app.removeContentTypeParser('text/plain');
});
