import { sql } from 'kysely';
import type { scopedUnitIds } from '../auth/scope.js';
import type { Database, Unit } from '../db/schema.js';

export interface UnitFilter {
  kind?: Unit['kind'] | undefined;
  level?: NonNullable<Unit['level']> | undefined;
  ward?: string | undefined;
  /** Code of a unit: returns its direct and indirect sub-units. */
  parent?: string | undefined;
  q?: string | undefined;
}

/** Ids of a unit and all its sub-units (recursive). */
export function subtreeIds(db: Database, rootId: number) {
  return db
    .withRecursive('tree(id)', (qb) =>
      qb
        .selectFrom('units')
        .select('id')
        .where('id', '=', rootId)
        .unionAll((qb2) => qb2.selectFrom('units as u').innerJoin('tree', 'tree.id', 'u.parent_id').select('u.id')),
    )
    .selectFrom('tree')
    .select('id');
}

/** The units a user may see (auth/scope.ts): a subquery of ids, or null for all. */
type UnitScope = ReturnType<typeof scopedUnitIds>;

export async function listUnits(db: Database, filter: UnitFilter, scope: UnitScope = null) {
  let query = db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.level',
      'u.ward',
      'u.enrolment',
      'u.parent_id as parentId',
      'p.code as parentCode',
    ]);
  if (scope) query = query.where('u.id', 'in', scope);
  if (filter.kind) query = query.where('u.kind', '=', filter.kind);
  if (filter.level) query = query.where('u.level', '=', filter.level);
  if (filter.ward) query = query.where('u.ward', '=', filter.ward);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('u.name', 'ilike', like), eb('u.code', 'ilike', like)]));
  }
  if (filter.parent) {
    const parent = await db.selectFrom('units').select('id').where('code', '=', filter.parent).executeTakeFirst();
    if (!parent) return [];
    query = query.where('u.id', 'in', subtreeIds(db, parent.id)).where('u.id', '<>', parent.id);
  }
  return query
    .orderBy(sql`u.kind = 'school'`)
    .orderBy('u.name')
    .execute();
}

export async function findUnitByCode(db: Database, code: string) {
  return db
    .selectFrom('units as u')
    .leftJoin('units as p', 'p.id', 'u.parent_id')
    .select([
      'u.id',
      'u.code',
      'u.name',
      'u.kind',
      'u.level',
      'u.ward',
      'u.enrolment',
      'u.parent_id as parentId',
      'p.code as parentCode',
    ])
    .where('u.code', '=', code)
    .executeTakeFirst();
}
