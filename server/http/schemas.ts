import { z } from 'zod';
import { parsePeriodCode } from '../../domain/periods.js';
/** The error shape every endpoint answers with (see plugins/errors.ts); the contract lives in domain/. */
export { ZErrorBody } from '../../domain/contract/errors.js';
/** Text and time guards shared with the contract (domain/contract/safe-text.ts). */
export { hasUnsafeText, recentInstant, safeText, UNSAFE_TEXT_MESSAGE } from '../../domain/contract/safe-text.js';

/** A numeric id in a path (a batch, a list, a person…), within PostgreSQL's integer. */
export const ZIdParam = z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) });

/** A real local calendar day, YYYY-MM-DD, within the years the period helpers accept (not 0000, not 2026-02-30). */
export const ZLocalDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'ngày theo dạng YYYY-MM-DD', abort: true })
  .refine((d) => parsePeriodCode(`${d}..${d}`) !== null, 'ngày không hợp lệ');
