import { z } from 'zod';
import { ZRole } from '../../../../domain/contract/roles.js';

/**
 * TEMPORARY: answers of endpoints domain/contract/ does not cover yet, built from the shared
 * enums and definition schemas and mirroring the server's response schemas. They belong in
 * domain/contract/, imported by the routes too; then this folder goes. One module per area, so
 * each lazily loaded screen carries only its own. Instants are ISO strings on the wire.
 */

/** GET /api/v1/auth/me, POST /api/v1/auth/login */
export const ZMe = z.object({
  id: z.number(),
  email: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  roles: z.array(z.object({ role: ZRole, unitId: z.number().nullable() })),
  csrfToken: z.string(),
});
export type TMe = z.infer<typeof ZMe>;
export const ZSignedIn = z.object({ user: ZMe });
