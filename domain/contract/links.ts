import { z } from 'zod';

/**
 * Answers of the API, shared by the server (its response schemas) and the admin app (which parses
 * with them). Instants are ISO strings on the wire; the server converts its Dates where it builds
 * the answer. One module per area, so each lazily loaded screen carries only its own.
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
  /** Where the QR code is posted when that is not the unit, e.g. the public administration service centre. */
  location: z.string().nullable(),
  createdAt: ZInstant,
  retiredAt: ZInstant.nullable(),
});
export type TLink = z.infer<typeof ZLink>;
/** GET /api/v1/links */
export const ZLinkList = z.array(ZLink);
/** POST /api/v1/links/bulk */
export const ZLinksCreated = z.object({ created: z.number(), existing: z.number(), links: z.array(ZLink) });
