import { z } from 'zod';

/** A text the API gives in both languages (the interface switches between them). */
export const ZText = z.object({ vi: z.string(), en: z.string() });
export type TText = z.infer<typeof ZText>;

/** A closed interval, e.g. a 95 % confidence interval. */
export const ZInterval = z.object({ low: z.number(), high: z.number() });
export type TInterval = z.infer<typeof ZInterval>;
