import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZDraft,
  ZDraftCreate,
  ZDraftList,
  ZDraftPublish,
  ZDraftPublished,
  ZDraftReview,
  ZDraftSave,
} from '../../domain/contract/drafts.js';
import { recordAudit } from '../audit/record.js';
import { publishDefinitions, PublishError } from '../definitions/publish.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import {
  createDraft,
  definitionFile,
  deleteDraft,
  getDraft,
  listDrafts,
  markPublished,
  publishedDefinition,
  saveDraft,
} from './queries.js';
import { draftFileName, draftFiles, reviewDraft } from './review.js';

const admins = ['admin'] as const;
const ZId = z.object({
  id: z.coerce
    .number({ message: 'mã bản nháp không hợp lệ' })
    .int()
    .positive()
    .max(2 ** 31 - 1),
});
const draftNotFound = () =>
  new HttpError(404, 'not_found', 'Không tìm thấy bản nháp', [{ path: 'id', message: 'không có bản nháp này' }]);
const stale = (current: number) =>
  new HttpError(409, 'stale_draft', 'Bản nháp vừa được người khác lưu; hãy tải lại để xem bản mới nhất trước khi lưu', [
    { path: 'body.version', message: `bản nháp đã ở phiên bản ${current}` },
  ]);
const problemFields = (problems: { path: string; message: string }[]) =>
  problems.map((p) => ({
    path: `definition${p.path ? (p.path.startsWith('[') ? '' : '.') + p.path : ''}`,
    message: p.message,
  }));
const attachment = (name: string) => `attachment; filename="${name}"`;

/**
 * Survey drafts (#12.8): the admin app's builder keeps a survey being written here, saves it over the
 * version it read (409 when someone saved in between), reviews what publishing would change in words,
 * and publishes through publishDefinitions, the same path as survey-definitions/ files. Export writes
 * the file that `npm run definitions:publish` reads.
 */
export const draftRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/drafts',
    {
      config: { access: admins },
      schema: { tags: ['drafts'], summary: 'Survey drafts, latest edited first', response: { 200: ZDraftList } },
    },
    async () => ({ drafts: await listDrafts(app.db) }),
  );

  app.post(
    '/api/v1/drafts',
    {
      config: { access: admins },
      schema: {
        tags: ['drafts'],
        summary: 'Start a draft: empty, or from the latest published version of a survey (`from`: its slug)',
        body: ZDraftCreate,
        response: { 201: ZDraft, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const outcome = await createDraft(app.db, request.user!, request.body.from);
      if (outcome.status === 'survey_not_found') {
        throw new HttpError(404, 'not_found', 'Không tìm thấy khảo sát đã công bố', [
          { path: 'body.from', message: 'không có khảo sát đã công bố với mã này' },
        ]);
      }
      return reply.status(201).send(outcome.draft);
    },
  );

  app.get(
    '/api/v1/drafts/:id',
    {
      config: { access: admins },
      schema: {
        tags: ['drafts'],
        summary: 'One draft with what still keeps it from being published',
        params: ZId,
        response: { 200: ZDraft, 404: ZErrorBody },
      },
    },
    async (request) => (await getDraft(app.db, request.params.id)) ?? Promise.reject(draftNotFound()),
  );

  app.put(
    '/api/v1/drafts/:id',
    {
      config: { access: admins },
      bodyLimit: 512 * 1024,
      schema: {
        tags: ['drafts'],
        summary:
          'Save a draft over the version read (409 if another save came in between). An incomplete definition is kept; one of the wrong shape is 400 and nothing is stored.',
        params: ZId,
        body: ZDraftSave,
        response: { 200: ZDraft, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const { version, definition } = request.body;
      const outcome = await saveDraft(app.db, request.user!, request.params.id, version, definition);
      if (outcome.status === 'not_found') throw draftNotFound();
      if (outcome.status === 'stale') throw stale(outcome.current);
      return outcome.draft;
    },
  );

  app.delete(
    '/api/v1/drafts/:id',
    {
      config: { access: admins },
      schema: {
        tags: ['drafts'],
        summary: 'Delete a draft',
        params: ZId,
        response: { 204: z.null(), 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      if (!(await deleteDraft(app.db, request.user!, request.params.id))) throw draftNotFound();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/drafts/:id/review',
    {
      config: { access: admins },
      schema: {
        tags: ['drafts'],
        summary: 'What publishing the draft would do: problems, refusals, and its changes in words',
        params: ZId,
        response: { 200: ZDraftReview, 404: ZErrorBody },
      },
    },
    async (request) => {
      const draft = await getDraft(app.db, request.params.id);
      if (!draft) throw draftNotFound();
      const { definition: _definition, ...review } = await reviewDraft(app.db, draft.definition);
      return review;
    },
  );

  app.post(
    '/api/v1/drafts/:id/publish',
    {
      config: { access: admins },
      schema: {
        tags: ['drafts'],
        summary:
          'Publish the draft as a new version. 400 when it is invalid; 409 when it is stale, when a kept key changes meaning, or when changes that break comparability are not confirmed.',
        params: ZId,
        body: ZDraftPublish,
        response: { 200: ZDraftPublished, 201: ZDraftPublished, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const me = request.user!;
      const { id } = request.params;
      const draft = await getDraft(app.db, id);
      if (!draft) throw draftNotFound();
      if (draft.version !== request.body.version) throw stale(draft.version);
      const review = await reviewDraft(app.db, draft.definition);
      if (review.status === 'invalid' || !review.definition) {
        throw validationError(problemFields(review.problems), 'Phiếu khảo sát chưa hợp lệ; chưa công bố gì');
      }
      if (review.status === 'refused') {
        throw new HttpError(
          409,
          'breaking_change',
          'Không công bố: câu hỏi giữ mã cũ nhưng đổi loại hoặc thang trả lời; hãy đặt mã câu hỏi mới cho câu đã đổi',
          problemFields(review.refusals),
        );
      }
      if (review.needsConfirmation && !request.body.confirmBreaking) {
        throw new HttpError(
          409,
          'confirmation_required',
          'Các thay đổi này làm số liệu các kỳ trước không còn so sánh được; hãy xác nhận trước khi công bố',
          review.changes
            .filter((c) => c.breaksComparability)
            .map((c) => ({ path: c.key ? `definition.${c.key}` : 'definition', message: c.vi })),
        );
      }
      const definition = review.definition;
      try {
        const [outcome] = await publishDefinitions(app.db, draftFiles(definition), {
          publishedBy: me.email,
          onPublished: async (trx, outcomes) => {
            const o = outcomes[0]!;
            // A save that came in after the review must not be published as if reviewed.
            if (!(await markPublished(trx, id, draft.version, o.number))) throw stale(draft.version + 1);
            if (o.status !== 'published') return;
            await recordAudit(trx, {
              actorId: me.id,
              actorLabel: me.email,
              action: 'definitions.publish',
              targetType: 'survey',
              targetId: o.slug,
              details: {
                version: o.number,
                contentHash: o.contentHash,
                draft: id,
                confirmedBreaking: review.needsConfirmation,
              },
            });
          },
        });
        const saved = (await getDraft(app.db, id))!;
        const { definition: _d, problems: _p, ...summary } = saved;
        const { slug, number, status } = outcome!;
        return reply
          .status(status === 'published' ? 201 : 200)
          .send({ outcome: { slug, number, status }, draft: summary });
      } catch (err) {
        if (!(err instanceof PublishError)) throw err;
        throw new HttpError(
          409,
          'breaking_change',
          'Không công bố: câu hỏi giữ mã cũ nhưng đổi loại hoặc thang trả lời',
          problemFields(err.problems),
        );
      }
    },
  );

  app.get(
    '/api/v1/drafts/:id/export',
    {
      config: { access: admins },
      schema: {
        tags: ['drafts'],
        summary: 'The draft as a survey-definitions/ file (400 while it has problems)',
        params: ZId,
        response: { 200: z.string(), 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const draft = await getDraft(app.db, request.params.id);
      if (!draft) throw draftNotFound();
      const review = await reviewDraft(app.db, draft.definition);
      if (!review.definition) {
        throw validationError(problemFields(review.problems), 'Phiếu khảo sát chưa hợp lệ; chưa xuất được tệp');
      }
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', attachment(draftFileName(review.definition.slug)))
        .send(definitionFile(review.definition));
    },
  );

  app.get(
    '/api/v1/surveys/:slug/versions/:number/export',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['drafts'],
        summary: 'A published version as a survey-definitions/ file, as `npm run definitions:publish` reads it',
        params: z.object({
          slug: z.string().trim().min(1).max(100),
          number: z.coerce.number({ message: 'số phiên bản không hợp lệ' }).int().positive().max(1_000_000),
        }),
        response: { 200: z.string(), 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const { slug, number } = request.params;
      const definition = await publishedDefinition(app.db, slug, number);
      if (!definition) throw new HttpError(404, 'not_found', 'Không tìm thấy phiên bản này');
      return reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('content-disposition', attachment(draftFileName(slug)))
        .send(definitionFile(definition));
    },
  );
};
