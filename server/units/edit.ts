import { sql } from 'kysely';
import type { FieldError } from '../plugins/errors.js';
import { recordAudit } from '../audit/record.js';
import { lockForTransaction } from '../db/locks.js';
import type { Database } from '../db/schema.js';
import { LOCAL_UNIT_KINDS } from '../../domain/contract/units.js';
import { ZUnitRow } from './import.js';
import { findUnitByCode, subtreeIds } from './queries.js';

export interface UnitChange {
  name?: string | undefined;
  kind?: string | undefined;
  level?: string | null | undefined;
  parentCode?: string | null | undefined;
  ward?: string | null | undefined;
  enrolment?: number | null | undefined;
}

export type UnitEditOutcome =
  | { ok: true; unit: NonNullable<Awaited<ReturnType<typeof findUnitByCode>>> }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'invalid'; fields: FieldError[] };

// CSV field names → API field names, for error paths.
const BODY_FIELD: Record<string, string> = { parent_code: 'parentCode' };

/**
 * Edit one unit with the same rules as a CSV row, so the two ways of changing a unit agree. The
 * checks and the write run in one transaction under the units lock (the same as the CSV import),
 * so an edit and an import never interleave, and a parent cannot be moved under its child between
 * the check and the write.
 */
export async function editUnit(
  db: Database,
  actor: { id: number; email: string },
  code: string,
  change: UnitChange,
): Promise<UnitEditOutcome> {
  const outcome = await db.transaction().execute(async (trx): Promise<UnitEditOutcome> => {
    await lockForTransaction(trx, 'units');
    const before = await findUnitByCode(trx, code);
    if (!before) return { ok: false, reason: 'not_found' };
    const merged = {
      code: before.code,
      name: change.name ?? before.name,
      kind: change.kind ?? before.kind,
      level: change.level !== undefined ? change.level : before.level,
      parent_code: change.parentCode !== undefined ? change.parentCode : before.parentCode,
      ward: change.ward !== undefined ? change.ward : before.ward,
      enrolment: change.enrolment !== undefined ? change.enrolment : before.enrolment,
    };
    const parsed = ZUnitRow.safeParse(merged);
    if (!parsed.success) {
      return {
        ok: false,
        reason: 'invalid',
        fields: parsed.error.issues.map((i) => {
          const field = String(i.path[0] ?? '');
          return { path: `body.${BODY_FIELD[field] ?? field}`, message: i.message };
        }),
      };
    }
    const row = parsed.data;
    let parentId: number | null = null;
    // As in the CSV import: an empty ward follows the commune-level unit (itself, or its parent).
    if (!row.ward && LOCAL_UNIT_KINDS.includes(row.kind)) row.ward = row.name;
    if (row.parent_code) {
      const parent = await findUnitByCode(trx, row.parent_code);
      if (!parent) {
        return {
          ok: false,
          reason: 'invalid',
          fields: [{ path: 'body.parentCode', message: `không tìm thấy đơn vị cấp trên "${row.parent_code}"` }],
        };
      }
      if (await subtreeIds(trx, before.id).where('id', '=', parent.id).executeTakeFirst()) {
        return {
          ok: false,
          reason: 'invalid',
          fields: [
            { path: 'body.parentCode', message: 'đơn vị cấp trên không thể là chính nó hoặc đơn vị cấp dưới của nó' },
          ],
        };
      }
      parentId = parent.id;
      if (!row.ward && LOCAL_UNIT_KINDS.includes(parent.kind)) row.ward = parent.name;
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
        actorId: actor.id,
        actorLabel: actor.email,
        action: 'units.update',
        targetType: 'unit',
        targetId: before.code,
        details: changes,
      });
    }
    return { ok: true, unit: before };
  });
  if (!outcome.ok) return outcome;
  const unit = await findUnitByCode(db, code);
  return unit ? { ok: true, unit } : { ok: false, reason: 'not_found' };
}
