import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { TFigure } from '../../domain/contract/analytics.js';
import { ZTransparency, type TPublicFigure, type TTransparency } from '../../domain/contract/transparency.js';
import { QR_NOTE } from '../../domain/notes.js';
import { lastLocalDay, listRecentQuarters, localDay, parsePeriodCode, rangeOf } from '../../domain/periods.js';
import { computeBreakdown } from '../analytics/breakdown.js';
import { methodInfo } from '../analytics/figures.js';
import { groupFilters, resolvePeriod, ZSlug } from '../analytics/filters.js';
import { loadSurveys, reportGroups, selectorOf } from '../analytics/surveys.js';
import { computeSummary } from '../analytics/summary.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { ZErrorBody } from '../http/schemas.js';
import { WEB_DIST } from '../web/dist.js';

/**
 * The public transparency page: published rates per survey and unit, per quarter, against the
 * target. Only aggregates: no comments, no answers, no personal data; a unit with fewer responses
 * than MIN_N shows "chưa đủ số phiếu" and no figures at all (not even its n), since small groups
 * give unstable rates and could point at individual people.
 */

const CACHE_SECONDS = 300;

function publicFigure(f: TFigure, responses: number): TPublicFigure {
  return { rate: f.value, n: f.n, responses, interval: f.interval, target: f.target ?? 0, status: f.status };
}

export async function buildTransparency(
  db: Database,
  q: { survey?: string | undefined; until?: string | undefined; quarters: number },
  minN: number,
  now = new Date(),
): Promise<TTransparency> {
  const all = await loadSurveys(db);
  const selector = selectorOf(all, q.survey, undefined);
  const newest = q.until ? rangeOf(parsePeriodCode(q.until)!).from : now;
  const quarters = listRecentQuarters(newest, q.quarters);
  const surveys: TTransparency['surveys'] = [];
  for (const g of reportGroups(all, selector)) {
    // Consultations on draft policy are not service satisfaction; they are published elsewhere.
    if (g.surveys.every((s) => s.kind === 'consultation')) continue;
    const perQuarter: TTransparency['surveys'][number]['quarters'] = [];
    for (const quarter of quarters) {
      const f = groupFilters(g, resolvePeriod(quarter.code));
      const [summary, units] = await Promise.all([
        computeSummary(db, f, { minN }),
        computeBreakdown(db, f, 'unit', minN),
      ]);
      const overallShown = summary.responses.accepted >= minN;
      perQuarter.push({
        code: quarter.code,
        suppressed: !overallShown,
        overall: overallShown ? publicFigure(summary.overall, summary.responses.accepted) : null,
        units: units
          .filter((u) => u.unit)
          .map((u) => {
            const shown = u.responses >= minN;
            return {
              code: u.unit!.code,
              name: u.unit!.name,
              level: u.unit!.level,
              suppressed: !shown,
              figure: shown ? publicFigure(u.figure, u.responses) : null,
            };
          })
          // Published units by name; the ranking belongs to the internal dashboard.
          .sort((a, b) => a.name.localeCompare(b.name, 'vi')),
      });
    }
    surveys.push({ selector: g.selector.code, title: g.selector.title, target: g.target, quarters: perQuarter });
  }
  const info = methodInfo('top2_pooled');
  return {
    generatedAt: now.toISOString(),
    minN,
    method: info,
    note: QR_NOTE,
    suppressedLabel: { vi: 'chưa đủ số phiếu', en: 'not enough answers' },
    quarters: quarters.map((r) => ({
      code: r.code,
      label: r.label,
      from: localDay(r.from),
      to: lastLocalDay(r.to),
    })),
    surveys,
  };
}

export const transparencyRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const cache = new Map<string, { until: number; body: TTransparency }>();

  app.get(
    '/api/v1/public/transparency',
    {
      config: { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: 'Published satisfaction rates per survey and unit, per quarter, against the target (no sign-in)',
        description: `Units with fewer than MIN_N responses read "chưa đủ số phiếu". Cached for ${CACHE_SECONDS} s.`,
        querystring: z.object({
          survey: ZSlug.optional().describe('A survey slug or family; every survey when left out'),
          until: z
            .string()
            .regex(/^Q[1-4]-\d{4}$/, 'quý dạng Q1-2026')
            .refine((c) => parsePeriodCode(c) !== null, 'quý không hợp lệ')
            .optional()
            .describe('The newest quarter shown (default: the current one)'),
          quarters: z.coerce.number().int().min(1).max(12).default(4),
        }),
        response: { 200: ZTransparency, 400: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (request, reply) => {
      const key = JSON.stringify([request.query.survey ?? '', request.query.until ?? '', request.query.quarters]);
      const hit = cache.get(key);
      let body: TTransparency;
      if (hit && hit.until > Date.now()) body = hit.body;
      else {
        body = await buildTransparency(app.db, request.query, config.MIN_N);
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
