import { sql } from 'kysely';
import type { TRole as Role } from '../../domain/contract/roles.js';
import { recordAudit } from '../audit/record.js';
import { lockForTransaction } from '../db/locks.js';
import type { Database } from '../db/schema.js';
import { findUserView, otherActiveAdmins, replaceRoles, type UserView } from './queries.js';

/**
 * Account changes as services: each runs in one transaction and returns what happened; the
 * routes turn outcomes into HTTP. Whatever could leave the Sở without an active administrator
 * (losing the admin role, disabling an account) takes the same advisory lock and checks inside
 * it, so two concurrent demotions of the last two administrators cannot both succeed.
 */

export interface Actor {
  id: number;
  email: string;
}

export type Grant = { role: Role; unitId: number | null };

export type AccountOutcome =
  { ok: true; user: UserView } | { ok: false; reason: 'not_found' | 'email_taken' | 'last_admin' | 'self_disable' };

const actorOf = (me: Actor) => ({ actorId: me.id, actorLabel: me.email });
const roleLabel = (r: { role: string; unitCode: string | null }) => (r.unitCode ? `${r.role}:${r.unitCode}` : r.role);

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

/** A failed outcome thrown inside a transaction to roll it back, and returned by the service. */
class Refused extends Error {
  constructor(readonly outcome: Extract<AccountOutcome, { ok: false }>) {
    super(outcome.reason);
  }
}

async function run(db: Database, id: number, work: (trx: Database) => Promise<void>): Promise<AccountOutcome> {
  try {
    await db.transaction().execute(work);
  } catch (err) {
    if (err instanceof Refused) return err.outcome;
    if (isUniqueViolation(err)) return { ok: false, reason: 'email_taken' };
    throw err;
  }
  const user = await findUserView(db, id);
  return user ? { ok: true, user } : { ok: false, reason: 'not_found' };
}

export async function createAccount(
  db: Database,
  me: Actor,
  input: { email: string; displayName: string; passwordHash: string; grants: Grant[]; roleLabels: string[] },
): Promise<AccountOutcome> {
  let id = 0;
  try {
    id = await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('users')
        .values({
          email: input.email,
          display_name: input.displayName,
          password_hash: input.passwordHash,
          must_change_password: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceRoles(trx, row.id, input.grants);
      await recordAudit(trx, {
        ...actorOf(me),
        action: 'users.create',
        targetType: 'user',
        targetId: row.id,
        details: { email: input.email, roles: input.roleLabels },
      });
      return row.id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { ok: false, reason: 'email_taken' };
    throw err;
  }
  const user = await findUserView(db, id);
  return user ? { ok: true, user } : { ok: false, reason: 'not_found' };
}

export async function updateAccount(
  db: Database,
  me: Actor,
  id: number,
  change: { email?: string | undefined; displayName?: string | undefined; disabled?: boolean | undefined },
): Promise<AccountOutcome> {
  return run(db, id, async (trx) => {
    if (change.disabled === true) await lockForTransaction(trx, 'administrators');
    const before = await findUserView(trx, id);
    if (!before) throw new Refused({ ok: false, reason: 'not_found' });
    const { email, displayName, disabled } = change;
    if (disabled === true && !before.disabled) {
      if (id === me.id) throw new Refused({ ok: false, reason: 'self_disable' });
      if (before.roles.some((r) => r.role === 'admin') && (await otherActiveAdmins(trx, id)) === 0) {
        throw new Refused({ ok: false, reason: 'last_admin' });
      }
    }
    const changes: Record<string, { before: unknown; after: unknown }> = {};
    if (email !== undefined && email !== before.email) changes.email = { before: before.email, after: email };
    if (displayName !== undefined && displayName !== before.displayName) {
      changes.displayName = { before: before.displayName, after: displayName };
    }
    if (disabled !== undefined && disabled !== before.disabled)
      changes.disabled = { before: before.disabled, after: disabled };
    if (Object.keys(changes).length === 0) return;
    await trx
      .updateTable('users')
      .set({
        ...(email !== undefined ? { email } : {}),
        ...(displayName !== undefined ? { display_name: displayName } : {}),
        ...(disabled !== undefined ? { disabled_at: disabled ? sql`coalesce(disabled_at, now())` : null } : {}),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .execute();
    if (disabled) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, {
      ...actorOf(me),
      action: 'users.update',
      targetType: 'user',
      targetId: id,
      details: changes,
    });
  });
}

export async function replaceAccountRoles(
  db: Database,
  me: Actor,
  id: number,
  grants: Grant[],
  afterLabels: string[],
): Promise<AccountOutcome> {
  return run(db, id, async (trx) => {
    await lockForTransaction(trx, 'administrators');
    const before = await findUserView(trx, id);
    if (!before) throw new Refused({ ok: false, reason: 'not_found' });
    const losesAdmin = before.roles.some((r) => r.role === 'admin') && !grants.some((g) => g.role === 'admin');
    if (losesAdmin && !before.disabled && (await otherActiveAdmins(trx, id)) === 0) {
      throw new Refused({ ok: false, reason: 'last_admin' });
    }
    await replaceRoles(trx, id, grants);
    await recordAudit(trx, {
      ...actorOf(me),
      action: 'users.roles',
      targetType: 'user',
      targetId: id,
      details: { email: before.email, before: before.roles.map(roleLabel), after: afterLabels },
    });
  });
}

export async function resetAccountPassword(
  db: Database,
  me: Actor,
  id: number,
  passwordHash: string,
): Promise<AccountOutcome> {
  return run(db, id, async (trx) => {
    const user = await findUserView(trx, id);
    if (!user) throw new Refused({ ok: false, reason: 'not_found' });
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: true, updated_at: sql`now()` })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await recordAudit(trx, {
      ...actorOf(me),
      action: 'users.password',
      targetType: 'user',
      targetId: id,
      details: { by: 'admin', email: user.email },
    });
  });
}

export { roleLabel };
