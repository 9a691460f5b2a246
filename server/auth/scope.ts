import type { Database } from '../db/schema.js';
import { HttpError } from '../plugins/errors.js';
import type { SessionUser } from './queries.js';

/**
 * Which units a user may see. Admins and analysts see every unit (null = no restriction);
 * a unit manager sees the units they hold the role for and all their sub-units.
 *
 * Every query that returns unit-specific data (results, comments, links, posters, reviews)
 * must apply this, e.g. `query.where('r.unit_id', 'in', scopedUnitIds(db, user))` when it
 * is not null.
 */
export function isGlobalReader(user: SessionUser): boolean {
  return user.roles.some((r) => r.role === 'admin' || r.role === 'analyst');
}

export function isAdmin(user: SessionUser): boolean {
  return user.roles.some((r) => r.role === 'admin');
}

/** A subquery of unit ids the user may see, or null when the user sees everything. */
export function scopedUnitIds(db: Database, user: SessionUser) {
  if (isGlobalReader(user)) return null;
  const roots = user.roles.filter((r) => r.role === 'unit_manager' && r.unitId !== null).map((r) => r.unitId!);
  return db
    .withRecursive('scope(id)', (qb) =>
      qb
        .selectFrom('units')
        .select('id')
        .where('id', 'in', roots.length > 0 ? roots : [-1])
        .unionAll((qb2) => qb2.selectFrom('units as u').innerJoin('scope', 'scope.id', 'u.parent_id').select('u.id')),
    )
    .selectFrom('scope')
    .select('id');
}

/** True when the user may see (and, for managers, manage) this unit. */
export async function canAccessUnit(db: Database, user: SessionUser, unitId: number): Promise<boolean> {
  const scope = scopedUnitIds(db, user);
  if (scope === null) return true;
  const row = await scope.where('id', '=', unitId).executeTakeFirst();
  return row !== undefined;
}

/**
 * Throw 404 (not 403, so ids of other units' data are not confirmed to exist) when the
 * user may not access the unit.
 */
export async function assertUnitAccess(db: Database, user: SessionUser, unitId: number): Promise<void> {
  if (!(await canAccessUnit(db, user, unitId))) throw new HttpError(404, 'not_found', 'Không tìm thấy');
}
