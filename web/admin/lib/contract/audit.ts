import { z } from 'zod';

/**
 * TEMPORARY: answers of endpoints domain/contract/ does not cover yet, built from the shared
 * enums and definition schemas and mirroring the server's response schemas. They belong in
 * domain/contract/, imported by the routes too; then this folder goes. One module per area, so
 * each lazily loaded screen carries only its own. Instants are ISO strings on the wire.
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
