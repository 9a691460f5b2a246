import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZBindingOut,
  ZBindings,
  ZOfficer,
  ZOfficerBinding,
  ZOfficerCreate,
  ZOfficerList,
  ZOfficerResults,
  ZOfficerResultsQuery,
  ZOfficerUpdate,
  type TOfficerBinding,
} from '../../domain/contract/officers.js';
import type { SessionUser } from '../auth/queries.js';
import { recordAudit } from '../audit/record.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { invalidField } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { findUnitByCode } from '../units/queries.js';
import {
  bindOfficer,
  createOfficer,
  listBindings,
  listOfficers,
  managedUnitIds,
  updateOfficer,
  type BindOutcome,
  type BindTarget,
  type OfficerOutcome,
} from './queries.js';
import { officerResults, visibleOfficerIds } from './results.js';

const managers = ['admin', 'unit_manager'] as const;
const ZIdParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });
const notFound = (path: string, message: string) => new HttpError(404, 'not_found', message, [{ path, message }]);
const NO_USER = 'Không có tài khoản với email này';

function officerOrThrow(outcome: OfficerOutcome) {
  if (outcome.status === 'unit_not_found') throw notFound('unitId', 'Không tìm thấy đơn vị trong phạm vi bạn quản lý');
  if (outcome.status === 'user_not_found') throw invalidField('userEmail', NO_USER);
  if (outcome.status === 'not_found') throw notFound('id', 'Không tìm thấy cán bộ');
  return outcome.officer;
}

function bindingOrThrow(outcome: BindOutcome, what: string) {
  if (outcome.status === 'not_found') throw notFound(what, 'Không tìm thấy trong phạm vi bạn quản lý');
  if (outcome.status === 'officer_not_found') {
    throw invalidField('officerId', 'Cán bộ không thuộc đơn vị này hoặc đã ngừng hoạt động');
  }
  return outcome.binding;
}

/**
 * Officers (#12.5): registered per unit by its managers and admins; links and kiosks bound to them;
 * and their results, which only the officer, their unit's managers and admins may read.
 */
export const officerRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  app.get(
    '/api/v1/officers',
    {
      config: { access: managers },
      schema: {
        tags: ['officers'],
        summary: 'Officers of the units you manage (one unit with ?unit=)',
        querystring: z.object({ unit: z.string().trim().min(1).max(64).optional() }),
        response: { 200: ZOfficerList, 404: ZErrorBody },
      },
    },
    async (request) => {
      let unitId: number | undefined;
      if (request.query.unit) {
        const unit = await findUnitByCode(app.db, request.query.unit);
        if (!unit) throw notFound('unit', 'Không tìm thấy đơn vị');
        unitId = Number(unit.id);
      }
      return listOfficers(app.db, request.user!, { unitId });
    },
  );

  app.post(
    '/api/v1/officers',
    {
      config: { access: managers },
      schema: {
        tags: ['officers'],
        summary: 'Register an officer in a unit you manage',
        body: ZOfficerCreate,
        response: { 201: ZOfficer, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const officer = officerOrThrow(
        await app.db.transaction().execute(async (trx) => {
          const outcome = await createOfficer(trx, user, request.body);
          if (outcome.status === 'ok') {
            await recordAudit(trx, {
              actorId: user.id,
              actorLabel: user.email,
              action: 'officers.create',
              targetType: 'officer',
              targetId: outcome.officer.id,
              details: { unitId: outcome.officer.unitId, displayName: outcome.officer.displayName },
            });
          }
          return outcome;
        }),
      );
      return reply.status(201).send(officer);
    },
  );

  app.patch(
    '/api/v1/officers/:id',
    {
      config: { access: managers },
      schema: {
        tags: ['officers'],
        summary: "Change an officer's name, position, active flag or linked account",
        params: ZIdParam,
        body: ZOfficerUpdate,
        response: { 200: ZOfficer, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      const user = request.user!;
      return officerOrThrow(
        await app.db.transaction().execute(async (trx) => {
          const outcome = await updateOfficer(trx, user, request.params.id, request.body);
          if (outcome.status === 'ok') {
            await recordAudit(trx, {
              actorId: user.id,
              actorLabel: user.email,
              action: 'officers.update',
              targetType: 'officer',
              targetId: outcome.officer.id,
              details: { ...request.body },
            });
          }
          return outcome;
        }),
      );
    },
  );

  app.get(
    '/api/v1/officers/bindings',
    {
      config: { access: managers },
      schema: {
        tags: ['officers'],
        summary: "A unit's active links and kiosks, each with the officer it attributes answers to",
        querystring: z.object({ unit: z.string().trim().min(1, 'Cần chọn đơn vị').max(64) }),
        response: { 200: ZBindings, 404: ZErrorBody },
      },
    },
    async (request) => {
      const unit = await findUnitByCode(app.db, request.query.unit);
      const scope = await managedUnitIds(app.db, request.user!);
      if (!unit || (scope !== null && !scope.includes(Number(unit.id)))) {
        throw notFound('unit', 'Không tìm thấy đơn vị trong phạm vi bạn quản lý');
      }
      return listBindings(app.db, Number(unit.id));
    },
  );

  const bind = async (user: SessionUser, target: BindTarget, binding: TOfficerBinding) =>
    app.db.transaction().execute(async (trx) => {
      const outcome = await bindOfficer(trx, user, target, binding);
      if (outcome.status === 'ok') {
        await recordAudit(trx, {
          actorId: user.id,
          actorLabel: user.email,
          action: 'officers.bind',
          targetType: 'link' in target ? 'link' : 'kiosk',
          targetId: 'link' in target ? target.link : target.kiosk,
          details: { ...binding },
        });
      }
      return outcome;
    });

  app.put(
    '/api/v1/links/:code/officer',
    {
      config: { access: managers },
      schema: {
        tags: ['officers'],
        summary: 'Bind a link to one officer, to a choice of the unit’s officers, or to none',
        params: z.object({ code: z.string().max(64) }),
        body: ZOfficerBinding,
        response: { 200: ZBindingOut, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => bindingOrThrow(await bind(request.user!, { link: request.params.code }, request.body), 'code'),
  );

  app.put(
    '/api/v1/kiosks/:id/officer',
    {
      config: { access: managers },
      schema: {
        tags: ['officers'],
        summary: 'Bind a kiosk to one officer, to a choice of the unit’s officers, or to none (then its link’s)',
        params: ZIdParam,
        body: ZOfficerBinding,
        response: { 200: ZBindingOut, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => bindingOrThrow(await bind(request.user!, { kiosk: request.params.id }, request.body), 'id'),
  );

  app.get(
    '/api/v1/officers/results',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['officers'],
        summary: "Per-officer results you may read (your own, your units' officers, or all for an admin); never public",
        querystring: ZOfficerResultsQuery,
        response: { 200: ZOfficerResults, 400: ZErrorBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return officerResults(app.read.db, request.user!, request.query, config.MIN_N);
    },
  );

  app.get(
    '/api/v1/officers/:id/results',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['officers'],
        summary: "One officer's results; 404 unless you are that officer, their unit's manager or an admin",
        params: ZIdParam,
        querystring: ZOfficerResultsQuery.omit({ unit: true }),
        response: { 200: ZOfficerResults, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const visible = await visibleOfficerIds(app.db, user, { officerId: request.params.id });
      if (visible.length === 0) throw notFound('id', 'Không tìm thấy cán bộ');
      reply.header('cache-control', 'no-store');
      return officerResults(app.read.db, user, { ...request.query, officerId: request.params.id }, config.MIN_N);
    },
  );
};
