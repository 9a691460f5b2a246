import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZCoverage, ZCoverageWeighting } from '../../domain/contract/coverage.js';
import { quarterOf } from '../../domain/periods.js';
import { periodField, periodOf, ZPeriodParam, ZSlug } from '../analytics/filters.js';
import { chooseSurveys, loadSurveys } from '../analytics/surveys.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { coverage } from './queries.js';

/** GET /api/v1/analytics/coverage: schools' response rates, under-sampling, and the weighted city rate. */

const DEFAULT_FAMILY = 'public-education-parents';

export const coverageRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  app.get(
    '/api/v1/analytics/coverage',
    {
      config: { access: ['admin', 'analyst', 'unit_manager'] },
      schema: {
        tags: ['analytics'],
        summary:
          "Schools' coverage for a period: answers ÷ enrolment beside the rate, the respondents a ±5-point interval needs, and the city rate pooled or weighted by enrolment",
        querystring: z.object({
          survey: ZSlug.optional().describe(`A survey slug or family (default ${DEFAULT_FAMILY})`),
          period: ZPeriodParam.optional().describe('Default: the current quarter'),
          weighting: ZCoverageWeighting.default('none').describe('enrolment: the city rate weighted by enrolment'),
        }),
        response: { 200: ZCoverage, 400: ZErrorBody },
      },
    },
    async (request) => {
      const q = request.query;
      const all = await loadSurveys(app.db);
      const chosen = chooseSurveys(all, q.survey ?? DEFAULT_FAMILY, undefined);
      if (chosen.status === 'invalid') throw validationError(chosen.fields);
      const group = chosen.selection;
      const period = periodOf(q.period ?? quarterOf(new Date()).code);
      if (!period) throw validationError([periodField], 'Kỳ báo cáo không hợp lệ');
      return coverage(
        app.db,
        { group, period, weighting: q.weighting, scope: scopedUnitIds(app.db, request.user!) },
        config.MIN_N,
      );
    },
  );
};
