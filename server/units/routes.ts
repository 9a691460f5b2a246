import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZSchoolLevel } from '../../domain/definition.js';
import { UNIT_KINDS } from './import.js';
import { listUnits } from './queries.js';

const ZUnit = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(UNIT_KINDS),
  level: ZSchoolLevel.nullable(),
  ward: z.string().nullable(),
  enrolment: z.number().nullable(),
  parentId: z.number().nullable(),
  parentCode: z.string().nullable(),
});

export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/units',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['units'],
        summary: 'Units, filtered by kind, school level, ward, parent (with all sub-units) or a search text',
        querystring: z.object({
          kind: z.enum(UNIT_KINDS).optional(),
          level: ZSchoolLevel.optional(),
          ward: z.string().trim().min(1).max(120).optional(),
          parent: z.string().trim().min(1).max(40).optional(),
          q: z.string().trim().min(1).max(100).optional(),
        }),
        response: { 200: z.object({ units: z.array(ZUnit) }) },
      },
    },
    async (request) => ({ units: await listUnits(app.db, request.query) }),
  );
};
