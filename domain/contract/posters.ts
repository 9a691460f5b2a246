import { z } from 'zod';

/** GET /api/v1/posters/public-url: the address QR codes encode, and a warning when phones cannot reach it. */
export const ZPublicUrlCheck = z.object({
  url: z.string(),
  configured: z.boolean(),
  warning: z.string().nullable(),
});
export type TPublicUrlCheck = z.infer<typeof ZPublicUrlCheck>;
