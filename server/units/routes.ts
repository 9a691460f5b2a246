import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { UNIT_KINDS, ZSchoolLevel } from '../../domain/contract/units.js';
import { recordAudit } from '../audit/record.js';
import { canAccessUnit, scopedUnitIds } from '../auth/scope.js';
import { ZErrorBody } from '../http/schemas.js';
import { HttpError } from '../plugins/errors.js';
import { importUnits, UnitImportError, ZUnitRow } from './import.js';
import { findUnitByCode, listUnits, subtreeIds } from './queries.js';

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

const ZCode = z.object({ code: z.string().trim().min(1).max(40) });
const notFound = () => new HttpError(404, 'not_found', 'Không tìm thấy đơn vị');
// CSV field names → API field names, for error paths.
const BODY_FIELD: Record<string, string> = { parent_code: 'parentCode' };

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
        response: { 200: z.object({ units: z.array(ZUnit) }), 404: ZErrorBody },
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
        response: { 200: z.object({ unit: ZUnit }), 404: ZErrorBody },
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
        response: { 200: z.object({ unit: ZUnit }), 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      const me = request.user!;
      const before = await findUnitByCode(app.db, request.params.code);
      if (!before) throw notFound();
      const b = request.body;
      const merged = {
        code: before.code,
        name: b.name ?? before.name,
        kind: b.kind ?? before.kind,
        level: b.level !== undefined ? b.level : before.level,
        parent_code: b.parentCode !== undefined ? b.parentCode : before.parentCode,
        ward: b.ward !== undefined ? b.ward : before.ward,
        enrolment: b.enrolment !== undefined ? b.enrolment : before.enrolment,
      };
      // The same rules as a CSV row, so the two ways of changing a unit agree.
      const parsed = ZUnitRow.safeParse(merged);
      if (!parsed.success) {
        throw new HttpError(
          400,
          'validation_failed',
          'Dữ liệu gửi lên không hợp lệ',
          parsed.error.issues.map((i) => {
            const field = String(i.path[0] ?? '');
            return { path: `body.${BODY_FIELD[field] ?? field}`, message: i.message };
          }),
        );
      }
      const row = parsed.data;
      let parentId: number | null = null;
      if (row.parent_code) {
        const parent = await findUnitByCode(app.db, row.parent_code);
        if (!parent) {
          throw new HttpError(400, 'validation_failed', 'Dữ liệu gửi lên không hợp lệ', [
            { path: 'body.parentCode', message: `không tìm thấy đơn vị cấp trên "${row.parent_code}"` },
          ]);
        }
        const inSubtree = await subtreeIds(app.db, before.id).where('id', '=', parent.id).executeTakeFirst();
        if (inSubtree) {
          throw new HttpError(400, 'validation_failed', 'Dữ liệu gửi lên không hợp lệ', [
            { path: 'body.parentCode', message: 'đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó' },
          ]);
        }
        parentId = parent.id;
      }
      const after = {
        name: row.name,
        kind: row.kind,
        level: row.level,
        parentCode: row.parent_code,
        ward: row.ward,
        enrolment: row.enrolment,
      };
      const changes = Object.fromEntries(
        (Object.keys(after) as Array<keyof typeof after>)
          .filter((k) => (before[k] ?? null) !== (after[k] ?? null))
          .map((k) => [k, { before: before[k], after: after[k] }]),
      );
      if (Object.keys(changes).length > 0) {
        await app.db.transaction().execute(async (trx) => {
          // The same lock as the CSV import, so an edit and an import never interleave.
          await sql`select pg_advisory_xact_lock(727461003)`.execute(trx);
          await trx
            .updateTable('units')
            .set({
              name: row.name,
              kind: row.kind,
              level: row.level,
              parent_id: parentId,
              ward: row.ward,
              enrolment: row.enrolment,
              updated_at: sql`now()`,
            })
            .where('id', '=', before.id)
            .execute();
          await recordAudit(trx, {
            actorId: me.id,
            actorLabel: me.email,
            action: 'units.update',
            targetType: 'unit',
            targetId: before.code,
            details: changes,
          });
        });
      }
      return { unit: (await findUnitByCode(app.db, before.code))! };
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
        response: { 200: z.object({ inserted: z.number(), updated: z.number() }), 400: ZErrorBody },
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
