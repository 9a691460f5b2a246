import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  FEEDBACK_CODE_PATTERN,
  ZFeedbackCreated,
  ZFeedbackSubmission,
  ZPublicFeedback,
  ZPublicUnits,
  ZPublishedFeedback,
} from '../../domain/contract/feedback.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { WEB_DIST } from '../web/dist.js';
import { submitFeedback } from './intake.js';
import { mailerFromEnv, notifyNew } from './notify.js';
import { publicFeedback, publishedFeedback, searchUnits } from './queries.js';

/** Three photos of up to 3 MB, base64 (4/3), plus the text: a body past this is not a person's. */
export const FEEDBACK_BODY_LIMIT = 13 * 1024 * 1024;

const notFound = () => new HttpError(404, 'not_found', 'Không tìm thấy phản ánh có mã này');

/** The public side of feedback: intake, the status page's data, the unit search, published items. */
export const publicFeedbackRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const mailer = mailerFromEnv();
  const rateLimited = (message: string) => () => new HttpError(429, 'rate_limited', message);

  app.post(
    '/api/v1/public/feedback',
    {
      bodyLimit: FEEDBACK_BODY_LIMIT,
      config: {
        access: 'public',
        // The same ceiling per address as answers: a school's parents may share one address.
        rateLimit: {
          max: config.SUBMIT_RATE_LIMIT_PER_MINUTE,
          timeWindow: '1 minute',
          errorResponseBuilder: rateLimited('Có quá nhiều phản ánh gửi từ mạng này, vui lòng thử lại sau ít phút'),
        },
      },
      schema: {
        tags: ['public'],
        summary: 'Send feedback (phản ánh, kiến nghị); idempotent by id: 201 new, 200 replay with the same code',
        description:
          '`unit` is a unit code as in /public/forms and /public/transparency (or its numeric id); `category` one of ' +
          'thu_tuc_hanh_chinh, hoc_phi_va_khoan_thu, co_so_vat_chat, thai_do_phuc_vu, an_toan_truong_hoc, khac ' +
          '(the Vietnamese name, with or without marks, is accepted too). `contact` ({name, phone, email, address} or ' +
          'one line) needs `consent: true`. `photos`: up to 3 JPEG/PNG/WebP, 3 MB each, as data URLs or ' +
          '{type, data (base64)}; re-encoded without EXIF. The same id with another body is 409.',
        body: ZFeedbackSubmission,
        response: {
          200: ZFeedbackCreated,
          201: ZFeedbackCreated,
          400: ZErrorBody,
          409: ZErrorBody,
          413: ZErrorBody,
          429: ZErrorBody,
        },
      },
    },
    async (request, reply) => {
      const outcome = await submitFeedback(app.db, request.body);
      if ('refused' in outcome) {
        if (outcome.refused === 'id_conflict') {
          throw new HttpError(409, 'id_conflict', 'Mã này đã được dùng cho một phản ánh khác');
        }
        throw validationError(outcome.fields, 'Phản ánh chưa hợp lệ, vui lòng kiểm tra lại');
      }
      if (mailer && outcome.status === 201) {
        notifyNew(app.db, mailer, outcome.code, config.PUBLIC_URL).catch((err: unknown) =>
          request.log.warn({ err }, 'feedback e-mail failed'),
        );
      }
      return reply
        .status(outcome.status)
        .header('cache-control', 'no-store')
        .send({
          id: outcome.id,
          code: outcome.code,
          ...(outcome.contactKept === undefined ? {} : { contactKept: outcome.contactKept }),
        });
    },
  );

  app.get(
    '/api/v1/public/feedback/:code',
    {
      config: {
        access: 'public',
        // Codes are unguessable; the limit keeps anyone from trying many.
        rateLimit: {
          max: 60,
          timeWindow: '1 minute',
          errorResponseBuilder: rateLimited('Vui lòng thử lại sau ít phút'),
        },
      },
      schema: {
        tags: ['public'],
        summary: 'The status of a feedback item by its code, with the reply when there is one (no contact, no notes)',
        params: z.object({ code: z.string().max(64) }),
        response: { 200: ZPublicFeedback, 404: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (request, reply) => {
      const code = request.params.code.trim().toUpperCase();
      if (!FEEDBACK_CODE_PATTERN.test(code)) throw notFound();
      const item = await publicFeedback(app.db, code);
      if (!item) throw notFound();
      return reply.header('cache-control', 'no-store').send(item);
    },
  );

  app.get(
    '/api/v1/public/units',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'Units by name or code, diacritics-insensitive (the feedback page’s unit search)',
        querystring: z.object({ q: z.string().trim().min(1, 'cần từ khoá').max(100) }),
        response: { 200: ZPublicUnits, 400: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (request) => ({ units: await searchUnits(app.db, request.query.q) }),
  );

  app.get(
    '/api/v1/public/feedback-published',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: '“Bạn nói, chúng tôi làm”: handled items a unit published (reviewed texts, no personal data)',
        querystring: z.object({ unit: z.string().trim().max(64).optional() }),
        response: { 200: ZPublishedFeedback, 400: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=60');
      return publishedFeedback(app.db, request.query.unit || undefined);
    },
  );

  // The pages (Vite entry `feedback`): one HTML for the form and the status page, which reads the code from the path.
  const page = async (_request: unknown, reply: FastifyReply) => {
    const file = path.join(WEB_DIST, 'feedback', 'index.html');
    if (!existsSync(file)) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Trang phản ánh chưa được build (npm run build:web).');
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(createReadStream(file));
  };
  app.get('/phan-anh', { schema: { hide: true } }, page);
  app.get('/phan-anh/:code', { schema: { hide: true, params: z.object({ code: z.string().max(64) }) } }, page);
};
