import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

export interface FieldError {
  /** Dotted path of the offending field, e.g. "answers.staff_courtesy". */
  path: string;
  message: string;
}

export interface ErrorBody {
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
  return { error: fields ? { code, message, fields } : { code, message } };
}

/**
 * One error shape for every endpoint. Validation problems are 400 with field-level messages;
 * anything unexpected is logged and answered 500 without internals.
 */
export const errorsPlugin = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
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
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply
        .status(400)
        .send(errorBody('body_too_large', 'Nội dung gửi lên quá lớn', [{ path: 'body', message: 'quá lớn' }]));
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.status(status).send(errorBody(err.code ?? 'bad_request', err.message));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(errorBody('internal_error', 'Lỗi máy chủ, vui lòng thử lại sau'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `Không tìm thấy ${request.method} ${request.url.split('?')[0]}`)),
  );
});
