import { z } from 'zod';
import { ZRole } from './roles.js';

/**
 * Answers of the API, shared by the server (its response schemas) and the admin app (which parses
 * with them). Instants are ISO strings on the wire; the server converts its Dates where it builds
 * the answer. One module per area, so each lazily loaded screen carries only its own.
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
