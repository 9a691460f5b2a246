import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import type { Role } from '../db/schema.js';
import { errorBody } from '../plugins/errors.js';
import { findSessionUser, type SessionUser } from './queries.js';

export const SESSION_COOKIE = 'hl_session';
export const CSRF_HEADER = 'x-csrf-token';
const MUTATING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Who may call a route. Every route under /api/v1 must declare one: a route without a
 * declaration refuses everyone, so forgetting it fails closed.
 *  - 'public': anyone, no session needed;
 *  - 'authenticated': any signed-in user;
 *  - a list of roles: a signed-in user holding at least one of them.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /**
     * A user who must still change their initial password may call only routes marked
     * with this (e.g. /auth/me, /auth/password); every other route answers 403.
     */
    allowDuringPasswordChange?: boolean;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
  interface FastifyInstance {
    /** Every /api/v1 route with its access declaration, for the authorization tests. */
    routeAccessTable: RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
  allowDuringPasswordChange: boolean;
  /** The route's zod schemas, so tests can fill in parameters and filters. */
  schema: { params?: unknown; querystring?: unknown; body?: unknown };
}

export function requiresDeclaration(url: string): boolean {
  return url.startsWith('/api/v1/');
}

export function hasRole(user: SessionUser, roles: readonly Role[]): boolean {
  return user.roles.some((g) => roles.includes(g.role));
}

function deny(reply: FastifyReply, status: 401 | 403, code: string, message: string) {
  return reply.status(status).send(errorBody(code, message));
}

export const authPlugin = fp(
  async (app: FastifyInstance, opts: { config: Config }) => {
    app.decorateRequest('user', null);

    // Collected as routes are added (this plugin is registered before every feature).
    const table: RouteAccess[] = [];
    app.decorate('routeAccessTable', table);
    app.addHook('onRoute', (route) => {
      if (!requiresDeclaration(route.url)) return;
      for (const method of [route.method].flat()) {
        // HEAD mirrors GET (fastify adds it), with the same declaration.
        if (method === 'HEAD') continue;
        table.push({
          method,
          url: route.url,
          access: route.config?.access,
          allowDuringPasswordChange: route.config?.allowDuringPasswordChange === true,
          schema: { params: route.schema?.params, querystring: route.schema?.querystring, body: route.schema?.body },
        });
      }
    });

    app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      const url = request.routeOptions.url;
      const access = request.routeOptions.config.access;
      if (!url || !requiresDeclaration(url)) return;
      const token = request.cookies[SESSION_COOKIE];
      if (token) request.user = (await findSessionUser(app.db, token, opts.config.SESSION_IDLE_MINUTES)) ?? null;
      if (access === 'public') return;
      if (access === undefined) {
        request.log.error({ route: url }, 'route has no access declaration; refusing');
        return deny(reply, 403, 'forbidden', 'Bạn không có quyền truy cập');
      }
      if (!request.user) return deny(reply, 401, 'unauthenticated', 'Vui lòng đăng nhập');
      if (access !== 'authenticated' && !hasRole(request.user, access)) {
        return deny(reply, 403, 'forbidden', 'Bạn không có quyền truy cập');
      }
      // The session rides in a cookie, which a hostile page can make the browser send; a
      // mutation must also carry the session's CSRF token, which that page cannot read.
      if (MUTATING_METHODS.has(request.method) && request.headers[CSRF_HEADER] !== request.user.csrfToken) {
        return deny(reply, 403, 'csrf_failed', 'Phiên làm việc không hợp lệ, vui lòng tải lại trang');
      }
      if (request.user.mustChangePassword && request.routeOptions.config.allowDuringPasswordChange !== true) {
        return deny(reply, 403, 'password_change_required', 'Vui lòng đổi mật khẩu ban đầu trước khi tiếp tục');
      }
    });
  },
  { name: 'auth', dependencies: ['db'] },
);
