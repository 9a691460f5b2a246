import { z } from 'zod';

/**
 * TEMPORARY: answers of endpoints domain/contract/ does not cover yet, built from the shared
 * enums and definition schemas and mirroring the server's response schemas. They belong in
 * domain/contract/, imported by the routes too; then this folder goes. One module per area, so
 * each lazily loaded screen carries only its own. Instants are ISO strings on the wire.
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
