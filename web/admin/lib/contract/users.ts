import { z } from 'zod';
import { ZRole } from '../../../../domain/contract/roles.js';

/**
 * TEMPORARY: answers of endpoints domain/contract/ does not cover yet, built from the shared
 * enums and definition schemas and mirroring the server's response schemas. They belong in
 * domain/contract/, imported by the routes too; then this folder goes. One module per area, so
 * each lazily loaded screen carries only its own. Instants are ISO strings on the wire.
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
/** POST /api/v1/users */
export const ZUserCreated = z.object({ user: ZUser, initialPassword: z.string().nullable() });
/** POST /api/v1/users/{id}/password-reset */
export const ZPasswordReset = z.object({ initialPassword: z.string() });
