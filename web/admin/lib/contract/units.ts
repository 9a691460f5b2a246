import { z } from 'zod';
import { ZSchoolLevel, ZUnitKind } from '../../../../domain/contract/units.js';

/**
 * TEMPORARY: answers of endpoints domain/contract/ does not cover yet, built from the shared
 * enums and definition schemas and mirroring the server's response schemas. They belong in
 * domain/contract/, imported by the routes too; then this folder goes. One module per area, so
 * each lazily loaded screen carries only its own. Instants are ISO strings on the wire.
 */

export const ZUnit = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  kind: ZUnitKind,
  level: ZSchoolLevel.nullable(),
  ward: z.string().nullable(),
  enrolment: z.number().nullable(),
  parentId: z.number().nullable(),
  parentCode: z.string().nullable(),
});
export type TUnit = z.infer<typeof ZUnit>;
/** GET /api/v1/units */
export const ZUnitList = z.object({ units: z.array(ZUnit) });
/** GET and PATCH /api/v1/units/{code} */
export const ZUnitOne = z.object({ unit: ZUnit });
/** POST /api/v1/units/import */
export const ZUnitImport = z.object({ inserted: z.number(), updated: z.number() });
