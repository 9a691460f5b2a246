import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { FEEDBACK_CATEGORIES, FEEDBACK_STATUSES } from '../../domain/contract/feedback-codes.js';
import {
  ZFeedbackAction,
  ZFeedbackCreated,
  ZFeedbackDetail,
  ZFeedbackList,
  ZFeedbackMetrics,
  ZPublishBody,
  ZStaffFeedback,
} from '../../domain/contract/feedback.js';
import { periodRange, ZPeriodCode } from '../../domain/periods.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { invalidField, validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { feedbackCsv } from './export.js';
import { canHandleUnit, handleFeedback, publishFeedback, type HandleOutcome } from './handle.js';
import { resolveUnit, submitFeedback } from './intake.js';
import { startFeedbackJobs } from './jobs.js';
import { mailerFromEnv, notifyNew, notifyOverdue, notifyReply } from './notify.js';
import { feedbackMetrics } from './metrics.js';
import { feedbackDetail, listFeedback } from './queries.js';
import { settingsRoutes } from './settings-routes.js';

const READERS = ['admin', 'analyst', 'unit_manager'] as const;
const HANDLERS = ['admin', 'unit_manager'] as const;
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const ZCodeParam = z.object({ code: z.string().trim().max(64) });
const notFound = () => new HttpError(404, 'not_found', 'Không tìm thấy phản ánh này');

function outcomeError(outcome: Exclude<HandleOutcome, { ok: true }>): HttpError {
  switch (outcome.refused) {
    case 'not_found':
      return notFound();
    case 'wrong_state':
      return new HttpError(409, 'wrong_state', 'Bước này không áp dụng cho phản ánh ở trạng thái hiện tại');
    case 'invalid':
      return validationError(outcome.fields);
  }
}

/** Handling feedback in the admin app: the queue, one item, its steps, staff entry, metrics. */
export const feedbackRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const mailer = mailerFromEnv();
  const mailFailed = (err: unknown) => app.log.warn({ err }, 'feedback e-mail failed');
  const everySeconds = config.FEEDBACK_JOBS_INTERVAL_SECONDS ?? (config.NODE_ENV === 'test' ? 0 : 900);
  if (everySeconds > 0) {
    const jobs = startFeedbackJobs({
      db: app.db,
      connectionString: app.pg.pool.options.connectionString!,
      log: (err) => app.log.error({ err }, 'feedback jobs failed'),
      onEscalated: (codes) => {
        if (mailer) notifyOverdue(app.db, mailer, codes, config.PUBLIC_URL).catch(mailFailed);
      },
      everyMs: everySeconds * 1000,
    });
    app.addHook('onClose', async () => jobs.stop());
  }

  app.get(
    '/api/v1/feedback',
    {
      config: { access: READERS },
      schema: {
        tags: ['feedback'],
        summary: 'Feedback items in the caller’s scope, overdue first, with counters (no contact details)',
        querystring: z.object({
          status: z.enum([...FEEDBACK_STATUSES, 'open']).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          unit: z.string().trim().max(64).optional(),
          category: z.enum(FEEDBACK_CATEGORIES).optional(),
          q: z.string().trim().max(100).optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: { 200: ZFeedbackList, ...errors },
      },
    },
    async (request) => {
      const { status, overdue, unit, category, q, page, pageSize } = request.query;
      let unitId: number | undefined;
      if (unit) {
        const row = await resolveUnit(app.db, unit);
        if (!row) throw invalidField('querystring.unit', 'không có đơn vị này');
        unitId = row.id;
      }
      return listFeedback(app.db, request.user!, {
        status,
        overdue: overdue === 'true',
        unit: unitId,
        category,
        q: q || undefined,
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
    },
  );

  app.post(
    '/api/v1/feedback',
    {
      config: { access: HANDLERS },
      schema: {
        tags: ['feedback'],
        summary: 'Enter an item that came by hotline, e-mail, letter or in person (channel recorded)',
        body: ZStaffFeedback,
        response: { 201: ZFeedbackCreated, ...errors },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const unit = await resolveUnit(app.db, body.unit);
      if (!unit || !(await canHandleUnit(app.db, request.user!, unit.id))) {
        throw invalidField('unit', 'không tìm thấy đơn vị này trong phạm vi của bạn');
      }
      // Staff record what the person agreed to on the phone or at the desk: contact details without
      // that consent are refused here rather than silently dropped as on the public page.
      if (body.contact && body.consent !== true && JSON.stringify(body.contact) !== '{}') {
        throw invalidField('consent', 'cần ghi nhận người phản ánh đồng ý cho dùng thông tin liên hệ');
      }
      const outcome = await submitFeedback(
        app.db,
        { ...body, id: randomUUID() },
        { channel: body.channel, staffId: request.user!.id },
      );
      if ('refused' in outcome) throw validationError('fields' in outcome ? outcome.fields : []);
      if (mailer) notifyNew(app.db, mailer, outcome.code, config.PUBLIC_URL).catch(mailFailed);
      return reply.status(201).send({ id: outcome.id, code: outcome.code });
    },
  );

  app.get(
    '/api/v1/feedback/metrics',
    {
      config: { access: READERS },
      schema: {
        tags: ['feedback'],
        summary: 'Per unit: received, answered on time (share), median days to answer, overdue now, categories',
        querystring: z.object({ period: ZPeriodCode.optional().describe('Q1-2026, H1-2026, Y-2026 or a date range') }),
        response: { 200: ZFeedbackMetrics, ...errors },
      },
    },
    async (request) => {
      const period = request.query.period ?? `Y-${new Date().getFullYear()}`;
      return feedbackMetrics(app.db, request.user!, periodRange(period));
    },
  );

  app.get(
    '/api/v1/feedback/export.csv',
    {
      config: { access: READERS },
      schema: {
        tags: ['feedback'],
        summary: 'Items in scope as CSV; contact details only when an admin asks for them (contact=true)',
        querystring: z.object({ contact: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.any().describe('text/csv'), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
      },
    },
    async (request, reply) => {
      const withContact = request.query.contact === 'true';
      if (withContact && !request.user!.roles.some((r) => r.role === 'admin')) {
        throw new HttpError(403, 'forbidden', 'Chỉ quản trị viên được xuất thông tin liên hệ');
      }
      const csv = await feedbackCsv(app.db, request.user!, withContact);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="phan-anh.csv"')
        .header('cache-control', 'no-store')
        .send(csv);
    },
  );

  app.get(
    '/api/v1/feedback/:code',
    {
      config: { access: READERS },
      schema: {
        tags: ['feedback'],
        summary: 'One item with its history; contact details only for its handlers and admins',
        params: ZCodeParam,
        response: { 200: ZFeedbackDetail, ...errors },
      },
    },
    async (request) => {
      const user = request.user!;
      const detail = await feedbackDetail(app.db, user, request.params.code, (unitId) =>
        canHandleUnit(app.db, user, unitId),
      );
      if (!detail) throw notFound();
      const { unitId: _unitId, ...body } = detail;
      return body;
    },
  );

  app.post(
    '/api/v1/feedback/:code/actions',
    {
      config: { access: HANDLERS },
      schema: {
        tags: ['feedback'],
        summary: 'One handling step: accept, start, note, reply, transfer, not_competent (with a reason), close',
        params: ZCodeParam,
        body: ZFeedbackAction,
        response: { 200: z.object({ code: z.string(), status: z.string() }), 409: ZErrorBody, ...errors },
      },
    },
    async (request) => {
      const outcome = await handleFeedback(app.db, request.user!, request.params.code, request.body);
      if (!('ok' in outcome)) throw outcomeError(outcome);
      const code = request.params.code.toUpperCase();
      if (mailer && (request.body.action === 'reply' || request.body.action === 'not_competent')) {
        notifyReply(app.db, mailer, code, config.PUBLIC_URL).catch(mailFailed);
      }
      return { code, status: outcome.status };
    },
  );

  app.put(
    '/api/v1/feedback/:code/publish',
    {
      config: { access: HANDLERS },
      schema: {
        tags: ['feedback'],
        summary: 'Publish an answered or closed item in “Bạn nói, chúng tôi làm” with reviewed texts',
        params: ZCodeParam,
        body: ZPublishBody,
        response: { 200: z.object({ code: z.string(), published: z.boolean() }), 409: ZErrorBody, ...errors },
      },
    },
    async (request) => {
      const outcome = await publishFeedback(app.db, request.user!, request.params.code, request.body);
      if (!('ok' in outcome)) throw outcomeError(outcome);
      return { code: request.params.code.toUpperCase(), published: true };
    },
  );

  app.delete(
    '/api/v1/feedback/:code/publish',
    {
      config: { access: HANDLERS },
      schema: {
        tags: ['feedback'],
        summary: 'Withdraw a published item',
        params: ZCodeParam,
        response: { 200: z.object({ code: z.string(), published: z.boolean() }), ...errors },
      },
    },
    async (request) => {
      const outcome = await publishFeedback(app.db, request.user!, request.params.code, null);
      if (!('ok' in outcome)) throw outcomeError(outcome);
      return { code: request.params.code.toUpperCase(), published: false };
    },
  );

  app.get(
    '/api/v1/feedback/:code/photos/:n',
    {
      config: { access: HANDLERS },
      schema: {
        tags: ['feedback'],
        summary: 'A photo of an item (its handlers and admins only)',
        params: ZCodeParam.extend({ n: z.coerce.number().int().min(1).max(3) }),
        response: { 200: z.any().describe('the photo (image/jpeg, image/png or image/webp)'), ...errors },
      },
    },
    async (request, reply) => {
      const row = await app.db
        .selectFrom('feedback_photos as p')
        .innerJoin('feedback_items as f', 'f.id', 'p.feedback_id')
        .select(['p.mime', 'p.bytes', 'f.unit_id'])
        .where('f.code', '=', request.params.code.toUpperCase())
        .where('p.position', '=', request.params.n)
        .executeTakeFirst();
      if (!row || !(await canHandleUnit(app.db, request.user!, row.unit_id))) throw notFound();
      return reply.type(row.mime).header('cache-control', 'private, no-store').send(row.bytes);
    },
  );

  await app.register(settingsRoutes);
};
