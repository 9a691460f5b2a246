import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZOverview } from '../../domain/contract/overview.js';
import { listRecentQuarters } from '../../domain/periods.js';
import type { Config } from '../config.js';
import { periodField, periodOf, ZPeriodParam } from '../analytics/filters.js';
import { validationError } from '../http/validation.js';
import { ZErrorBody } from '../http/schemas.js';
import { buildOverview } from './queries.js';

/** The admin start page ("Tổng quan"): one answer with the morning's figures, for every signed-in role. */
export const overviewRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  app.get(
    '/api/v1/overview',
    {
      config: { access: ['admin', 'analyst', 'unit_manager'] },
      schema: {
        tags: ['analytics'],
        summary:
          "The start page's figures for the caller's units: each survey's rate against its target this quarter, units below target, flagged answers and feedback waiting, units without answers",
        querystring: z.object({
          period: ZPeriodParam.optional().describe(
            'Q1-2026, H1-2026, Y-2026 or a day range; the current quarter by default',
          ),
        }),
        response: { 200: ZOverview, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody },
      },
    },
    async (request) => {
      const period = periodOf(request.query.period ?? listRecentQuarters(new Date(), 1)[0]!.code);
      if (!period) throw validationError([periodField], 'Kỳ báo cáo không hợp lệ');
      return buildOverview(app.db, request.user!, period, config.MIN_N);
    },
  );
};
