import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDecided, ZDecisions, ZReviewPage, ZReviewStatus as ZStatus } from '../../domain/contract/review.js';
import { ZSlug, ZUnitCode } from '../analytics/filters.js';
import { chooseSurveys, loadSurveys } from '../analytics/surveys.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { decide, listForReview } from './queries.js';

const ZDecision = z.enum(['accept', 'reject', 'reopen']);
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

/** Review of flagged responses. Reading the queue is for admins and analysts; deciding, for admins. */
export const reviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/review/responses',
    {
      config: { access: ['admin', 'analyst'] },
      schema: {
        tags: ['review'],
        summary: 'Flagged responses by review status (pending by default), newest first',
        querystring: z.object({
          status: ZStatus.default('pending'),
          survey: ZSlug.optional(),
          unit: ZUnitCode.optional(),
          flag: z
            .string()
            .trim()
            .regex(/^[a-z_]{1,40}$/, 'mã cờ không hợp lệ')
            .optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: ZReviewPage,
          ...errors,
        },
      },
    },
    async (request) => {
      const { survey, unit, status, flag, page, pageSize } = request.query;
      let surveyIds: number[] | undefined;
      if (survey) {
        const chosen = chooseSurveys(await loadSurveys(app.db), survey, undefined);
        if (chosen.status === 'invalid') throw validationError(chosen.fields);
        surveyIds = chosen.selection.surveys.map((s) => s.id);
      }
      let unitId: number | undefined;
      if (unit) {
        const row = await app.db.selectFrom('units').select('id').where('code', '=', unit).executeTakeFirst();
        if (!row)
          throw new HttpError(404, 'not_found', 'Không tìm thấy đơn vị này', [
            { path: 'querystring.unit', message: 'không có đơn vị này' },
          ]);
        unitId = row.id;
      }
      const result = await listForReview(app.db, { status, surveyIds, unitId, flag, page, pageSize });
      // Instants as ISO strings, as the contract has them.
      const items = result.items.map((item) => ({
        ...item,
        submittedAt: item.submittedAt.toISOString(),
        reviewedAt: item.reviewedAt?.toISOString() ?? null,
      }));
      return { ...result, items, page, pageSize };
    },
  );

  app.post(
    '/api/v1/review/responses/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['review'],
        summary: 'Accept or reject one flagged response (or reopen it); recorded with who and when',
        params: z.object({ id: z.uuid('mã phiếu không hợp lệ') }),
        body: z.object({ decision: ZDecision }),
        response: {
          200: ZDecided,
          ...errors,
        },
      },
    },
    async (request) => {
      const [changed] = await decide(app.db, [request.params.id], request.body.decision, request.user!);
      if (!changed) throw new HttpError(404, 'not_found', 'Không tìm thấy phiếu trả lời này');
      return changed;
    },
  );

  app.post(
    '/api/v1/review/decisions',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['review'],
        summary: 'Accept or reject several responses at once',
        body: z.object({
          ids: z
            .array(z.uuid('mã phiếu không hợp lệ'))
            .min(1, 'chọn ít nhất một phiếu')
            .max(200, 'tối đa 200 phiếu một lần'),
          decision: ZDecision,
        }),
        response: { 200: ZDecisions, ...errors },
      },
    },
    async (request) => {
      const changed = await decide(app.db, [...new Set(request.body.ids)], request.body.decision, request.user!);
      return { updated: changed.length, ids: changed.map((c) => c.id) };
    },
  );
};
