import { z } from 'zod';

/**
 * TEMPORARY: answers of endpoints domain/contract/ does not cover yet, built from the shared
 * enums and definition schemas and mirroring the server's response schemas. They belong in
 * domain/contract/, imported by the routes too; then this folder goes. One module per area, so
 * each lazily loaded screen carries only its own. Instants are ISO strings on the wire.
 */

const ZInstant = z.string();

export const ZLink = z.object({
  id: z.number(),
  code: z.string(),
  url: z.string(),
  survey: z.string(),
  surveyTitle: z.string(),
  unit: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  channel: z.string(),
  createdAt: ZInstant,
  retiredAt: ZInstant.nullable(),
});
export type TLink = z.infer<typeof ZLink>;
/** GET /api/v1/links */
export const ZLinkList = z.array(ZLink);
/** POST /api/v1/links/bulk */
export const ZLinksCreated = z.object({ created: z.number(), existing: z.number(), links: z.array(ZLink) });
