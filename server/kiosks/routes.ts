import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import { ZPublicForm } from '../../domain/contract/forms.js';
import { ZKiosk, ZKioskCreate, ZKioskCreated, ZKioskList } from '../../domain/contract/kiosks.js';
import { recordAudit } from '../audit/record.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { publicBase } from '../links/url.js';
import { HttpError } from '../plugins/errors.js';
import { kioskHtml, kioskMessage } from './page.js';
import { createKiosk, kioskPage, listKiosks, manageScopeOf, revokeKiosk } from './queries.js';

const managers = ['admin', 'unit_manager'] as const;
const ZTokenParam = z.object({ token: z.string().max(64) });
const notFound = (path: string, message: string) => new HttpError(404, 'not_found', message, [{ path, message }]);

export const kioskRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  app.get(
    '/api/v1/kiosks',
    {
      config: { access: managers },
      schema: { tags: ['kiosks'], summary: 'Kiosk tablets of the units you manage', response: { 200: ZKioskList } },
    },
    async (request) => listKiosks(app.db, request.user!),
  );

  app.post(
    '/api/v1/kiosks',
    {
      config: { access: managers },
      schema: {
        tags: ['kiosks'],
        summary: 'Register a kiosk tablet for a unit and survey; its URL (with the token, shown this once) and QR code',
        body: ZKioskCreate,
        response: { 201: ZKioskCreated, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const scope = manageScopeOf(app.db, user);
      if (scope !== null && !(await scope.where('id', '=', request.body.unitId).executeTakeFirst())) {
        throw notFound('unitId', 'Không tìm thấy đơn vị trong phạm vi bạn quản lý');
      }
      const outcome = await app.db.transaction().execute(async (trx) => {
        const result = await createKiosk(trx, user, request.body);
        if (result.status === 'created') {
          await recordAudit(trx, {
            actorId: user.id,
            actorLabel: user.email,
            action: 'kiosks.create',
            targetType: 'kiosk',
            targetId: result.kiosk.id,
            details: { survey: result.kiosk.survey, unitId: result.kiosk.unitId, label: result.kiosk.label },
          });
        }
        return result;
      });
      if (outcome.status === 'survey_not_found') throw notFound('survey', 'Không có khảo sát đang mở với mã này');
      if (outcome.status === 'unit_not_found') throw notFound('unitId', 'Không tìm thấy đơn vị');
      const url = `${publicBase(config, request)}/k/${outcome.token}`;
      const qrSvg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'Q', margin: 4 });
      return reply.status(201).header('cache-control', 'no-store').send({ kiosk: outcome.kiosk, url, qrSvg });
    },
  );

  app.post(
    '/api/v1/kiosks/:id/revoke',
    {
      config: { access: managers },
      schema: {
        tags: ['kiosks'],
        summary: 'Revoke a kiosk: its page and its answers are refused from now on (410)',
        params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
        response: { 200: ZKiosk, 404: ZErrorBody },
      },
    },
    async (request) => {
      const user = request.user!;
      const kiosk = await revokeKiosk(app.db, user, request.params.id);
      if (!kiosk) throw notFound('id', 'Không tìm thấy máy khảo sát');
      await recordAudit(app.db, {
        actorId: user.id,
        actorLabel: user.email,
        action: 'kiosks.revoke',
        targetType: 'kiosk',
        targetId: kiosk.id,
      });
      return kiosk;
    },
  );

  app.get(
    '/api/v1/public/kiosks/:token',
    {
      config: { access: 'public', rateLimit: { max: 300, timeWindow: '1 minute' } },
      schema: {
        tags: ['public'],
        summary: "A kiosk's name and form (the kiosk page's data); 410 once revoked",
        params: ZTokenParam,
        response: { 200: z.object({ label: z.string(), form: ZPublicForm }), 404: ZErrorBody, 410: ZErrorBody },
      },
    },
    async (request, reply) => {
      const found = await kioskPage(app.db, request.params.token);
      if (found.status === 'unknown') throw new HttpError(404, 'kiosk_not_found', kioskMessage('unknown').title);
      if (found.status === 'revoked') throw new HttpError(410, 'kiosk_revoked', kioskMessage('revoked').title);
      reply.header('cache-control', 'no-store');
      return { label: found.label, form: found.form };
    },
  );

  app.get('/k/:token', { schema: { hide: true, params: ZTokenParam } }, async (request, reply) => {
    const { token } = request.params;
    const found = await kioskPage(app.db, token);
    const data =
      found.status === 'ok'
        ? { state: 'ok' as const, token, label: found.label, form: found.form }
        : { state: found.status === 'revoked' ? ('revoked' as const) : ('unknown' as const) };
    return (
      reply
        .status(found.status === 'ok' ? 200 : found.status === 'revoked' ? 410 : 404)
        .header('cache-control', 'no-store')
        // The token in the URL is the kiosk's key: never leak it to other sites, never index it.
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex')
        .type('text/html; charset=utf-8')
        .send(await kioskHtml(data))
    );
  });
};
