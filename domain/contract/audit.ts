import { z } from 'zod';

/**
 * Answers of the API, shared by the server (its response schemas) and the admin app (which parses
 * with them). Instants are ISO strings on the wire; the server converts its Dates where it builds
 * the answer. One module per area, so each lazily loaded screen carries only its own.
 */

const ZInstant = z.string();

export const ZAuditEntry = z.object({
  id: z.number(),
  at: ZInstant,
  actorId: z.number().nullable(),
  actorLabel: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;
/** GET /api/v1/audit */
export const ZAuditPage = z.object({
  entries: z.array(ZAuditEntry),
  page: z.number(),
  pageSize: z.number(),
  total: z.number(),
  actions: z.array(z.string()),
});
