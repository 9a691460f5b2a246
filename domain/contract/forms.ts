import { z } from 'zod';
import type { TSurveyDefinition } from '../definition.js';
import { ZCampaignNotice } from './campaigns.js';
import { ZFormOfficer } from './officers.js';

/**
 * GET /api/v1/public/forms/{code}, also inlined in the form page as #hl-form-data. The definition
 * passes through as stored (it was validated when published), so the schema does not re-check it.
 */
export const ZPublicForm = z.object({
  survey: z.object({
    slug: z.string(),
    title: z.object({ vi: z.string(), en: z.string().nullable() }),
    target: z.number(),
  }),
  version: z.object({ id: z.number(), number: z.number() }),
  unit: z.object({ code: z.string(), name: z.string() }),
  link: z.object({ code: z.string(), channel: z.string() }),
  /** The officer the answer is about, or a choice of them (server/officers); absent for most links. */
  officer: ZFormOfficer.optional(),
  definition: z.record(z.string(), z.unknown()),
  /** Only for a survey run as a campaign (#12.7): whether it takes answers today, and why not in words. */
  campaign: ZCampaignNotice.optional(),
});
export type TPublicForm = Omit<z.infer<typeof ZPublicForm>, 'definition'> & { definition: TSurveyDefinition };
