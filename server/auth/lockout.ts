import { sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import type { Database } from '../db/schema.js';
import { HttpError } from '../plugins/errors.js';
import { LOCKS } from '../db/locks.js';

/**
 * Sign-in throttling, in two layers:
 *  - per account: LOGIN_MAX_FAILURES failed sign-ins for one e-mail address within
 *    LOGIN_LOCK_MINUTES lock that address until the oldest of them is that old. Failures are
 *    audit entries, so the count survives restarts and is shared by every instance;
 *  - per IP: a ceiling on sign-in attempts from one address (@fastify/rate-limit on the route),
 *    against trying one password on many accounts.
 */
export const LOGIN_MAX_FAILURES = 5;
export const LOGIN_LOCK_MINUTES = 15;
export const LOGIN_IP_MAX_PER_MINUTE = 30;

/** How a typed e-mail address is keyed: the same for "A@x.vn " and "a@x.vn". */
export function loginKey(email: string): string {
  return email.trim().toLowerCase().slice(0, 320);
}

/**
 * When the lock on this address ends, or undefined when it may try. Failures before the
 * account's last successful sign-in do not count.
 */
export async function lockedUntil(db: Database, key: string, lastLoginAt: Date | null): Promise<Date | undefined> {
  let query = db
    .selectFrom('audit_log')
    .select('at')
    .where('action', '=', 'auth.login_failed')
    .where('actor_label', '=', key)
    .where('at', '>', sql<Date>`now() - make_interval(mins => ${LOGIN_LOCK_MINUTES})`);
  if (lastLoginAt) query = query.where('at', '>', lastLoginAt);
  // The LOGIN_MAX_FAILURES-th most recent failure: the lock ends when it leaves the window.
  const row = await query
    .orderBy('at', 'desc')
    .offset(LOGIN_MAX_FAILURES - 1)
    .limit(1)
    .executeTakeFirst();
  return row ? new Date(new Date(row.at).getTime() + LOGIN_LOCK_MINUTES * 60_000) : undefined;
}

export function minutesUntil(until: Date, now = Date.now()): number {
  return Math.max(1, Math.ceil((until.getTime() - now) / 60_000));
}

export function lockoutError(until: Date): HttpError {
  return new HttpError(
    429,
    'account_locked',
    `Tài khoản tạm khoá do đăng nhập sai nhiều lần, thử lại sau ${minutesUntil(until)} phút`,
  );
}

/**
 * Record a failed sign-in (never the password) in the caller's transaction, and tell whether
 * it locked the address; the lockout is recorded with it.
 */
export async function recordLoginFailure(
  trx: Database,
  key: string,
  user: { id: number; last_login_at: Date | null } | undefined,
): Promise<Date | undefined> {
  await recordAudit(trx, {
    actorId: user?.id ?? null,
    actorLabel: key,
    action: 'auth.login_failed',
    targetType: 'user',
    targetId: user?.id ?? null,
    details: { reason: user ? 'wrong_password' : 'unknown_or_disabled_account' },
  });
  const until = await lockedUntil(trx, key, user?.last_login_at ?? null);
  if (until) {
    await recordAudit(trx, {
      actorId: user?.id ?? null,
      actorLabel: key,
      action: 'auth.lockout',
      targetType: 'user',
      targetId: user?.id ?? null,
      details: { failures: LOGIN_MAX_FAILURES, minutes: LOGIN_LOCK_MINUTES, until: until.toISOString() },
    });
  }
  return until;
}

export type SignInOutcome = { kind: 'ok' } | { kind: 'failed' } | { kind: 'locked'; until: Date };

/**
 * Check a sign-in against the lock, verify the password, and record the outcome. Attempts
 * for one address take turns (an advisory lock on it), so a burst of parallel guesses gets
 * no more tries than the same guesses one after the other.
 */
export async function attemptSignIn(
  db: Database,
  key: string,
  user: { id: number; last_login_at: Date | null } | undefined,
  verify: () => Promise<boolean>,
): Promise<SignInOutcome> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCKS.signInAttempts}::int, hashtext(${key}))`.execute(trx);
    // A locked address is refused before the password is even checked, so guessing stops.
    const locked = await lockedUntil(trx, key, user?.last_login_at ?? null);
    if (locked) return { kind: 'locked', until: locked };
    const ok = await verify();
    if (user && ok) {
      await trx
        .updateTable('users')
        .set({ last_login_at: sql`now()` })
        .where('id', '=', user.id)
        .execute();
      // Successes are audited too, so a sign-in from a stolen password shows up in the log.
      await recordAudit(trx, {
        actorId: user.id,
        actorLabel: key,
        action: 'auth.login',
        targetType: 'user',
        targetId: user.id,
      });
      return { kind: 'ok' };
    }
    const until = await recordLoginFailure(trx, key, user);
    return until ? { kind: 'locked', until } : { kind: 'failed' };
  });
}
