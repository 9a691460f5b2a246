import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES } from '../../domain/contract/roles.js';
import { ZPasswordReset, ZUserCreated, ZUserList, type TUser, ZUserOne } from '../../domain/contract/users.js';
import { ZNewPassword } from '../auth/account.js';
import { generateInitialPassword, hashPassword } from '../auth/passwords.js';
import type { Database } from '../db/schema.js';
import { ZErrorBody } from '../http/schemas.js';
import { invalidField, validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import {
  createAccount,
  replaceAccountRoles,
  resetAccountPassword,
  roleLabel,
  updateAccount,
  type AccountOutcome,
} from './accounts.js';
import { emailTaken, findUserView, listUsers, resolveRoles, type UserView } from './queries.js';

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

const ZEmail = z.email({ message: 'email không hợp lệ' }).trim().max(320, 'email quá dài');
const ZDisplayName = z.string().trim().min(1, 'cần họ tên').max(120, 'họ tên quá dài (tối đa 120 ký tự)');
const ZUserId = z.object({ id: z.coerce.number({ message: 'mã người dùng không hợp lệ' }).int().positive() });

/** The account as the contract has it: instants as ISO strings (the serializer checks the schema). */
function userAnswer(user: UserView): TUser {
  return { ...user, createdAt: user.createdAt.toISOString(), lastLoginAt: user.lastLoginAt?.toISOString() ?? null };
}

async function mustFind(db: Database, id: number): Promise<TUser> {
  const user = await findUserView(db, id);
  if (!user) throw new HttpError(404, 'not_found', 'Không tìm thấy người dùng');
  return userAnswer(user);
}

const emailTakenError = () =>
  new HttpError(409, 'email_taken', 'Email này đã có tài khoản', [
    { path: 'body.email', message: 'email này đã có tài khoản' },
  ]);

const roleProblems = (problems: Array<{ index: number; message: string }>) =>
  validationError(problems.map((p) => ({ path: `body.roles.${p.index}.unitCode`, message: p.message })));

/** The HTTP answer for a service outcome (accounts.ts). */
function answer(outcome: AccountOutcome, lastAdminMessage: string): { user: TUser } {
  if (outcome.ok) return { user: userAnswer(outcome.user) };
  switch (outcome.reason) {
    case 'not_found':
      throw new HttpError(404, 'not_found', 'Không tìm thấy người dùng');
    case 'email_taken':
      throw emailTakenError();
    case 'last_admin':
      throw new HttpError(409, 'last_admin', lastAdminMessage);
    case 'self_disable':
      throw invalidField('body.disabled', 'không thể tự khoá tài khoản của chính mình');
  }
}

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
        response: { 200: ZUserList },
      },
    },
    async (request) => ({ users: (await listUsers(app.db, request.query)).map(userAnswer) }),
  );

  app.get(
    '/api/v1/users/:id',
    {
      config: admin,
      schema: {
        tags: ['users'],
        summary: 'One user',
        params: ZUserId,
        response: { 200: ZUserOne, 404: ZErrorBody },
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
          201: ZUserCreated,
          400: ZErrorBody,
          409: ZErrorBody,
        },
      },
    },
    async (request, reply) => {
      const me = request.user!;
      const { email, displayName, roles, password } = request.body;
      const { grants, problems } = await resolveRoles(app.db, roles);
      if (problems.length > 0) throw roleProblems(problems);
      if (await emailTaken(app.db, email)) throw emailTakenError();
      const initialPassword = password ?? generateInitialPassword();
      const outcome = await createAccount(app.db, me, {
        email,
        displayName,
        passwordHash: await hashPassword(initialPassword),
        grants,
        roleLabels: roles.map((r) => roleLabel({ role: r.role, unitCode: r.unitCode ?? null })),
      });
      const { user } = answer(outcome, '');
      return reply.status(201).send({
        user,
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
        response: { 200: ZUserOne, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const me = request.user!;
      const { id } = request.params;
      const { email } = request.body;
      if (email !== undefined && (await emailTaken(app.db, email, id))) throw emailTakenError();
      return answer(await updateAccount(app.db, me, id, request.body), 'Không thể khoá quản trị viên cuối cùng');
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
        response: { 200: ZUserOne, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const me = request.user!;
      const { id } = request.params;
      const { grants, problems } = await resolveRoles(app.db, request.body.roles);
      if (problems.length > 0) throw roleProblems(problems);
      const after = request.body.roles.map((r) => roleLabel({ role: r.role, unitCode: r.unitCode ?? null }));
      const outcome = await replaceAccountRoles(app.db, me, id, grants, after);
      return answer(outcome, 'Không thể bỏ vai trò của quản trị viên cuối cùng');
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
        response: { 200: ZPasswordReset, 404: ZErrorBody },
      },
    },
    async (request) => {
      const me = request.user!;
      const { id } = request.params;
      const initialPassword = generateInitialPassword();
      answer(await resetAccountPassword(app.db, me, id, await hashPassword(initialPassword)), '');
      return { initialPassword };
    },
  );
};
