import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZPaperBatch,
  ZPaperBatchCreate,
  ZPaperBatchDetail,
  ZPaperBatches,
  ZPaperCheck,
  ZPaperCheckResult,
  ZPaperChecks,
  ZPaperEntry,
  ZPaperEntryResult,
} from '../../domain/contract/paper.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Config } from '../config.js';
import { ZErrorBody, ZIdParam } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { activeLinkFor } from '../links/queries.js';
import { formUrl, publicBase } from '../links/url.js';
import { HttpError } from '../plugins/errors.js';
import { integrityKeyLoader } from '../responses/secrets.js';
import * as staff from '../responses/staff-entry.js';
import { loadOrganisation } from '../settings/queries.js';
import { batchChecks, checkSheet } from './checks.js';
import { enterSheet } from './entry.js';
import { batchOut, batchSerials, createBatch, findBatch, listBatches } from './queries.js';

const notFound = () => new HttpError(404, 'not_found', 'Không tìm thấy đợt in phiếu');

export const paperRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  // Printing and typing answers in is the units' and the admins' work; analysts only read.
  const [readers, operators] = [staff.READERS, staff.OPERATORS];
  const getKey = integrityKeyLoader(app.db);
  /** A batch in the user's scope; another unit's batch is as unknown as a missing one. */
  const scopedBatch = async (id: number, user: SessionUser, orElse: () => HttpError) => {
    const batch = await findBatch(app.db, id, scopedUnitIds(app.db, user));
    if (!batch) throw orElse();
    return batch;
  };
  const notInScope = () =>
    validationError([{ path: 'body.batchId', message: 'Không tìm thấy đợt in này trong phạm vi của bạn' }]);

  app.post(
    '/api/v1/paper/batches',
    {
      config: { access: operators },
      schema: {
        tags: ['paper'],
        summary: "Issue a batch of numbered paper sheets of a survey's current version for one unit",
        body: ZPaperBatchCreate,
        response: { 201: ZPaperBatch, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const resolved = await staff.resolveTarget(app.db, user, request.body);
      if ('fields' in resolved) throw validationError(resolved.fields);
      const id = await createBatch(app.db, { ...resolved.target, sheets: request.body.sheets, createdBy: user.id });
      const row = await findBatch(app.db, id, null);
      return reply.status(201).send(batchOut(row!));
    },
  );

  app.get(
    '/api/v1/paper/batches',
    {
      config: { access: readers },
      schema: {
        tags: ['paper'],
        summary: 'Printed batches in your scope, newest first, with how many sheets are entered',
        querystring: staff.ZListFilter,
        response: { 200: ZPaperBatches },
      },
    },
    async (request) => {
      const rows = await listBatches(app.db, request.query, scopedUnitIds(app.db, request.user!));
      return { items: rows.map(batchOut) };
    },
  );

  app.get(
    '/api/v1/paper/batches/:id',
    {
      config: { access: readers },
      schema: {
        tags: ['paper'],
        summary: 'One batch with its questionnaire and the serials not entered yet (the entry screen)',
        params: ZIdParam,
        response: { 200: ZPaperBatchDetail, 404: ZErrorBody },
      },
    },
    async (request) => {
      const row = await scopedBatch(request.params.id, request.user!, notFound);
      const serials = await batchSerials(app.db, row.id);
      return {
        ...batchOut(row),
        pending: serials.filter((s) => s.responseId === null).map((s) => s.serial),
        definition: row.definition as unknown as Record<string, unknown>,
      };
    },
  );

  app.get(
    '/api/v1/paper/batches/:id/sheets.pdf',
    {
      config: { access: readers },
      schema: {
        tags: ['paper'],
        summary: 'The printable A4 questionnaires of a batch (Vietnamese), one numbered sheet per serial',
        params: ZIdParam,
        response: { 200: z.any().describe('application/pdf'), 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const row = await scopedBatch(request.params.id, request.user!, notFound);
      const serials = (await batchSerials(app.db, row.id)).map((s) => s.serial);
      const online = await activeLinkFor(app.db, row.surveyId, row.unitId, 'qr');
      // Loaded with the first sheets, not at start (pdfkit and its fonts: see posters/routes.ts).
      const { renderPaperSheets } = await import('./pdf.js');
      const pdf = await renderPaperSheets({
        org: (await loadOrganisation(app.db)).name,
        surveyTitle: row.title,
        unitName: row.unitName,
        onlineUrl: online ? formUrl(publicBase(config, request), online.code) : null,
        definition: row.definition,
        serials,
      });
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', `inline; filename="phieu-giay-dot-${row.id}.pdf"`)
        .send(pdf);
    },
  );

  app.post(
    '/api/v1/paper/entries',
    {
      bodyLimit: staff.ANSWER_BODY_LIMIT,
      config: { access: operators },
      schema: {
        tags: ['paper'],
        summary:
          'Enter one paper sheet (idempotent by id): stored with channel paper and the operator; a serial is entered once',
        description:
          'Validated as the phone is. 400 for an unknown serial or invalid answers, 409 for a serial already ' +
          'entered or the same id with another body, 200 for a replay of the same entry.',
        body: ZPaperEntry,
        response: staff.entryResponses(ZPaperEntryResult),
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const body = request.body;
      const batch = await scopedBatch(body.batchId, user, notInScope);
      const outcome = await enterSheet(
        app.db,
        { id: batch.id, versionId: batch.versionId, linkCode: batch.linkCode },
        body,
        { key: await getKey(), ip: request.ip, operatorId: user.id },
      );
      if ('refused' in outcome) {
        if (outcome.refused === 'serial_entered') {
          throw new HttpError(409, 'serial_entered', outcome.message, [
            { path: 'body.serial', message: outcome.message },
          ]);
        }
        throw staff.entryError(outcome, {
          invalid: 'Phiếu nhập chưa hợp lệ, vui lòng kiểm tra lại',
          idConflict: 'Mã phiếu này đã được dùng cho một phiếu nhập khác',
        });
      }
      return reply.status(outcome.status).send({ id: body.id, serial: body.serial });
    },
  );
  app.post(
    '/api/v1/paper/checks',
    {
      bodyLimit: staff.ANSWER_BODY_LIMIT,
      config: { access: operators },
      schema: {
        tags: ['paper'],
        summary: 'Double entry: another operator re-types an entered sheet; answers where the two typings differ',
        description:
          'Never changes the stored answer. 400 for an unknown or not yet entered serial or invalid answers, ' +
          '409 when the first operator re-types their own sheet or the sheet was already checked.',
        body: ZPaperCheck,
        response: { 201: ZPaperCheckResult, 400: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const body = request.body;
      const batch = await scopedBatch(body.batchId, user, notInScope);
      const outcome = await checkSheet(app.db, batch, body, user.id);
      if ('refused' in outcome) {
        if (outcome.refused === 'invalid') {
          throw validationError(
            outcome.fields.map((f) => ({ ...f, path: `body.${f.path}` })),
            'Phiếu nhập kiểm tra chưa hợp lệ, vui lòng kiểm tra lại',
          );
        }
        throw new HttpError(409, outcome.refused, outcome.message, [{ path: 'body.serial', message: outcome.message }]);
      }
      return reply.status(201).send({ serial: body.serial, differences: outcome.differences });
    },
  );

  app.get(
    '/api/v1/paper/batches/:id/checks',
    {
      config: { access: readers },
      schema: {
        tags: ['paper'],
        summary: 'Double entry of a batch: how many sheets were typed twice, and the ones that differ, for resolution',
        params: ZIdParam,
        response: { 200: ZPaperChecks, 404: ZErrorBody },
      },
    },
    async (request) => {
      return batchChecks(app.db, await scopedBatch(request.params.id, request.user!, notFound));
    },
  );
};
