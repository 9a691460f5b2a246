import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listSurveys } from './queries.js';

const ZSurvey = z.object({
  id: z.number(),
  slug: z.string(),
  family: z.string().nullable(),
  kind: z.string(),
  level: z.string().nullable(),
  title: z.object({ vi: z.string(), en: z.string().nullable() }),
  target: z.number(),
  currentVersion: z.number().nullable(),
  versions: z.array(
    z.object({
      id: z.number(),
      number: z.number(),
      contentHash: z.string(),
      publishedAt: z.date(),
      sourceFile: z.string(),
    }),
  ),
});

export const surveyRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/surveys',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['surveys'],
        summary: 'Surveys with their published versions and targets',
        response: { 200: z.object({ surveys: z.array(ZSurvey) }) },
      },
    },
    async () => ({ surveys: await listSurveys(app.db) }),
  );
};
