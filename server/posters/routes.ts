import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { ZSchoolLevel } from '../../domain/contract/units.js';
import { searchKey } from '../../domain/search-text.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { listLinks, visibleLink, type LinkRow } from '../links/queries.js';
import { formUrl, publicBase, shortUrl } from '../links/url.js';
import { HttpError } from '../plugins/errors.js';
import { loadOrganisation } from '../settings/queries.js';
import { ZPublicUrlCheck } from '../../domain/contract/posters.js';
import { minutesBySurvey } from './queries.js';
import { publicUrlWarning } from './public-url.js';
import type { PosterInput } from './render.js';

/**
 * The renderer is loaded with the first poster, not at start: pdfkit, its fonts and the QR and image code take
 * about a second of CPU to load, which every app start (and every instance, test server and CLI) would pay.
 */
const renderer = () => import('./render.js');

const ZSize = z.enum(['A4', 'A5'], { message: 'khổ giấy là A4 hoặc A5' }).default('A4');

function posterInput(base: string, link: LinkRow, minutes: Map<number, number>, org: string): PosterInput {
  const url = formUrl(base, link.code);
  const input: PosterInput = {
    url,
    shortUrl: shortUrl(url),
    unitName: link.unitName,
    surveyTitle: link.surveyTitle,
    // The organisation is a setting (server/settings), so another Sở prints its own name.
    footer: `${org} • Phiếu khảo sát ẩn danh`,
  };
  const estimate = minutes.get(link.surveyId);
  return estimate === undefined ? input : { ...input, minutes: estimate };
}

/** An ASCII file name for Content-Disposition (codes and sizes are ASCII already). */
const attachment = (name: string) => `inline; filename="${name.replace(/[^\w.-]/g, '_')}"`;

/** "Phường Bến Nghé" → "phuong-ben-nghe": readable in a file name, ASCII only. */
const slug = (text: string) =>
  searchKey(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

interface BatchFilter {
  survey?: string | undefined;
  unit?: string | undefined;
  level?: string | undefined;
  ward?: string | undefined;
  parent?: string | undefined;
}

/**
 * A batch's file name says what it holds (#15.6): the survey, which units, the paper size, e.g.
 * posters-education-parents-tieu-hoc-cap-tieu-hoc-A4.pdf or posters-tat-ca-khao-sat-tat-ca-don-vi-A5.pdf.
 */
export function batchFileName(filter: BatchFilter, size: string): string {
  const scope = [
    filter.unit && `don-vi-${slug(filter.unit)}`,
    filter.level && `cap-${slug(filter.level)}`,
    filter.ward && slug(filter.ward),
    filter.parent && `thuoc-${slug(filter.parent)}`,
  ].filter(Boolean);
  const survey = filter.survey ? slug(filter.survey) : 'tat-ca-khao-sat';
  return `posters-${survey}-${scope.length ? scope.join('-') : 'tat-ca-don-vi'}-${size}.pdf`;
}

export const posterRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const readers = ['admin', 'analyst', 'unit_manager'] as const;
  const formats = {
    svg: 'image/svg+xml; charset=utf-8',
    png: 'image/png',
    pdf: 'application/pdf',
  } as const;

  for (const [format, type] of Object.entries(formats) as Array<[keyof typeof formats, string]>) {
    app.get(
      `/api/v1/links/:code/poster.${format}`,
      {
        config: { access: readers },
        schema: {
          tags: ['posters'],
          summary: `The QR poster of one link as ${format.toUpperCase()} (A4 or A5, Vietnamese text, fonts embedded)`,
          params: z.object({ code: z.string().max(40) }),
          querystring: z.object({
            size: ZSize,
            /** PNG only: pixels per inch (150 by default: an A4 page is 1240 × 1754 px). */
            dpi: z.coerce.number().int().min(72, 'từ 72 đến 300').max(300, 'từ 72 đến 300').optional(),
          }),
          response: { 200: z.any().describe(`the poster (${type})`), 400: ZErrorBody, 404: ZErrorBody },
        },
      },
      async (request, reply) => {
        const link = await visibleLink(app.db, request.user!, request.params.code);
        if (!link) throw new HttpError(404, 'not_found', 'Không tìm thấy liên kết');
        const org = (await loadOrganisation(app.db)).name;
        const minutes = await minutesBySurvey(app.db, [link.surveyId]);
        const input = posterInput(publicBase(config, request), link, minutes, org);
        const { size, dpi } = request.query;
        const { renderPosterPdf, renderPosterPng, renderPosterSvg } = await renderer();
        const body =
          format === 'svg'
            ? await renderPosterSvg(input, size)
            : format === 'png'
              ? await renderPosterPng(input, size, { dpi: dpi ?? 150 })
              : await renderPosterPdf(input, size);
        return reply
          .type(type)
          .header('cache-control', 'private, no-cache')
          .header(
            'content-disposition',
            attachment(`poster-${link.surveySlug}-${slug(link.unitCode)}-${link.code}-${size}.${format}`),
          )
          .send(body);
      },
    );
  }

  app.get(
    '/api/v1/posters/public-url',
    {
      config: { access: readers },
      schema: {
        tags: ['posters'],
        summary:
          'The address QR codes and links carry, with a warning (Vietnamese) when it is a loopback or private address phones cannot reach',
        response: { 200: ZPublicUrlCheck },
      },
    },
    async (request) => {
      const url = publicBase(config, request);
      return { url, configured: !!config.PUBLIC_URL, warning: publicUrlWarning(url, !!config.PUBLIC_URL) };
    },
  );

  app.get(
    '/api/v1/posters.pdf',
    {
      config: { access: readers },
      schema: {
        tags: ['posters'],
        summary:
          'One PDF with the poster of every active link that matches (one a page), streamed as it is drawn; only units in your scope',
        querystring: z.object({
          survey: z.string().trim().min(1).max(80).optional(),
          unit: z.string().trim().min(1).max(40).optional(),
          level: ZSchoolLevel.optional(),
          ward: z.string().trim().min(1).max(120).optional(),
          parent: z.string().trim().min(1).max(40).optional(),
          size: ZSize,
        }),
        response: { 200: z.any().describe('application/pdf, one poster a page'), 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const { size, ...filter } = request.query;
      // A paper batch's link (channel 'paper') collects typed-in sheets; a poster of it would mix
      // online answers into the paper channel, so batches leave it out; so does an interview list's link.
      const links = (await listLinks(app.db, filter, scopedUnitIds(app.db, request.user!))).filter(
        (l) => l.channel !== 'paper' && l.channel !== 'interview',
      );
      if (links.length === 0) throw new HttpError(404, 'not_found', 'Không có liên kết nào khớp bộ lọc');
      const base = publicBase(config, request);
      const minutes = await minutesBySurvey(
        app.db,
        links.map((l) => l.surveyId),
      );
      // The rows are small; the pages are not. Pages are drawn one at a time and the stream waits
      // whenever the client is slower than the renderer, so memory stays flat for any batch size.
      const org = (await loadOrganisation(app.db)).name;
      const out = new PassThrough({ highWaterMark: 256 * 1024 });
      const { streamPosterPdf } = await renderer();
      streamPosterPdf(
        links.map((l) => posterInput(base, l, minutes, org)),
        size,
        out,
        { title: `Áp phích mã QR — ${links.length} đơn vị` },
      ).catch((err: unknown) => request.log.warn({ err }, 'poster batch stopped'));
      const name = batchFileName(filter, size);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-cache')
        .header('content-disposition', attachment(name))
        .header('x-poster-count', String(links.length))
        .send(out);
    },
  );
};
