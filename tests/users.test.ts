import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importUnits } from '../server/units/import.js';
import { createUser, signedInAgent, startTestApp, type TestApp } from './helpers/app.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

const UNITS_CSV = [
  'code,name,kind,level,parent_code,ward,enrolment',
  'SO,Sở Giáo dục và Đào tạo,department,,,,',
  'THCS-A,Trường THCS A,school,thcs,SO,Phường 1,800',
  'THCS-B,Trường THCS B,school,thcs,SO,Phường 2,700',
].join('\n');

async function auditOf(t: TestApp, action: string) {
  return t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

async function signIn(t: TestApp, email: string, password: string) {
  const agent = t.request();
  const res = await agent.post('/api/v1/auth/login').send({ email, password });
  if (res.status === 200) agent.set('x-csrf-token', res.body.user.csrfToken);
  return { agent, res };
}

describe('accounts managed by an administrator', () => {
  let t: TestApp;
  let admin: Agent;
  let adminUser: { id: number; email: string; password: string };
  beforeAll(async () => {
    t = await startTestApp();
    await importUnits(t.db, UNITS_CSV);
    ({ agent: admin, user: adminUser } = await signedInAgent(t, [{ role: 'admin' }]));
  });
  afterAll(() => t.close());

  it('creates a unit manager with a generated initial password, shown once, and audits it', async () => {
    const res = await admin.post('/api/v1/users').send({
      email: 'hieutruong.a@truong.example.vn',
      displayName: 'Hiệu trưởng A',
      roles: [{ role: 'unit_manager', unitCode: 'THCS-A' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.initialPassword).toMatch(/^[\w]{4}-[\w]{4}-[\w]{4}-[\w]{4}$/);
    expect(res.body.user).toMatchObject({
      email: 'hieutruong.a@truong.example.vn',
      displayName: 'Hiệu trưởng A',
      mustChangePassword: true,
      disabled: false,
      roles: [{ role: 'unit_manager', unitCode: 'THCS-A', unitName: 'Trường THCS A' }],
    });
    const row = await t.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', res.body.user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(res.body.initialPassword);
    const [entry] = await auditOf(t, 'users.create');
    expect(entry).toMatchObject({ actor_id: adminUser.id, target_id: String(res.body.user.id) });
    expect(entry!.details).toEqual({ email: 'hieutruong.a@truong.example.vn', roles: ['unit_manager:THCS-A'] });
    expect(JSON.stringify(entry)).not.toContain(res.body.initialPassword);
    // Listed, and found by search.
    const list = await admin.get('/api/v1/users?q=hieutruong');
    expect(list.body.users.map((u: { email: string }) => u.email)).toEqual(['hieutruong.a@truong.example.vn']);
    const byUnit = await admin.get('/api/v1/users?unit=THCS-A&role=unit_manager');
    expect(byUnit.body.users).toHaveLength(1);
  });

  it('makes the new user change the initial password before anything else', async () => {
    const created = await admin.post('/api/v1/users').send({
      email: 'first.login@truong.example.vn',
      displayName: 'Người mới',
      roles: [{ role: 'unit_manager', unitCode: 'THCS-B' }],
    });
    const initial = created.body.initialPassword as string;
    const { agent, res } = await signIn(t, 'first.login@truong.example.vn', initial);
    expect(res.status).toBe(200);
    expect(res.body.user.mustChangePassword).toBe(true);

    const blocked = await agent.get('/api/v1/units');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect((await agent.get('/api/v1/auth/me')).status).toBe(200);

    const wrong = await agent
      .post('/api/v1/auth/password')
      .send({ currentPassword: 'not it', newPassword: 'a new long passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.fields).toEqual([{ path: 'body.currentPassword', message: expect.any(String) }]);
    const short = await agent.post('/api/v1/auth/password').send({ currentPassword: initial, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.fields[0].path).toBe('body.newPassword');
    const same = await agent.post('/api/v1/auth/password').send({ currentPassword: initial, newPassword: initial });
    expect(same.status).toBe(400);

    const ok = await agent
      .post('/api/v1/auth/password')
      .send({ currentPassword: initial, newPassword: 'một câu mật khẩu dài' });
    expect(ok.status).toBe(204);
    const units = await agent.get('/api/v1/units');
    expect(units.status).toBe(200);
    // A unit manager sees only their unit.
    expect(units.body.units.map((u: { code: string }) => u.code)).toEqual(['THCS-B']);
    expect((await signIn(t, 'first.login@truong.example.vn', initial)).res.status).toBe(401);
    expect((await signIn(t, 'first.login@truong.example.vn', 'một câu mật khẩu dài')).res.status).toBe(200);
    const audit = await auditOf(t, 'users.password');
    expect(audit.at(-1)).toMatchObject({ target_id: String(created.body.user.id), details: { by: 'self' } });
  });

  it('accepts an initial password chosen by the administrator, still to be changed', async () => {
    const res = await admin.post('/api/v1/users').send({
      email: 'chosen@so.example.vn',
      displayName: 'Chuyên viên',
      roles: [{ role: 'analyst' }],
      password: 'mật khẩu do Sở đặt',
    });
    expect(res.status).toBe(201);
    expect(res.body.initialPassword).toBeNull();
    const { res: login } = await signIn(t, 'chosen@so.example.vn', 'mật khẩu do Sở đặt');
    expect(login.body.user.mustChangePassword).toBe(true);
  });

  it('refuses bad input with field errors, a taken email with 409, and non-admins with 403', async () => {
    const bad = await admin.post('/api/v1/users').send({
      email: 'not-an-email',
      displayName: '',
      roles: [{ role: 'unit_manager' }, { role: 'analyst', unitCode: 'THCS-A' }, { role: 'king' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.displayName',
      'body.email',
      'body.roles.0.unitCode',
      'body.roles.1.unitCode',
      'body.roles.2.role',
    ]);
    const unknownUnit = await admin
      .post('/api/v1/users')
      .send({ email: 'x@y.vn', displayName: 'X', roles: [{ role: 'unit_manager', unitCode: 'NO-SUCH' }] });
    expect(unknownUnit.status).toBe(400);
    expect(unknownUnit.body.error.fields).toEqual([
      { path: 'body.roles.0.unitCode', message: 'không tìm thấy đơn vị "NO-SUCH"' },
    ]);
    const taken = await admin
      .post('/api/v1/users')
      .send({ email: 'HIEUTRUONG.A@truong.example.vn', displayName: 'Trùng', roles: [{ role: 'analyst' }] });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields[0].path).toBe('body.email');

    const { agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]);
    expect((await analyst.get('/api/v1/users')).status).toBe(403);
    const attempt = await analyst
      .post('/api/v1/users')
      .send({ email: 'sneaky@y.vn', displayName: 'S', roles: [{ role: 'admin' }] });
    expect(attempt.status).toBe(403);
    expect(await t.db.selectFrom('users').select('id').where('email', '=', 'sneaky@y.vn').execute()).toEqual([]);
  });

  it('sets roles (taking effect at once) and records before and after in the audit log', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const { agent } = await signIn(t, user.email, user.password);
    expect((await agent.get('/api/v1/units')).body.units).toHaveLength(3);
    const res = await admin.put(`/api/v1/users/${user.id}/roles`).send({
      roles: [
        { role: 'unit_manager', unitCode: 'THCS-A' },
        { role: 'unit_manager', unitCode: 'THCS-B' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.user.roles.map((r: { unitCode: string }) => r.unitCode)).toEqual(['THCS-A', 'THCS-B']);
    // The same session now sees only the two schools.
    const units = await agent.get('/api/v1/units');
    expect(units.body.units.map((u: { code: string }) => u.code).sort()).toEqual(['THCS-A', 'THCS-B']);
    const entry = (await auditOf(t, 'users.roles')).at(-1)!;
    expect(entry.details).toEqual({
      email: user.email,
      before: ['analyst'],
      after: ['unit_manager:THCS-A', 'unit_manager:THCS-B'],
    });
    expect((await admin.put('/api/v1/users/999999/roles').send({ roles: [] })).status).toBe(404);
    expect((await admin.put('/api/v1/users/abc/roles').send({ roles: [] })).status).toBe(400);
  });

  it('never removes or disables the last administrator', async () => {
    const me = adminUser.id;
    const admins = await t.db.selectFrom('user_roles').select('user_id').where('role', '=', 'admin').execute();
    expect(admins.map((a) => a.user_id)).toEqual([me]);
    const res = await admin.put(`/api/v1/users/${me}/roles`).send({ roles: [{ role: 'analyst' }] });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('last_admin');
    const self = await admin.patch(`/api/v1/users/${me}`).send({ disabled: true });
    expect(self.status).toBe(400);
    expect((await admin.get(`/api/v1/users/${me}`)).body.user.roles).toEqual([
      { role: 'admin', unitId: null, unitCode: null, unitName: null },
    ]);
  });

  it('two concurrent demotions of the last two administrators: exactly one succeeds', async () => {
    const other = await createUser(t.db, [{ role: 'admin' }]);
    const otherAgent = (await signIn(t, other.email, other.password)).agent;
    // Each administrator removes the other's admin role at the same moment, many times over.
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([
        admin.put(`/api/v1/users/${other.id}/roles`).send({ roles: [{ role: 'analyst' }] }),
        otherAgent.put(`/api/v1/users/${adminUser.id}/roles`).send({ roles: [{ role: 'analyst' }] }),
      ]);
      const statuses = [a.status, b.status].sort();
      const active = await t.db
        .selectFrom('user_roles as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select('u.id')
        .where('r.role', '=', 'admin')
        .where('u.disabled_at', 'is', null)
        .execute();
      expect(active.length, `round ${round}: ${statuses.join(', ')}`).toBeGreaterThanOrEqual(1);
      // A demoted administrator's session loses the right at once (403), or the check refuses (409).
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      // Restore both as administrators for the next round (as the one who still is).
      const survivor = active[0]!.id === adminUser.id ? admin : otherAgent;
      for (const id of [adminUser.id, other.id]) {
        expect((await survivor.put(`/api/v1/users/${id}/roles`).send({ roles: [{ role: 'admin' }] })).status).toBe(200);
      }
    }
    // Disabling races the same way: the two disable each other.
    const [a, b] = await Promise.all([
      admin.patch(`/api/v1/users/${other.id}`).send({ disabled: true }),
      otherAgent.patch(`/api/v1/users/${adminUser.id}`).send({ disabled: true }),
    ]);
    const active = await t.db
      .selectFrom('user_roles as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select('u.id')
      .where('r.role', '=', 'admin')
      .where('u.disabled_at', 'is', null)
      .execute();
    expect(active.length, `${a.status}, ${b.status}`).toBe(1);
    const survivor = active[0]!.id === adminUser.id ? admin : otherAgent;
    const disabledId = active[0]!.id === adminUser.id ? other.id : adminUser.id;
    expect((await survivor.patch(`/api/v1/users/${disabledId}`).send({ disabled: false })).status).toBe(200);
    expect((await survivor.put(`/api/v1/users/${other.id}/roles`).send({ roles: [{ role: 'analyst' }] })).status).toBe(
      200,
    );
    if (survivor !== admin) {
      // Keep the file's administrator signed in for the tests after this one.
      ({ agent: admin } = await signIn(t, adminUser.email, adminUser.password));
    }
  });

  it('disables an account: its sessions end and it cannot sign in; enabling restores it', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const { agent } = await signIn(t, user.email, user.password);
    const res = await admin.patch(`/api/v1/users/${user.id}`).send({ disabled: true, displayName: 'Đã nghỉ' });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ disabled: true, displayName: 'Đã nghỉ' });
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    expect((await signIn(t, user.email, user.password)).res.status).toBe(401);
    expect((await auditOf(t, 'users.update')).at(-1)!.details).toEqual({
      displayName: { before: 'Người dùng thử', after: 'Đã nghỉ' },
      disabled: { before: false, after: true },
    });
    await admin.patch(`/api/v1/users/${user.id}`).send({ disabled: false });
    expect((await signIn(t, user.email, user.password)).res.status).toBe(200);
    expect((await admin.patch(`/api/v1/users/${user.id}`).send({})).status).toBe(400);
  });

  it('resets a password: a new initial password, sessions ended, change required again', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const { agent } = await signIn(t, user.email, user.password);
    const res = await admin.post(`/api/v1/users/${user.id}/password-reset`);
    expect(res.status).toBe(200);
    expect((await agent.get('/api/v1/auth/me')).status).toBe(401);
    const { res: login } = await signIn(t, user.email, res.body.initialPassword);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect((await auditOf(t, 'users.password')).at(-1)!.details).toEqual({ by: 'admin', email: user.email });
  });
});

describe('sign out everywhere and session expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('ends every session of the user on every device, and only theirs', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const other = await createUser(t.db, [{ role: 'analyst' }]);
    const phone = await signIn(t, user.email, user.password);
    const laptop = await signIn(t, user.email, user.password);
    const someoneElse = await signIn(t, other.email, other.password);
    const out = await laptop.agent.post('/api/v1/auth/logout-all');
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/hl_session=;/);
    expect((await phone.agent.get('/api/v1/auth/me')).status).toBe(401);
    expect((await laptop.agent.get('/api/v1/auth/me')).status).toBe(401);
    expect((await someoneElse.agent.get('/api/v1/auth/me')).status).toBe(200);
    const [entry] = await auditOf(t, 'auth.logout_everywhere');
    expect(entry).toMatchObject({ actor_id: user.id, details: { sessions: 2 } });
    // Needs the CSRF token like any other mutation.
    const again = await signIn(t, user.email, user.password);
    expect((await again.agent.post('/api/v1/auth/logout-all').set('x-csrf-token', 'forged')).status).toBe(403);
    expect((await again.agent.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('ends a session past its absolute expiry or idle too long', async () => {
    const user = await createUser(t.db, [{ role: 'analyst' }]);
    const a = await signIn(t, user.email, user.password);
    await t.db
      .updateTable('sessions')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('user_id', '=', user.id)
      .execute();
    expect((await a.agent.get('/api/v1/auth/me')).status).toBe(401);
    const b = await signIn(t, user.email, user.password);
    await t.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - make_interval(mins => ${t.config.SESSION_IDLE_MINUTES + 1})` })
      .where('user_id', '=', user.id)
      .execute();
    expect((await b.agent.get('/api/v1/auth/me')).status).toBe(401);
  });
});
