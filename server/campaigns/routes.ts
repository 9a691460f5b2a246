import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZCampaign,
  ZCampaignCreate,
  ZCampaignList,
  ZCampaignProgress,
  ZCampaignUpdate,
} from '../../domain/contract/campaigns.js';
import { formatLocalDate } from '../../domain/periods.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import {
  campaignProgress,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  saveCampaign,
  type SaveOutcome,
} from './queries.js';

const ZId = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const notFound = () =>
  new HttpError(404, 'not_found', 'Không tìm thấy đợt khảo sát', [
    { path: 'id', message: 'Không tìm thấy đợt khảo sát' },
  ]);

/** The HTTP answer for a save that did not happen. */
function refusal(outcome: Exclude<SaveOutcome, { status: 'saved' }>): HttpError {
  switch (outcome.status) {
    case 'not_found':
      return notFound();
    case 'invalid':
      return validationError(outcome.fields, 'Đợt khảo sát chưa hợp lệ, vui lòng kiểm tra lại');
    case 'overlap': {
      const { name, opensOn, closesOn } = outcome.other;
      const message = `Trùng thời gian với đợt "${name}" (${formatLocalDate(opensOn)} – ${formatLocalDate(closesOn)}) của cùng khảo sát`;
      return new HttpError(409, 'campaign_overlap', message, [
        { path: 'opensOn', message },
        { path: 'closesOn', message },
      ]);
    }
  }
}

/**
 * Campaigns (đợt khảo sát, #12.7): admins plan them; every signed-in user may read them, and a
 * unit manager sees the progress of the units they manage only.
 */
export const campaignRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/campaigns',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['campaigns'],
        summary: 'Campaigns (survey rounds with dates and quotas), newest first',
        querystring: z.object({ survey: z.string().trim().max(80).optional() }),
        response: { 200: ZCampaignList },
      },
    },
    async (request) => listCampaigns(app.db, request.query.survey || undefined),
  );

  app.post(
    '/api/v1/campaigns',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['campaigns'],
        summary:
          "Plan a campaign: from then on the survey's links take answers only on its dates (or another campaign's)",
        body: ZCampaignCreate,
        response: { 201: ZCampaign, 400: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const outcome = await saveCampaign(app.db, request.user!, request.body);
      if (outcome.status !== 'saved') throw refusal(outcome);
      const campaign = await getCampaign(app.db, outcome.id);
      if (!campaign) throw notFound();
      return reply.status(201).send(campaign);
    },
  );

  app.get(
    '/api/v1/campaigns/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['campaigns'],
        summary: 'A campaign with its per-unit quotas and the suggested n',
        params: ZId,
        response: { 200: ZCampaign, 404: ZErrorBody },
      },
    },
    async (request) => {
      const campaign = await getCampaign(app.db, request.params.id);
      if (!campaign) throw notFound();
      return campaign;
    },
  );

  app.put(
    '/api/v1/campaigns/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['campaigns'],
        summary: "Change a campaign's name, dates, margin and quotas (the survey stays)",
        params: ZId,
        body: ZCampaignUpdate,
        response: { 200: ZCampaign, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const outcome = await saveCampaign(app.db, request.user!, request.body, request.params.id);
      if (outcome.status !== 'saved') throw refusal(outcome);
      const campaign = await getCampaign(app.db, outcome.id);
      if (!campaign) throw notFound();
      return campaign;
    },
  );

  app.delete(
    '/api/v1/campaigns/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['campaigns'],
        summary: 'Delete a campaign and its quotas; answers stay',
        params: ZId,
        response: { 204: z.null(), 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      if (!(await deleteCampaign(app.db, request.user!, request.params.id))) throw notFound();
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/campaigns/:id/progress',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['campaigns'],
        summary: 'Respondents so far against each unit quota (the units you may see), units behind first',
        params: ZId,
        response: { 200: ZCampaignProgress, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const progress = await campaignProgress(app.db, request.user!, request.params.id);
      if (!progress) throw notFound();
      reply.header('cache-control', 'no-store');
      return progress;
    },
  );
};
