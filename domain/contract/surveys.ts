import { z } from 'zod';

/**
 * Answers of the API, shared by the server (its response schemas) and the admin app (which parses
 * with them). Instants are ISO strings on the wire; the server converts its Dates where it builds
 * the answer. One module per area, so each lazily loaded screen carries only its own.
 */

const ZInstant = z.string();

export const ZSurvey = z.object({
  id: z.number(),
  slug: z.string(),
  family: z.string().nullable(),
  kind: z.string(),
  level: z.string().nullable(),
  title: z.object({ vi: z.string(), en: z.string().nullable() }),
  target: z.number(),
  currentVersion: z.number().nullable(),
  versions: z.array(
    z.object({
      id: z.number(),
      number: z.number(),
      contentHash: z.string(),
      publishedAt: ZInstant,
      sourceFile: z.string(),
    }),
  ),
});
export type TSurvey = z.infer<typeof ZSurvey>;
/** GET /api/v1/surveys */
export const ZSurveyList = z.object({ surveys: z.array(ZSurvey) });
