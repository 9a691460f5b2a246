import { z } from 'zod';
import { ZRole } from './roles.js';

/**
 * Answers of the API, shared by the server (its response schemas) and the admin app (which parses
 * with them). Instants are ISO strings on the wire; the server converts its Dates where it builds
 * the answer. One module per area, so each lazily loaded screen carries only its own.
 */

const ZInstant = z.string();

export const ZUser = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  disabled: z.boolean(),
  createdAt: ZInstant,
  lastLoginAt: ZInstant.nullable(),
  roles: z.array(
    z.object({
      role: ZRole,
      unitId: z.number().nullable(),
      unitCode: z.string().nullable(),
      unitName: z.string().nullable(),
    }),
  ),
});
export type TUser = z.infer<typeof ZUser>;
/** GET /api/v1/users */
export const ZUserList = z.object({ users: z.array(ZUser) });
/** GET and PATCH /api/v1/users/{id}, PUT its roles */
export const ZUserOne = z.object({ user: ZUser });
/** POST /api/v1/users */
export const ZUserCreated = z.object({ user: ZUser, initialPassword: z.string().nullable() });
/** POST /api/v1/users/{id}/password-reset */
export const ZPasswordReset = z.object({ initialPassword: z.string() });
