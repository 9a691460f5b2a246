import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Role } from '../db/schema.js';

export interface RoleGrant {
  role: Role;
  unitId: number | null;
}

export interface SessionUser {
  id: number;
  email: string;
  displayName: string;
  mustChangePassword: boolean;
  roles: RoleGrant[];
  sessionId: string;
  csrfToken: string;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export async function findUserByEmail(db: Database, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email.trim().toLowerCase())
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
}

export async function rolesOf(db: Database, userId: number): Promise<RoleGrant[]> {
  const rows = await db
    .selectFrom('user_roles')
    .select(['role', 'unit_id'])
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ role: r.role, unitId: r.unit_id }));
}

/** Create a session; returns the raw token for the cookie (only its hash is stored). */
export async function createSession(
  db: Database,
  userId: number,
  ttlHours: number,
): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await db
    .insertInto('sessions')
    .values({ id: hashToken(token), user_id: userId, expires_at: expiresAt, csrf_token: csrfToken })
    .execute();
  return { token, csrfToken, expiresAt };
}

/**
 * The signed-in user for a session token, or undefined when the session is unknown, past its
 * absolute expiry, or idle for longer than idleMinutes. Touches last_seen_at at most once a
 * minute so that reads do not turn every request into a write.
 */
export async function findSessionUser(
  db: Database,
  token: string,
  idleMinutes: number,
): Promise<SessionUser | undefined> {
  const id = hashToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as sessionId',
      's.csrf_token as csrfToken',
      's.last_seen_at as lastSeenAt',
      'u.id',
      'u.email',
      'u.display_name as displayName',
      'u.must_change_password as mustChangePassword',
      // Roles in the same round trip: this runs on every signed-in request.
      (eb) =>
        eb
          .selectFrom('user_roles as r')
          .select(
            sql<
              RoleGrant[]
            >`coalesce(jsonb_agg(jsonb_build_object('role', r.role, 'unitId', r.unit_id) order by r.id), '[]'::jsonb)`.as(
              'grants',
            ),
          )
          .whereRef('r.user_id', '=', 'u.id')
          .as('roles'),
    ])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes})`)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  if (Date.now() - new Date(row.lastSeenAt).getTime() > 60_000) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now()` })
      .where('id', '=', id)
      .execute();
  }
  const { lastSeenAt: _lastSeenAt, roles, ...user } = row;
  return { ...user, roles: roles ?? [] };
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}
