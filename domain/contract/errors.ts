import { z } from 'zod';

export const ZFieldError = z.object({ path: z.string(), message: z.string() });
export type TFieldError = z.infer<typeof ZFieldError>;

const ZErrorCore = z.object({
  code: z.string(),
  message: z.string(),
  fields: z.array(ZFieldError).optional(),
});

/**
 * The error shape every endpoint answers with (server/plugins/errors.ts): `{ code, message, fields? }`
 * at the top level, mirrored under `error` for clients written against the first release.
 */
export const ZErrorBody = ZErrorCore.extend({ error: ZErrorCore });
export type TErrorBody = z.infer<typeof ZErrorBody>;
