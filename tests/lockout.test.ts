import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_IP_MAX_PER_MINUTE, LOGIN_MAX_FAILURES } from '../server/auth/lockout.js';
import { createUser, startTestApp, type TestApp } from './helpers/app.js';

async function auditOf(t: TestApp, action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

describe('sign-in lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it(`locks an account after ${LOGIN_MAX_FAILURES} failures, even for the right password, with a clear message`, async () => {
    const user = await createUser(t.db, [{ role: 'admin' }]);
    const statuses: number[] = [];
    let last: { status: number; body: { error: { code: string; message: string } } } | undefined;
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      last = await t
        .request()
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: `guess ${i}` });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(last!.body.error).toEqual({
      code: 'account_locked',
      message: 'Tài khoản tạm khoá do đăng nhập sai nhiều lần, thử lại sau 15 phút',
    });
    const right = await t
      .request()
      .post('/api/v1/auth/login')
      .send({ email: ` ${user.email.toUpperCase()}`, password: user.password });
    expect(right.status).toBe(429);
    expect(right.headers['set-cookie']).toBeUndefined();

    const failures = await auditOf(t, 'auth.login_failed');
    expect(failures).toHaveLength(LOGIN_MAX_FAILURES);
    expect(failures.every((f) => f.actor_label === user.email && f.actor_id === user.id)).toBe(true);
    // Never the password, not even a wrong one.
    expect(JSON.stringify(failures)).not.toMatch(/guess/);
    const lockouts = await auditOf(t, 'auth.lockout');
    expect(lockouts).toHaveLength(1);
    expect(lockouts[0]).toMatchObject({ actor_id: user.id, details: { failures: LOGIN_MAX_FAILURES } });
  });

  it('locks an unknown address the same way, so the lock does not reveal who has an account', async () => {
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) {
      const res = await t.request().post('/api/v1/auth/login').send({ email: 'nobody@x.vn', password: 'p' });
      expect(res.status).toBe(401);
    }
    const res = await t.request().post('/api/v1/auth/login').send({ email: 'nobody@x.vn', password: 'p' });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('account_locked');
  });

  it('gives a burst of parallel guesses no more tries than the same guesses in turn', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t
          .request()
          .post('/api/v1/auth/login')
          .send({ email: user.email, password: `parallel guess ${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(LOGIN_MAX_FAILURES - 1).fill(401), ...Array(11 - LOGIN_MAX_FAILURES).fill(429)]);
    const failures = await t.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.login_failed')
      .where('actor_id', '=', user.id)
      .execute();
    expect(failures).toHaveLength(LOGIN_MAX_FAILURES);
  });

  it('counts only failures of the last 15 minutes and since the last successful sign-in', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const key = user.email;
    const failAt = async (minutesAgo: number) =>
      t.db
        .insertInto('audit_log')
        .values({
          action: 'auth.login_failed',
          actor_label: key,
          at: sql`now() - make_interval(mins => ${minutesAgo})`,
          details: '{}',
        })
        .execute();
    // Old failures do not count.
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await failAt(16 + i);
    const ok = await t.request().post('/api/v1/auth/login').send({ email: key, password: user.password });
    expect(ok.status).toBe(200);
    // Recent ones before that successful sign-in do not count either.
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) {
      await t.db
        .insertInto('audit_log')
        .values({ action: 'auth.login_failed', actor_label: key, at: sql`now() - interval '1 hour'`, details: '{}' })
        .execute();
    }
    expect((await t.request().post('/api/v1/auth/login').send({ email: key, password: user.password })).status).toBe(
      200,
    );
    // Five in the window after it lock until the oldest of them is 15 minutes old.
    await t.db
      .updateTable('users')
      .set({ last_login_at: sql`now() - interval '1 hour'` })
      .where('id', '=', user.id)
      .execute();
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) await failAt(14);
    const locked = await t.request().post('/api/v1/auth/login').send({ email: key, password: user.password });
    expect(locked.status).toBe(429);
    expect(locked.body.error.message).toMatch(/thử lại sau 1 phút$/);
  });
});

describe('sign-in ceiling per IP address', () => {
  it(`refuses more than ${LOGIN_IP_MAX_PER_MINUTE} sign-in attempts a minute from one address`, async () => {
    const t = await startTestApp();
    try {
      const statuses: number[] = [];
      for (let i = 0; i <= LOGIN_IP_MAX_PER_MINUTE; i++) {
        // A different address each time: the per-account lock never triggers.
        const res = await t
          .request()
          .post('/api/v1/auth/login')
          .send({ email: `spray${i}@x.vn`, password: 'p' });
        statuses.push(res.status);
        if (res.status === 429) {
          expect(res.body.error.code).toBe('too_many_attempts');
          expect(res.body.error.message).toMatch(/^Quá nhiều lần đăng nhập từ địa chỉ này, thử lại sau 1 phút$/);
        }
      }
      expect(statuses.slice(0, LOGIN_IP_MAX_PER_MINUTE).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    } finally {
      await t.close();
    }
  });
});
