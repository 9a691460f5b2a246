import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../server/auth/passwords.js';
import { hashToken } from '../server/auth/queries.js';
import { ensureFirstAdmin } from '../server/users/bootstrap.js';
import { createUser, startTestApp, testConfig, type TestApp } from './helpers/app.js';

describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      beforeListen: (app) => {
        // A route that forgot its access declaration must refuse everyone.
        app.get('/api/v1/test/undeclared', async () => ({ secret: true }));
      },
    });
  });
  afterAll(() => t.close());

  it('signs in with a good password: session cookie HttpOnly and SameSite, then /me answers', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const agent = t.request();
    const res = await agent
      .post('/api/v1/auth/login')
      .send({ email: user.email.toUpperCase(), password: user.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: user.email, roles: [{ role: 'analyst', unitId: null }] });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/hl_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/); // plain HTTP here; Secure behind TLS (below)
    const me = await agent.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(user.id);
    // Only a hash of the token is stored.
    const token = /hl_session=([^;]+)/.exec(cookie)![1]!;
    const stored = await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute();
    expect(stored).toEqual([{ id: hashToken(token) }]);
  });

  it('audits a successful sign-in (who, when), not only failures, and never the password', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const res = await t.request().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect(res.status).toBe(200);
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_label', 'target_id', 'details'])
      .where('action', '=', 'auth.login')
      .where('actor_id', '=', user.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_label: user.email.toLowerCase(), target_id: String(user.id) });
    expect(JSON.stringify(rows[0]!.details)).not.toContain(user.password);
    // The admin's audit API lists it.
    const admin = await createUser(t.db, [{ role: 'admin' }]);
    const agent = t.request();
    await agent.post('/api/v1/auth/login').send({ email: admin.email, password: admin.password });
    const log = await agent.get('/api/v1/audit?action=auth.login');
    expect(log.status).toBe(200);
    expect(log.body.entries.map((e: { actorId: number | null }) => e.actorId)).toEqual(
      expect.arrayContaining([user.id, admin.id]),
    );
  });

  it('stores argon2id hashes', async () => {
    const user = await createUser(t.db, []);
    const row = await t.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    // createUser stores a cheap test hash for speed; the app's own hashing must be argon2id at OWASP's cost.
    expect(await hashPassword('correct horse battery staple')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it('refuses a wrong password and an unknown email alike, with no cookie', async () => {
    const user = await createUser(t.db, [{ role: 'admin' }]);
    for (const body of [
      { email: user.email, password: 'wrong password' },
      { email: 'nobody@example.vn', password: user.password },
    ]) {
      const res = await t.request().post('/api/v1/auth/login').send(body);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('invalid_credentials');
      expect(res.headers['set-cookie']).toBeUndefined();
    }
  });

  it('answers 400 with field errors for a malformed body', async () => {
    const res = await t.request().post('/api/v1/auth/login').send({ email: '', password: 5 });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.email', 'body.password']);
    const notJson = await t.request().post('/api/v1/auth/login').set('content-type', 'application/json').send('{');
    expect(notJson.status).toBe(400);
  });

  it('answers 401 without a session, with an unknown one, and with an expired or idle one', async () => {
    expect((await t.request().get('/api/v1/auth/me')).status).toBe(401);
    expect((await t.request().get('/api/v1/auth/me').set('cookie', 'hl_session=forged')).status).toBe(401);

    const user = await createUser(t.db, [{ role: 'admin' }]);
    const agent = t.request();
    await agent.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect((await agent.get('/api/v1/surveys')).status).toBe(200);
    await t.db
      .updateTable('sessions')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('user_id', '=', user.id)
      .execute();
    expect((await agent.get('/api/v1/surveys')).status).toBe(401);

    const agent2 = t.request();
    await agent2.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    await t.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - make_interval(mins => ${t.config.SESSION_IDLE_MINUTES + 1})` })
      .where('user_id', '=', user.id)
      .execute();
    expect((await agent2.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const user = await createUser(t.db, [{ role: 'admin' }]);
    const agent = t.request();
    await agent.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    const out = await agent.post('/api/v1/auth/logout');
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/hl_session=;/);
    expect(await t.db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('refuses everyone on a route with no access declaration', async () => {
    expect((await t.request().get('/api/v1/test/undeclared')).status).toBe(403);
    const user = await createUser(t.db, [{ role: 'admin' }]);
    const agent = t.request();
    await agent.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    expect((await agent.get('/api/v1/test/undeclared')).status).toBe(403);
  });

  it('creates the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD only on an empty users table', async () => {
    await t.db.deleteFrom('users').execute();
    const config = testConfig({ ADMIN_EMAIL: 'giamdoc@so.example.vn', ADMIN_PASSWORD: 'a-long-enough-password' });
    expect(await ensureFirstAdmin(t.db, config)).toEqual({ email: 'giamdoc@so.example.vn', created: true });
    expect(await ensureFirstAdmin(t.db, config)).toBeUndefined();
    const res = await t
      .request()
      .post('/api/v1/auth/login')
      .send({ email: 'giamdoc@so.example.vn', password: 'a-long-enough-password' });
    expect(res.status).toBe(200);
    expect(res.body.user.roles).toEqual([{ role: 'admin', unitId: null }]);
  });

  it('generates demo credentials when none are configured, and prints them again on restart', async () => {
    await t.db.deleteFrom('users').execute();
    const config = testConfig();
    const first = await ensureFirstAdmin(t.db, config);
    expect(first).toMatchObject({ email: 'admin@demo.hailong.vn', created: true });
    expect(first!.password!.length).toBeGreaterThanOrEqual(12);
    expect(await ensureFirstAdmin(t.db, config)).toEqual({ ...first, created: false });
    const res = await t.request().post('/api/v1/auth/login').send({ email: first!.email, password: first!.password });
    expect(res.status).toBe(200);
  });
});

describe('sign-in behind a TLS proxy', () => {
  it('marks the cookie Secure when the proxy says https', async () => {
    const t = await startTestApp({ config: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const user = await createUser(t.db, [{ role: 'admin' }]);
      const res = await t
        .request()
        .post('/api/v1/auth/login')
        .set('x-forwarded-proto', 'https')
        .send({ email: user.email, password: user.password });
      expect(String(res.headers['set-cookie'])).toMatch(/Secure/);
    } finally {
      await t.close();
    }
  });
});

describe('CSRF', () => {
  it('refuses a signed-in mutation without the session’s CSRF token', async () => {
    const t = await startTestApp({
      beforeListen: (app) => {
        app.post('/api/v1/test/mutate', { config: { access: 'authenticated' } }, async () => ({ done: true }));
      },
    });
    try {
      const user = await createUser(t.db, [{ role: 'admin' }]);
      const agent = t.request();
      const login = await agent.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
      const token = login.body.user.csrfToken as string;
      expect((await agent.post('/api/v1/test/mutate')).status).toBe(403);
      expect((await agent.post('/api/v1/test/mutate').set('x-csrf-token', 'guess')).body.error.code).toBe(
        'csrf_failed',
      );
      const ok = await agent.post('/api/v1/test/mutate').set('x-csrf-token', token);
      expect(ok.status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
