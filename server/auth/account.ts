import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { z } from 'zod';
import { recordAudit } from '../audit/record.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.js';
import { SESSION_COOKIE } from './plugin.js';
import { cookieOptions } from './routes.js';
import { invalidField } from '../http/validation.js';

export const ZNewPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `mật khẩu cần ít nhất ${PASSWORD_MIN_LENGTH} ký tự`)
  .max(PASSWORD_MAX_LENGTH, `mật khẩu tối đa ${PASSWORD_MAX_LENGTH} ký tự`)
  .refine((p) => new Set(p).size >= 4, 'mật khẩu quá đơn giản: dùng nhiều ký tự khác nhau hơn');

/** The signed-in user's own account: change password, sign out everywhere. */
export const accountRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const isSecure = (protocol: string) => config.COOKIE_SECURE ?? protocol === 'https';

  app.post(
    '/api/v1/auth/password',
    {
      config: { access: 'authenticated', allowDuringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password (required at first sign-in); ends your other sessions',
        body: z.object({
          currentPassword: z.string().min(1, 'cần nhập mật khẩu hiện tại').max(1000),
          newPassword: ZNewPassword,
        }),
        response: { 204: z.null(), 400: ZErrorBody },
      },
    },
    async (request, reply) => {
      const me = request.user!;
      const { currentPassword, newPassword } = request.body;
      const row = await app.db
        .selectFrom('users')
        .select('password_hash')
        .where('id', '=', me.id)
        .executeTakeFirstOrThrow();
      if (!(await verifyPassword(row.password_hash, currentPassword))) {
        throw invalidField('body.currentPassword', 'mật khẩu hiện tại không đúng');
      }
      if (newPassword === currentPassword) {
        throw invalidField('body.newPassword', 'mật khẩu mới phải khác mật khẩu hiện tại');
      }
      const passwordHash = await hashPassword(newPassword);
      await app.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('users')
          .set({ password_hash: passwordHash, must_change_password: false, updated_at: sql`now()` })
          .where('id', '=', me.id)
          .execute();
        // Whoever knew the old password may hold a session: end every other one.
        await trx.deleteFrom('sessions').where('user_id', '=', me.id).where('id', '<>', me.sessionId).execute();
        await recordAudit(trx, {
          actorId: me.id,
          actorLabel: me.email,
          action: 'users.password',
          targetType: 'user',
          targetId: me.id,
          details: { by: 'self' },
        });
      });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/auth/logout-all',
    {
      config: { access: 'authenticated', allowDuringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: 'Sign out everywhere: ends every session of the signed-in user, on every device',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const me = request.user!;
      await app.db.transaction().execute(async (trx) => {
        const ended = await trx.deleteFrom('sessions').where('user_id', '=', me.id).executeTakeFirst();
        await recordAudit(trx, {
          actorId: me.id,
          actorLabel: me.email,
          action: 'auth.logout_everywhere',
          targetType: 'user',
          targetId: me.id,
          details: { sessions: Number(ended.numDeletedRows) },
        });
      });
      reply.clearCookie(SESSION_COOKIE, cookieOptions(isSecure(request.protocol)));
      return reply.status(204).send(null);
    },
  );
};
