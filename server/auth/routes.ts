import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZSignedIn } from '../../domain/contract/session.js';
import type { Config } from '../config.js';
import { errorBody } from '../plugins/errors.js';
import { ZErrorBody } from '../http/schemas.js';
import { SESSION_COOKIE } from './plugin.js';
import { HttpError } from '../plugins/errors.js';
import { attemptSignIn, LOGIN_IP_MAX_PER_MINUTE, lockoutError, loginKey, minutesUntil } from './lockout.js';
import { dummyPasswordHash, verifyPassword } from './passwords.js';
import { createSession, deleteSession, findUserByEmail, rolesOf } from './queries.js';

export const cookieOptions = (secure: boolean) => ({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  secure,
});

export const authRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  // Secure cookies need TLS; behind a proxy we trust X-Forwarded-Proto to know it.
  const isSecure = (protocol: string) => config.COOKIE_SECURE ?? protocol === 'https';

  app.post(
    '/api/v1/auth/login',
    {
      config: {
        access: 'public',
        // The per-IP ceiling; the per-account lockout is in the handler (lockout.ts).
        rateLimit: {
          max: LOGIN_IP_MAX_PER_MINUTE,
          timeWindow: '1 minute',
          errorResponseBuilder: (_request, context) =>
            new HttpError(
              429,
              'too_many_attempts',
              `Quá nhiều lần đăng nhập từ địa chỉ này, thử lại sau ${minutesUntil(new Date(Date.now() + context.ttl))} phút`,
            ),
        },
      },
      schema: {
        tags: ['auth'],
        summary:
          'Sign in with email and password; sets the session cookie. Five failures for one account in 15 minutes lock it (429).',
        body: z.object({
          email: z.string().trim().min(1, 'cần nhập email').max(320),
          password: z.string().min(1, 'cần nhập mật khẩu').max(1000),
        }),
        response: { 200: ZSignedIn, 401: ZErrorBody, 429: ZErrorBody },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const key = loginKey(email);
      const user = await findUserByEmail(app.db, email);
      // An unknown address is checked against a dummy hash: it costs as long as a wrong password.
      const hash = user?.password_hash ?? (await dummyPasswordHash());
      const outcome = await attemptSignIn(app.db, key, user, () => verifyPassword(hash, password));
      if (outcome.kind === 'locked') throw lockoutError(outcome.until);
      if (outcome.kind === 'failed' || !user) {
        request.log.info({ event: 'login_failed' }, 'sign-in failed');
        return reply.status(401).send(errorBody('invalid_credentials', 'Email hoặc mật khẩu không đúng'));
      }
      const session = await createSession(app.db, user.id, config.SESSION_TTL_HOURS);
      reply.setCookie(SESSION_COOKIE, session.token, {
        ...cookieOptions(isSecure(request.protocol)),
        expires: session.expiresAt,
      });
      return {
        user: {
          id: user.id,
          email: user.email,
          displayName: user.display_name,
          mustChangePassword: user.must_change_password,
          roles: await rolesOf(app.db, user.id),
          csrfToken: session.csrfToken,
        },
      };
    },
  );

  app.post(
    '/api/v1/auth/logout',
    {
      config: { access: 'public' },
      schema: { tags: ['auth'], summary: 'Sign out: ends this session and clears the cookie' },
    },
    async (request, reply) => {
      if (request.user) await deleteSession(app.db, request.user.sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(isSecure(request.protocol)));
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/v1/auth/me',
    {
      config: { access: 'authenticated', allowDuringPasswordChange: true },
      schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: ZSignedIn } },
    },
    async (request) => {
      const { sessionId: _sessionId, ...user } = request.user!;
      return { user };
    },
  );
};
