import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, isStatementTimeout } from '../db/errors.js';

export interface FieldError {
  /** Dotted path of the offending field, e.g. "answers.staff_courtesy". */
  path: string;
  message: string;
}

/**
 * The one error shape (PRODUCT.md): `{ code, message, fields? }` at the top level. The same three
 * are mirrored under `error` for clients written against the first release; new code reads the top.
 */
export interface ErrorBody {
  code: string;
  message: string;
  fields?: FieldError[];
  error: { code: string; message: string; fields?: FieldError[] };
}

/** Throw from a handler to answer a 4xx with the shared error shape. */
export class HttpError extends Error {
  constructor(
    public readonly statusCode: number,
    public readonly code: string,
    message: string,
    public readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string, fields?: FieldError[]): ErrorBody {
  const core = fields ? { code, message, fields } : { code, message };
  return { ...core, error: { ...core } };
}

export const DATABASE_UNAVAILABLE_MESSAGE =
  'Hệ thống đang tạm gián đoạn kết nối cơ sở dữ liệu. Vui lòng thử lại sau ít phút; câu trả lời của bạn không bị mất.';

/** Fastify's own errors (body parsing, URL decoding) mapped to the app's codes and Vietnamese messages. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'body_too_large', message: 'Nội dung gửi lên quá lớn' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    message: 'Kiểu nội dung không được hỗ trợ, hãy gửi application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_content_length',
    message: 'Độ dài nội dung không khớp với dữ liệu gửi lên',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'empty_body', message: 'Nội dung gửi lên đang trống' },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'invalid_json',
    message: 'Nội dung gửi lên không phải JSON hợp lệ',
  },
  FST_ERR_CTP_INVALID_TYPE: { status: 415, code: 'unsupported_media_type', message: 'Kiểu nội dung không hợp lệ' },
  FST_ERR_BAD_URL: { status: 400, code: 'bad_url', message: 'Đường dẫn không hợp lệ' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'url_too_long', message: 'Đường dẫn quá dài' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'bad_request', message: 'Yêu cầu không hợp lệ' },
  FST_ERR_VALIDATION: { status: 400, code: 'validation_failed', message: 'Dữ liệu gửi lên không hợp lệ' },
};

function sendDatabaseUnavailable(reply: FastifyReply) {
  return reply
    .status(503)
    .header('retry-after', '5')
    .header('cache-control', 'no-store')
    .send(errorBody('database_unavailable', DATABASE_UNAVAILABLE_MESSAGE));
}

/**
 * The error handler. Order: the app's own HttpError, schema validation, Fastify's parsing errors,
 * the database being away (503, so clients retry), data exceptions raised by PostgreSQL for a value
 * that validation let through (a 400, logged so the gap gets closed), other 4xx, then 500.
 */
export function handleError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (err instanceof HttpError) {
    return reply.status(err.statusCode).send(errorBody(err.code, err.message, err.fields));
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const fields = err.validation.map((v) => ({
      path: [err.validationContext, ...(v.instancePath ? v.instancePath.split('/').filter(Boolean) : [])]
        .filter(Boolean)
        .join('.'),
      message: v.message ?? 'không hợp lệ',
    }));
    return reply.status(400).send(errorBody('validation_failed', 'Dữ liệu gửi lên không hợp lệ', fields));
  }
  const known = typeof err.code === 'string' ? FRAMEWORK_ERRORS[err.code] : undefined;
  if (known) {
    const field = known.status === 413 ? [{ path: 'body', message: 'quá lớn' }] : undefined;
    return reply.status(known.status).send(errorBody(known.code, known.message, field));
  }
  if (isDatabaseUnavailable(err)) {
    request.log.warn({ err: { code: err.code, message: err.message } }, 'database unavailable');
    return sendDatabaseUnavailable(reply);
  }
  if (isStatementTimeout(err)) {
    request.log.warn({ err: { code: err.code, message: err.message } }, 'statement timed out');
    return reply
      .status(503)
      .header('retry-after', '5')
      .send(errorBody('database_busy', 'Hệ thống đang bận, vui lòng thử lại sau ít phút'));
  }
  // SQLSTATE class 22 (data exception) and 54 (too complex) come from a value in the request.
  if (typeof err.code === 'string' && /^(22|54)[0-9A-Z]{3}$/.test(err.code)) {
    request.log.warn({ err: { code: err.code, message: err.message } }, 'input rejected by the database');
    return reply.status(400).send(errorBody('invalid_input', 'Dữ liệu gửi lên có giá trị không hợp lệ'));
  }
  const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
  if (status >= 400 && status < 500) {
    if (status === 429) {
      return reply.status(429).send(errorBody('rate_limited', 'Có quá nhiều yêu cầu, vui lòng thử lại sau ít phút'));
    }
    // Plugins' own errors carry English messages and FST_ codes: people see a Vietnamese one.
    const appCode = typeof err.code === 'string' && /^[a-z][a-z_]*$/.test(err.code) ? err.code : 'bad_request';
    return reply.status(status).send(errorBody(appCode, 'Yêu cầu không hợp lệ'));
  }
  request.log.error({ err }, 'unhandled error');
  return reply.status(500).send(errorBody('internal_error', 'Lỗi máy chủ, vui lòng thử lại sau'));
}

/** For Fastify's `frameworkErrors` option: errors raised before routing (a bad URL encoding). */
export function handleFrameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return handleError(err, request, reply);
}

/**
 * One error shape for every endpoint. Validation problems are 400 with field-level messages;
 * anything unexpected is logged and answered 500 without internals.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `Không tìm thấy ${request.method} ${request.url.split('?')[0]}`)),
  );
});
