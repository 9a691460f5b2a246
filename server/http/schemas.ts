import { z } from 'zod';

/** The error shape every endpoint answers with (see plugins/errors.ts). */
export const ZErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
