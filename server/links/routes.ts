import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZLink, ZLinkList, ZLinksCreated, type TLink } from '../../domain/contract/links.js';
import { ZSchoolLevel } from '../../domain/contract/units.js';
import { recordAudit } from '../audit/record.js';
import type { SessionUser } from '../auth/queries.js';
import { isAdmin, scopedUnitIds } from '../auth/scope.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { ZErrorBody } from '../http/schemas.js';
import { HttpError } from '../plugins/errors.js';
import { CODE_PATTERN } from './codes.js';
import {
  activeLinkFor,
  ensureLinks,
  findLinkByCode,
  findOpenSurvey,
  listLinks,
  retireLink,
  unitsForBulk,
  visibleLink,
  type LinkRow,
} from './queries.js';
import { formUrl, publicBase } from './url.js';

const ZSlug = z.string().trim().min(1, 'cần mã khảo sát (slug)').max(80);
const ZUnitCode = z.string().trim().min(1, 'cần mã đơn vị').max(40);
const ZChannel = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'kênh chỉ gồm chữ thường, số và dấu gạch dưới, vd. "qr", "zalo"')
  .default('qr');
const ZBool = z
  .enum(['true', 'false', '1', '0'], { message: 'phải là true hoặc false' })
  .transform((v) => v === 'true' || v === '1');
const ZCodeParam = z.object({ code: z.string().max(40) });

export function toApiLink(base: string, l: LinkRow): TLink {
  return {
    id: l.id,
    code: l.code,
    url: formUrl(base, l.code),
    survey: l.surveySlug,
    surveyTitle: l.surveyTitle,
    unit: l.unitCode,
    unitId: l.unitId,
    unitName: l.unitName,
    channel: l.channel,
    location: l.location,
    createdAt: l.createdAt.toISOString(),
    retiredAt: l.retiredAt?.toISOString() ?? null,
  };
}

/**
 * Units a user may create and retire links for: all for an admin; otherwise the units a unit
 * manager holds and their sub-units. (An analyst reads everything but manages nothing, so the
 * read scope is not the write scope.)
 */
export function manageScope(db: Database, user: SessionUser) {
  if (isAdmin(user)) return null;
  return scopedUnitIds(db, { ...user, roles: user.roles.filter((r) => r.role === 'unit_manager') });
}

const notFound = (path: string, message: string) => new HttpError(404, 'not_found', message, [{ path, message }]);

export const linkRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const readers = ['admin', 'analyst', 'unit_manager'] as const;
  const managers = ['admin', 'unit_manager'] as const;

  app.get(
    '/api/v1/links',
    {
      config: { access: readers },
      schema: {
        tags: ['links'],
        summary: 'QR links within your units, filtered by survey, unit, school level, ward or parent unit',
        querystring: z.object({
          survey: ZSlug.optional(),
          unit: ZUnitCode.optional(),
          level: ZSchoolLevel.optional(),
          ward: z.string().trim().min(1).max(120).optional(),
          parent: ZUnitCode.optional(),
          includeRetired: ZBool.optional(),
        }),
        response: { 200: ZLinkList, 400: ZErrorBody },
      },
    },
    async (request) => {
      const user = request.user!;
      const links = await listLinks(app.db, request.query, scopedUnitIds(app.db, user));
      const base = publicBase(config, request);
      return links.map((l) => toApiLink(base, l));
    },
  );

  app.get(
    '/api/v1/links/:code',
    {
      config: { access: readers },
      schema: {
        tags: ['links'],
        summary: 'One link',
        params: ZCodeParam,
        response: { 200: ZLink, 404: ZErrorBody },
      },
    },
    async (request) => {
      const link = await visibleLink(app.db, request.user!, request.params.code);
      if (!link) throw new HttpError(404, 'not_found', 'Không tìm thấy liên kết');
      return toApiLink(publicBase(config, request), link);
    },
  );

  app.post(
    '/api/v1/links',
    {
      config: { access: managers },
      schema: {
        tags: ['links'],
        summary: 'Create the link for a survey, unit and channel (200 with the existing active one if there is one)',
        body: z.object({
          survey: ZSlug,
          unit: ZUnitCode,
          channel: ZChannel,
          location: z
            .string()
            .trim()
            .min(1, 'nhập nơi đặt mã QR hoặc bỏ trống')
            .max(200, 'nơi đặt quá dài (tối đa 200 ký tự)')
            .regex(/^[^\p{Cc}]*$/u, 'nơi đặt không được chứa ký tự điều khiển')
            .optional()
            .describe(
              'Where the QR code is posted when not at the unit, e.g. the public administration service centre',
            ),
        }),
        response: { 200: ZLink, 201: ZLink, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { channel, location } = request.body;
      const survey = await findOpenSurvey(app.db, request.body.survey);
      if (!survey) throw notFound('survey', 'Không có khảo sát đang mở với mã này');
      const unit = await app.db
        .selectFrom('units')
        .select(['id', 'code'])
        .where('code', '=', request.body.unit)
        .executeTakeFirst();
      const scope = manageScope(app.db, user);
      const allowed = unit && (scope === null || (await scope.where('id', '=', unit.id).executeTakeFirst()));
      if (!unit || !allowed) throw notFound('unit', 'Không tìm thấy đơn vị trong phạm vi bạn quản lý');

      const { created } = await app.db.transaction().execute(async (trx) => {
        const result = await ensureLinks(trx, {
          surveyId: survey.id,
          channel,
          unitIds: [unit.id],
          createdBy: user.id,
          location,
        });
        if (result.created.length > 0) {
          await recordAudit(trx, {
            actorId: user.id,
            actorLabel: user.email,
            action: 'links.create',
            targetType: 'link',
            targetId: result.created[0],
            details: { survey: survey.slug, unit: unit.code, channel, ...(location ? { location } : {}) },
          });
        }
        return result;
      });
      const link = await activeLinkFor(app.db, survey.id, unit.id, channel);
      if (!link) throw new HttpError(409, 'conflict', 'Liên kết vừa bị thu hồi, vui lòng thử lại');
      return reply.status(created.length > 0 ? 201 : 200).send(toApiLink(publicBase(config, request), link));
    },
  );

  app.post(
    '/api/v1/links/bulk',
    {
      config: { access: managers },
      schema: {
        tags: ['links'],
        summary:
          'Make sure every matching unit in your scope has a link for the survey (a per-level survey only fits schools of its level)',
        body: z.object({
          survey: ZSlug,
          level: ZSchoolLevel.optional(),
          ward: z.string().trim().min(1).max(120).optional(),
          parent: ZUnitCode.optional(),
          channel: ZChannel,
        }),
        response: {
          201: ZLinksCreated,
          400: ZErrorBody,
          404: ZErrorBody,
        },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { level, ward, parent, channel } = request.body;
      const survey = await findOpenSurvey(app.db, request.body.survey);
      if (!survey) throw notFound('survey', 'Không có khảo sát đang mở với mã này');
      const unitIds = await unitsForBulk(app.db, { level, ward, parent }, survey.level, manageScope(app.db, user));
      if (!unitIds) throw notFound('parent', 'Không tìm thấy đơn vị cấp trên này');

      const { created } = await app.db.transaction().execute(async (trx) => {
        const result = await ensureLinks(trx, { surveyId: survey.id, channel, unitIds, createdBy: user.id });
        if (result.created.length > 0) {
          await recordAudit(trx, {
            actorId: user.id,
            actorLabel: user.email,
            action: 'links.create',
            targetType: 'survey',
            targetId: survey.slug,
            details: { bulk: true, channel, filter: { level, ward, parent }, created: result.created.length },
          });
        }
        return result;
      });
      const wanted = new Set(unitIds);
      const links =
        unitIds.length === 0
          ? []
          : (await listLinks(app.db, { survey: survey.slug }, null)).filter(
              (l) => l.channel === channel && wanted.has(l.unitId),
            );
      const base = publicBase(config, request);
      return reply.status(201).send({
        created: created.length,
        existing: links.length - created.length,
        links: links.map((l) => toApiLink(base, l)),
      });
    },
  );

  app.post(
    '/api/v1/links/:code/retire',
    {
      config: { access: managers },
      schema: {
        tags: ['links'],
        summary: 'Retire a link: its form then answers 410 and it is left out of poster batches',
        params: ZCodeParam,
        response: { 200: ZLink, 404: ZErrorBody },
      },
    },
    async (request) => {
      const user = request.user!;
      const link = CODE_PATTERN.test(request.params.code)
        ? await findLinkByCode(app.db, request.params.code)
        : undefined;
      const scope = manageScope(app.db, user);
      const allowed = link && (scope === null || (await scope.where('id', '=', link.unitId).executeTakeFirst()));
      if (!link || !allowed) throw new HttpError(404, 'not_found', 'Không tìm thấy liên kết');
      await app.db.transaction().execute(async (trx) => {
        const { changed } = await retireLink(trx, link.id);
        if (changed) {
          await recordAudit(trx, {
            actorId: user.id,
            actorLabel: user.email,
            action: 'links.retire',
            targetType: 'link',
            targetId: link.id,
            details: { code: link.code, survey: link.surveySlug, unit: link.unitCode, channel: link.channel },
          });
        }
      });
      const fresh = (await findLinkByCode(app.db, link.code))!;
      return toApiLink(publicBase(config, request), fresh);
    },
  );
};
