import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZSurveyList } from '../../domain/contract/surveys.js';
import { listSurveys } from './queries.js';

export const surveyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/surveys',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['surveys'],
        summary: 'Surveys with their published versions and targets',
        response: { 200: ZSurveyList },
      },
    },
    async () => {
      const surveys = await listSurveys(app.db);
      // Instants as ISO strings, as the contract has them.
      return {
        surveys: surveys.map((s) => ({
          ...s,
          versions: s.versions.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })),
        })),
      };
    },
  );
};
