import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ZPublicView, ZTransparency, type TTransparency } from '../../domain/contract/transparency.js';
import { parsePeriodCode } from '../../domain/periods.js';
import { ZSlug } from '../analytics/filters.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { WEB_DIST } from '../web/dist.js';
import { buildTransparency } from './build.js';

/** GET /api/v1/public/transparency (build.ts) and the page /cong-khai. */

const CACHE_SECONDS = 300;

export const transparencyRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const cache = new Map<string, { until: number; body: TTransparency }>();

  app.get(
    '/api/v1/public/transparency',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary:
          'Published satisfaction rates per survey and unit, per quarter, half-year or year, against the target (no sign-in)',
        description: `Certified (frozen) figures where the Sở froze the period; the running period is provisional ("tạm tính"). Units with fewer than MIN_N respondents read "chưa đủ số phiếu". Cached for ${CACHE_SECONDS} s.`,
        querystring: z.object({
          survey: ZSlug.optional().describe('A survey slug or family; every survey when left out'),
          view: ZPublicView.default('quarter').describe('quarter, half (6 months) or year'),
          until: z
            .string()
            .regex(/^(Q[1-4]-|H[12]-|Y-)\d{4}$/, 'kỳ dạng Q1-2026, H1-2026 hoặc Y-2026')
            .refine((c) => parsePeriodCode(c) !== null, 'kỳ không hợp lệ')
            .optional()
            .describe('The newest period shown (default: the current one)'),
          quarters: z.coerce
            .number()
            .int()
            .min(1)
            .max(12)
            .optional()
            .describe('How many periods (default 4 quarters, 2 halves or 2 years)'),
        }),
        response: { 200: ZTransparency, 400: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const key = JSON.stringify([q.survey ?? '', q.until ?? '', q.quarters ?? 0, q.view]);
      const hit = cache.get(key);
      let body: TTransparency;
      if (hit && hit.until > Date.now()) body = hit.body;
      else {
        const outcome = await buildTransparency(app.read.db, request.query, config.MIN_N);
        if (outcome.kind === 'invalid') throw validationError(outcome.fields);
        body = outcome.body;
        if (cache.size > 200) cache.clear();
        cache.set(key, { until: Date.now() + CACHE_SECONDS * 1000, body });
      }
      reply.header('cache-control', `public, max-age=${CACHE_SECONDS}`);
      return body;
    },
  );

  // The page itself (Vite entry `transparency`), like /admin is served by web/routes.ts.
  app.get('/cong-khai', { schema: { hide: true } }, async (_request, reply) => {
    const file = path.join(WEB_DIST, 'transparency', 'index.html');
    if (!existsSync(file)) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Trang công khai chưa được build (npm run build:web).');
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(createReadStream(file));
  });
};
