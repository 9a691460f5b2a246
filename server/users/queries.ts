import { sql } from 'kysely';
import type { Database, Role } from '../db/schema.js';

export interface UserRoleView {
  role: Role;
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
}

export interface UserView {
  id: number;
  email: string;
  displayName: string;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
  roles: UserRoleView[];
}

export interface UserFilter {
  q?: string | undefined;
  role?: Role | undefined;
  /** Users holding a role for this unit code. */
  unit?: string | undefined;
}

async function rolesByUser(db: Database, userIds: number[]): Promise<Map<number, UserRoleView[]>> {
  const map = new Map<number, UserRoleView[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_roles as r')
    .leftJoin('units as u', 'u.id', 'r.unit_id')
    .select(['r.user_id', 'r.role', 'r.unit_id', 'u.code', 'u.name'])
    .where('r.user_id', 'in', userIds)
    .orderBy('r.id')
    .execute();
  for (const r of rows) {
    const list = map.get(r.user_id) ?? [];
    list.push({ role: r.role, unitId: r.unit_id, unitCode: r.code, unitName: r.name });
    map.set(r.user_id, list);
  }
  return map;
}

export async function listUsers(db: Database, filter: UserFilter = {}): Promise<UserView[]> {
  let query = db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'must_change_password', 'disabled_at', 'created_at', 'last_login_at']);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('email', 'ilike', like), eb('display_name', 'ilike', like)]));
  }
  if (filter.role) {
    const role = filter.role;
    query = query.where('id', 'in', db.selectFrom('user_roles').select('user_id').where('role', '=', role));
  }
  if (filter.unit) {
    query = query.where(
      'id',
      'in',
      db
        .selectFrom('user_roles as r')
        .innerJoin('units as u', 'u.id', 'r.unit_id')
        .select('r.user_id')
        .where('u.code', '=', filter.unit),
    );
  }
  const rows = await query
    .orderBy(sql`disabled_at is not null`)
    .orderBy('email')
    .execute();
  const roles = await rolesByUser(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    mustChangePassword: r.must_change_password,
    disabled: r.disabled_at !== null,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
    roles: roles.get(r.id) ?? [],
  }));
}

export async function findUserView(db: Database, id: number): Promise<UserView | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'must_change_password', 'disabled_at', 'created_at', 'last_login_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const roles = await rolesByUser(db, [row.id]);
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    mustChangePassword: row.must_change_password,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
    roles: roles.get(row.id) ?? [],
  };
}

export interface RoleInput {
  role: Role;
  unitCode?: string | null | undefined;
}

/**
 * Resolve role inputs to grants: unit codes to ids. Returns the grants, or the index and
 * message of every unit code that does not exist.
 */
export async function resolveRoles(
  db: Database,
  roles: RoleInput[],
): Promise<{
  grants: Array<{ role: Role; unitId: number | null }>;
  problems: Array<{ index: number; message: string }>;
}> {
  const codes = [...new Set(roles.map((r) => r.unitCode).filter((c): c is string => !!c))];
  const units = codes.length
    ? await db.selectFrom('units').select(['id', 'code']).where('code', 'in', codes).execute()
    : [];
  const idByCode = new Map(units.map((u) => [u.code, u.id]));
  const problems: Array<{ index: number; message: string }> = [];
  const grants: Array<{ role: Role; unitId: number | null }> = [];
  const seen = new Set<string>();
  roles.forEach((r, index) => {
    const unitId = r.unitCode ? idByCode.get(r.unitCode) : null;
    if (unitId === undefined) {
      problems.push({ index, message: `không tìm thấy đơn vị "${r.unitCode}"` });
      return;
    }
    const key = `${r.role}:${unitId ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    grants.push({ role: r.role, unitId });
  });
  return { grants, problems };
}

/** Replace a user's roles with these grants (in the caller's transaction). */
export async function replaceRoles(
  trx: Database,
  userId: number,
  grants: Array<{ role: Role; unitId: number | null }>,
): Promise<void> {
  await trx.deleteFrom('user_roles').where('user_id', '=', userId).execute();
  if (grants.length > 0) {
    await trx
      .insertInto('user_roles')
      .values(grants.map((g) => ({ user_id: userId, role: g.role, unit_id: g.unitId })))
      .execute();
  }
}

/** Enabled administrators other than this user: the last one may not be removed, or nobody could manage accounts. */
export async function otherActiveAdmins(db: Database, userId: number): Promise<number> {
  const row = await db
    .selectFrom('user_roles as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('r.role', '=', 'admin')
    .where('u.disabled_at', 'is', null)
    .where('u.id', '<>', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function emailTaken(db: Database, email: string, exceptId?: number): Promise<boolean> {
  let query = db
    .selectFrom('users')
    .select('id')
    .where(sql`lower(email)`, '=', email.trim().toLowerCase());
  if (exceptId !== undefined) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}
