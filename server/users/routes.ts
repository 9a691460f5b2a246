import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { ROLES } from '../../domain/contract/roles.js';
import { recordAudit } from '../audit/record.js';
import { ZNewPassword } from '../auth/account.js';
import { generateInitialPassword, hashPassword } from '../auth/passwords.js';
import type { SessionUser } from '../auth/queries.js';
import type { Database } from '../db/schema.js';
import { ZErrorBody } from '../http/schemas.js';
import { HttpError } from '../plugins/errors.js';
import {
  emailTaken,
  findUserView,
  listUsers,
  otherActiveAdmins,
  replaceRoles,
  resolveRoles,
  type UserView,
} from './queries.js';

const ZRoleInput = z
  .object({
    role: z.enum(ROLES, { message: 'vai trò phải là admin, analyst hoặc unit_manager' }),
    unitCode: z.string().trim().max(40).nullish(),
  })
  .superRefine((r, ctx) => {
    if (r.role === 'unit_manager' && !r.unitCode) {
      ctx.addIssue({ code: 'custom', path: ['unitCode'], message: 'quản lý đơn vị cần chọn đơn vị' });
    }
    if (r.role !== 'unit_manager' && r.unitCode) {
      ctx.addIssue({
        code: 'custom',
        path: ['unitCode'],
        message: 'vai trò này áp dụng cho mọi đơn vị, không gắn với một đơn vị',
      });
    }
  });

const ZRoleView = z.object({
  role: z.enum(ROLES),
  unitId: z.number().nullable(),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
});

const ZUser = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  createdAt: z.date(),
  lastLoginAt: z.date().nullable(),
  roles: z.array(ZRoleView),
});

const ZEmail = z.email({ message: 'email không hợp lệ' }).trim().max(320, 'email quá dài');
const ZDisplayName = z.string().trim().min(1, 'cần họ tên').max(120, 'họ tên quá dài (tối đa 120 ký tự)');
const ZUserId = z.object({ id: z.coerce.number({ message: 'mã người dùng không hợp lệ' }).int().positive() });

function invalid(path: string, message: string): HttpError {
  return new HttpError(400, 'validation_failed', 'Dữ liệu gửi lên không hợp lệ', [{ path, message }]);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

const roleLabel = (r: { role: string; unitCode: string | null }) => (r.unitCode ? `${r.role}:${r.unitCode}` : r.role);

async function mustFind(db: Database, id: number): Promise<UserView> {
  const user = await findUserView(db, id);
  if (!user) throw new HttpError(404, 'not_found', 'Không tìm thấy người dùng');
  return user;
}

const actor = (me: SessionUser) => ({ actorId: me.id, actorLabel: me.email });

/** Accounts and roles, managed by administrators. */
export const userRoutes: FastifyPluginAsyncZod = async (app) => {
  const admin = { access: ['admin'] as const };

  app.get(
    '/api/v1/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Users with their roles; search by email or name, filter by role or unit code',
        querystring: z.object({
          q: z.string().trim().min(1).max(100).optional(),
          role: z.enum(ROLES).optional(),
          unit: z.string().trim().min(1).max(40).optional(),
        }),
        response: { 200: z.object({ users: z.array(ZUser) }) },
      },
    },
    async (request) => ({ users: await listUsers(app.db, request.query) }),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: ZUserId,
        response: { 200: z.object({ user: ZUser }), 404: ZErrorBody },
      },
    },
    async (request) => ({ user: await mustFind(app.db, request.params.id) }),
  );

  app.post(
    '/api/v1/users',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary:
          'Create a user. Without a password one is generated and returned once; the user must change it at first sign-in.',
        body: z.object({
          email: ZEmail,
          displayName: ZDisplayName,
          roles: z.array(ZRoleInput).min(1, 'cần ít nhất một vai trò').max(50),
          password: ZNewPassword.optional(),
        }),
        response: {
          201: z.object({ user: ZUser, initialPassword: z.string().nullable() }),
          400: ZErrorBody,
          409: ZErrorBody,
        },
      },
    },
    async (request, reply) => {
      const me = request.user!;
      const { email, displayName, roles, password } = request.body;
      const { grants, problems } = await resolveRoles(app.db, roles);
      if (problems.length > 0) {
        throw new HttpError(
          400,
          'validation_failed',
          'Dữ liệu gửi lên không hợp lệ',
          problems.map((p) => ({ path: `body.roles.${p.index}.unitCode`, message: p.message })),
        );
      }
      if (await emailTaken(app.db, email)) {
        throw new HttpError(409, 'email_taken', 'Email này đã có tài khoản', [
          { path: 'body.email', message: 'email này đã có tài khoản' },
        ]);
      }
      const initialPassword = password ?? generateInitialPassword();
      const passwordHash = await hashPassword(initialPassword);
      const id = await app.db
        .transaction()
        .execute(async (trx) => {
          const row = await trx
            .insertInto('users')
            .values({
              email,
              display_name: displayName,
              password_hash: passwordHash,
              must_change_password: true,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await replaceRoles(trx, row.id, grants);
          await recordAudit(trx, {
            ...actor(me),
            action: 'users.create',
            targetType: 'user',
            targetId: row.id,
            details: { email, roles: roles.map((r) => roleLabel({ role: r.role, unitCode: r.unitCode ?? null })) },
          });
          return row.id;
        })
        .catch((err: unknown) => {
          if (isUniqueViolation(err)) {
            throw new HttpError(409, 'email_taken', 'Email này đã có tài khoản', [
              { path: 'body.email', message: 'email này đã có tài khoản' },
            ]);
          }
          throw err;
        });
      return reply.status(201).send({
        user: await mustFind(app.db, id),
        // Shown once to the administrator who hands it over; never stored in clear.
        initialPassword: password ? null : initialPassword,
      });
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Change a user’s name or email, or disable/enable the account (disabling ends their sessions)',
        params: ZUserId,
        body: z
          .object({
            email: ZEmail.optional(),
            displayName: ZDisplayName.optional(),
            disabled: z.boolean().optional(),
          })
          .refine((b) => Object.keys(b).length > 0, 'không có thay đổi nào'),
        response: { 200: z.object({ user: ZUser }), 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const me = request.user!;
      const { id } = request.params;
      const before = await mustFind(app.db, id);
      const { email, displayName, disabled } = request.body;
      if (email !== undefined && (await emailTaken(app.db, email, id))) {
        throw new HttpError(409, 'email_taken', 'Email này đã có tài khoản', [
          { path: 'body.email', message: 'email này đã có tài khoản' },
        ]);
      }
      if (disabled === true && !before.disabled) {
        if (id === me.id) throw invalid('body.disabled', 'không thể tự khoá tài khoản của chính mình');
        if (before.roles.some((r) => r.role === 'admin') && (await otherActiveAdmins(app.db, id)) === 0) {
          throw new HttpError(409, 'last_admin', 'Không thể khoá quản trị viên cuối cùng');
        }
      }
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      if (email !== undefined && email !== before.email) changes.email = { before: before.email, after: email };
      if (displayName !== undefined && displayName !== before.displayName) {
        changes.displayName = { before: before.displayName, after: displayName };
      }
      if (disabled !== undefined && disabled !== before.disabled) {
        changes.disabled = { before: before.disabled, after: disabled };
      }
      if (Object.keys(changes).length > 0) {
        await app.db
          .transaction()
          .execute(async (trx) => {
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
              ...actor(me),
              action: 'users.update',
              targetType: 'user',
              targetId: id,
              details: changes,
            });
          })
          .catch((err: unknown) => {
            if (isUniqueViolation(err)) {
              throw new HttpError(409, 'email_taken', 'Email này đã có tài khoản', [
                { path: 'body.email', message: 'email này đã có tài khoản' },
              ]);
            }
            throw err;
          });
      }
      return { user: await mustFind(app.db, id) };
    },
  );

  app.put(
    '/api/v1/users/:id/roles',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Replace a user’s roles; takes effect on their next request',
        params: ZUserId,
        body: z.object({ roles: z.array(ZRoleInput).max(50) }),
        response: { 200: z.object({ user: ZUser }), 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const me = request.user!;
      const { id } = request.params;
      const before = await mustFind(app.db, id);
      const { grants, problems } = await resolveRoles(app.db, request.body.roles);
      if (problems.length > 0) {
        throw new HttpError(
          400,
          'validation_failed',
          'Dữ liệu gửi lên không hợp lệ',
          problems.map((p) => ({ path: `body.roles.${p.index}.unitCode`, message: p.message })),
        );
      }
      const losesAdmin = before.roles.some((r) => r.role === 'admin') && !grants.some((g) => g.role === 'admin');
      if (losesAdmin && !before.disabled && (await otherActiveAdmins(app.db, id)) === 0) {
        throw new HttpError(409, 'last_admin', 'Không thể bỏ vai trò của quản trị viên cuối cùng');
      }
      await app.db.transaction().execute(async (trx) => {
        await sql`select pg_advisory_xact_lock(727461030)`.execute(trx);
        await replaceRoles(trx, id, grants);
        await recordAudit(trx, {
          ...actor(me),
          action: 'users.roles',
          targetType: 'user',
          targetId: id,
          details: {
            email: before.email,
            before: before.roles.map(roleLabel),
            after: request.body.roles.map((r) => roleLabel({ role: r.role, unitCode: r.unitCode ?? null })),
          },
        });
      });
      return { user: await mustFind(app.db, id) };
    },
  );

  app.post(
    '/api/v1/users/:id/password-reset',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'Give a user a new initial password (returned once); ends their sessions',
        params: ZUserId,
        response: { 200: z.object({ initialPassword: z.string() }), 404: ZErrorBody },
      },
    },
    async (request) => {
      const me = request.user!;
      const { id } = request.params;
      const user = await mustFind(app.db, id);
      const initialPassword = generateInitialPassword();
      const passwordHash = await hashPassword(initialPassword);
      await app.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, must_change_password: true, updated_at: sql`now()` })
          .where('id', '=', id)
          .execute();
        await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
        await recordAudit(trx, {
          ...actor(me),
          action: 'users.password',
          targetType: 'user',
          targetId: id,
          details: { by: 'admin', email: user.email },
        });
      });
      return { initialPassword };
    },
  );
};
