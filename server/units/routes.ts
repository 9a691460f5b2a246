import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { UNIT_KINDS, ZSchoolLevel, ZUnitImport, ZUnitList, ZUnitOne } from '../../domain/contract/units.js';
import { recordAudit } from '../audit/record.js';
import { canAccessUnit, scopedUnitIds } from '../auth/scope.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { importUnits, UnitImportError } from './import.js';
import { editUnit } from './edit.js';
import { findUnitByCode, listUnits } from './queries.js';

const ZCode = z.object({ code: z.string().trim().min(1).max(40) });
const notFound = () => new HttpError(404, 'not_found', 'Không tìm thấy đơn vị');

export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  // The import accepts a CSV file as is (text/csv), besides JSON { csv }.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.get(
    '/api/v1/units',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['units'],
        summary:
          'Units, filtered by kind, school level, ward, parent (with all sub-units) or a search text. A unit manager sees only their units and sub-units.',
        querystring: z.object({
          kind: z.enum(UNIT_KINDS).optional(),
          level: ZSchoolLevel.optional(),
          ward: z.string().trim().min(1).max(120).optional(),
          parent: z.string().trim().min(1).max(40).optional(),
          q: z.string().trim().min(1).max(100).optional(),
        }),
        response: { 200: ZUnitList, 404: ZErrorBody },
      },
    },
    async (request) => {
      const user = request.user!;
      const scope = scopedUnitIds(app.db, user);
      if (scope && request.query.parent) {
        // Another unit's sub-units are not confirmed to exist.
        const parent = await findUnitByCode(app.db, request.query.parent);
        if (!parent || !(await canAccessUnit(app.db, user, parent.id))) throw notFound();
      }
      return { units: await listUnits(app.db, request.query, scope) };
    },
  );

  app.get(
    '/api/v1/units/:code',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['units'],
        summary: 'One unit by code (404 for a unit outside a unit manager’s units)',
        params: ZCode,
        response: { 200: ZUnitOne, 404: ZErrorBody },
      },
    },
    async (request) => {
      const unit = await findUnitByCode(app.db, request.params.code);
      if (!unit || !(await canAccessUnit(app.db, request.user!, unit.id))) throw notFound();
      return { unit };
    },
  );

  app.patch(
    '/api/v1/units/:code',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['units'],
        summary: 'Edit a unit (its code is its stable identity and does not change)',
        params: ZCode,
        body: z
          .object({
            name: z.string().optional(),
            kind: z.string().optional(),
            level: z.string().nullable().optional(),
            parentCode: z.string().trim().max(40).nullable().optional(),
            ward: z.string().nullable().optional(),
            enrolment: z.number().nullable().optional(),
          })
          .strict(),
        response: { 200: ZUnitOne, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      const outcome = await editUnit(app.db, request.user!, request.params.code, request.body);
      if (outcome.ok) return { unit: outcome.unit };
      if (outcome.reason === 'not_found') throw notFound();
      throw validationError(outcome.fields);
    },
  );

  app.post(
    '/api/v1/units/import',
    {
      config: { access: ['admin'] },
      bodyLimit: 4 * 1024 * 1024,
      schema: {
        tags: ['units'],
        summary:
          'Import units from CSV (text/csv, or JSON { csv }); updates by code. Any bad row imports nothing: 400 with one field error per problem, path csv.<line>.<column>.',
        body: z.union([
          z.string().min(1, 'tệp CSV trống'),
          z.object({ csv: z.string().min(1, 'tệp CSV trống') }).strict(),
        ]),
        response: { 200: ZUnitImport, 400: ZErrorBody },
      },
    },
    async (request) => {
      const me = request.user!;
      const csv = typeof request.body === 'string' ? request.body : request.body.csv;
      try {
        return await importUnits(app.db, csv, {
          onImported: (trx, result) =>
            recordAudit(trx, {
              actorId: me.id,
              actorLabel: me.email,
              action: 'units.import',
              targetType: 'units',
              details: { ...result, bytes: Buffer.byteLength(csv) },
            }),
        });
      } catch (err) {
        if (!(err instanceof UnitImportError)) throw err;
        throw new HttpError(
          400,
          'import_refused',
          `Không nhập đơn vị nào: tệp có ${err.problems.length} lỗi`,
          err.problems.map((p) => ({ path: `csv.${p.line}.${p.column}`, message: p.message })),
        );
      }
    },
  );
};
