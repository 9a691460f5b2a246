import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { CompiledQuery } from 'kysely';
import { z } from 'zod';
import type { Config } from '../config.js';
import { ZSubmission } from '../../domain/contract/responses.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { createInsertBatcher } from './batch.js';
import { createLookupBatcher } from './lookup-batch.js';
import { createLookupInserter } from './lookup-insert.js';
import { integrityKeyLoader } from './secrets.js';
import { submitResponse, type CampaignClosed, type SubmitOutcome } from './submit.js';

/** Far more than the longest definition's answers and a full comment; anything bigger is not a person. */
export const SUBMIT_BODY_LIMIT = 64 * 1024;
/** The HTTP answer for a refused submission. */
function refusal(outcome: Extract<SubmitOutcome, { refused: string }> | CampaignClosed): HttpError {
  switch (outcome.refused) {
    case 'campaign_closed':
      return new HttpError(403, 'campaign_closed', outcome.message);
    case 'link_not_found':
      return new HttpError(404, 'link_not_found', 'Không tìm thấy phiếu khảo sát');
    case 'link_retired':
      return new HttpError(410, 'link_retired', 'Phiếu khảo sát này đã đóng, không nhận thêm ý kiến');
    case 'id_conflict':
      return new HttpError(409, 'id_conflict', 'Mã phiếu này đã được dùng cho một phiếu trả lời khác');
    case 'invalid':
      return validationError(outcome.fields, 'Phiếu trả lời chưa hợp lệ, vui lòng kiểm tra lại');
  }
}

export const responseRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  // One name per statement text (the look-up has two shapes, the insert one), so each connection prepares
  // each once.
  const names = new Map<string, string>();
  const prepared = async <R>(query: CompiledQuery<R>): Promise<R[]> => {
    let name = names.get(query.sql);
    if (!name) {
      name = `submit_${createHash('sha1').update(query.sql).digest('hex').slice(0, 16)}`;
      names.set(query.sql, name);
    }
    const result = await app.pg.pool.query({ name, text: query.sql, values: [...query.parameters] });
    return result.rows as R[];
  };
  const batcher = createInsertBatcher(app.db, { run: prepared });
  const getKey = integrityKeyLoader(app.db);
  const lookups = createLookupBatcher(app.db, prepared);
  const fast = createLookupInserter(app.db, prepared);

  app.post(
    '/api/v1/public/responses',
    {
      bodyLimit: SUBMIT_BODY_LIMIT,
      config: {
        access: 'public',
        // A ceiling per IP, not a filter: one school's parents may all come from one address.
        rateLimit: {
          max: config.SUBMIT_RATE_LIMIT_PER_MINUTE,
          timeWindow: '1 minute',
          errorResponseBuilder: () =>
            new HttpError(429, 'rate_limited', 'Có quá nhiều phiếu gửi từ mạng này, phiếu sẽ được gửi lại sau ít phút'),
        },
      },
      schema: {
        tags: ['public'],
        summary: 'Submit one answer (idempotent by id): 201 stored, 200 replay of the same id and body',
        description:
          'Validated against the exact version answered (versionId). The same id with a different body is 409. ' +
          'Integrity flags (honeypot, too_fast, burst, duplicate_device) keep the answer but hold it for review.',
        body: ZSubmission,
        response: {
          200: z.object({ id: z.string() }),
          201: z.object({ id: z.string() }),
          400: ZErrorBody,
          403: ZErrorBody,
          404: ZErrorBody,
          409: ZErrorBody,
          410: ZErrorBody,
          429: ZErrorBody,
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const outcome = await submitResponse(app.db, body, {
        key: await getKey(),
        ip: request.ip,
        insert: batcher.insert,
        prepared,
        lookup: lookups.lookup,
        lookupAndInsert: fast.lookupAndInsert,
        enforceCampaign: true,
        publicEntry: true,
      });
      if ('refused' in outcome) throw refusal(outcome);
      const { status } = outcome;
      return reply.status(status).header('cache-control', 'no-store').send({ id: body.id });
    },
  );
};
