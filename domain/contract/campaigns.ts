import { z } from 'zod';
import { parsePeriodCode } from '../periods.js';
import { safeText } from './safe-text.js';

/**
 * Campaigns (đợt khảo sát, #12.7): shared by the server (request and response schemas) and the
 * admin app. Days are Vietnam local dates, YYYY-MM-DD, both ends included.
 */

/** The longest campaign: two school years is already more than any survey round. */
export const CAMPAIGN_MAX_DAYS = 731;

const ZDay = (what: string) =>
  z
    .string({ message: `Cần chọn ${what}` })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, {
      message: `${what[0]!.toUpperCase()}${what.slice(1)} theo dạng YYYY-MM-DD`,
      abort: true,
    })
    .refine((d) => parsePeriodCode(`${d}..${d}`) !== null, 'Ngày không có thật');

export const ZCampaignState = z.enum(['before', 'open', 'after']);

/** The form payload's campaign notice (GET /api/v1/public/forms/{code}): present only for a survey run as a campaign. */
export const ZCampaignNotice = z.object({
  name: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  state: ZCampaignState,
  open: z.boolean(),
  title: z.string(),
  message: z.string(),
  titleEn: z.string(),
  messageEn: z.string(),
});

export const ZCampaignQuotaInput = z.object({
  unit: z.string({ message: 'Cần chọn đơn vị' }).trim().min(1, 'Cần chọn đơn vị').max(64),
  quota: z
    .number({ message: 'Chỉ tiêu phải là một số' })
    .int('Chỉ tiêu phải là số nguyên')
    .min(1, 'Chỉ tiêu ít nhất là 1')
    .max(1_000_000, 'Chỉ tiêu tối đa 1.000.000'),
});

const ZCampaignFields = z.object({
  name: safeText().pipe(z.string().trim().min(1, 'Cần đặt tên đợt khảo sát').max(160, 'Tên đợt tối đa 160 ký tự')),
  opensOn: ZDay('ngày bắt đầu'),
  closesOn: ZDay('ngày kết thúc'),
  /** Target interval half-width in percentage points (±5 → 5), or null. */
  marginPoints: z
    .number({ message: 'Độ rộng khoảng phải là một số' })
    .min(0.5, 'Độ rộng khoảng ít nhất ±0,5 điểm')
    .max(25, 'Độ rộng khoảng tối đa ±25 điểm')
    .nullable()
    .default(null),
  designEffect: z
    .number({ message: 'Hệ số thiết kế phải là một số' })
    .min(1, 'Hệ số thiết kế ít nhất là 1')
    .max(10, 'Hệ số thiết kế tối đa là 10')
    .default(1),
  quotas: z.array(ZCampaignQuotaInput).max(5000, 'Tối đa 5.000 đơn vị').default([]),
});

type FieldsShape = z.infer<typeof ZCampaignFields>;

/** Close on or after open, within the longest span, each unit once. */
function checkCampaign(v: FieldsShape, ctx: z.RefinementCtx) {
  if (v.closesOn < v.opensOn) {
    ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi' });
  } else {
    const days = (Date.parse(v.closesOn) - Date.parse(v.opensOn)) / 86_400_000 + 1;
    if (days > CAMPAIGN_MAX_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['closesOn'], message: 'Một đợt khảo sát dài tối đa 2 năm' });
    }
  }
  const seen = new Set<string>();
  v.quotas.forEach((q, i) => {
    if (seen.has(q.unit)) {
      ctx.addIssue({ code: 'custom', path: ['quotas', i, 'unit'], message: 'Đơn vị này đã có chỉ tiêu ở dòng trên' });
    }
    seen.add(q.unit);
  });
}

/** POST /api/v1/campaigns */
export const ZCampaignCreate = ZCampaignFields.extend({
  survey: z.string({ message: 'Cần chọn khảo sát' }).trim().min(1, 'Cần chọn khảo sát').max(80),
}).superRefine(checkCampaign);
export type TCampaignCreate = z.input<typeof ZCampaignCreate>;

/** PUT /api/v1/campaigns/{id}: everything but the survey. */
export const ZCampaignUpdate = ZCampaignFields.superRefine(checkCampaign);
export type TCampaignUpdate = z.input<typeof ZCampaignUpdate>;

export const ZCampaignSummary = z.object({
  id: z.number(),
  survey: z.string(),
  surveyTitle: z.string(),
  name: z.string(),
  opensOn: z.string(),
  closesOn: z.string(),
  state: ZCampaignState,
  marginPoints: z.number().nullable(),
  designEffect: z.number(),
  /** The n for the margin at 95 % with this design effect (p = 0.5, no population known), or null without a margin. */
  suggestedQuota: z.number().nullable(),
  quotaUnits: z.number(),
  quotaTotal: z.number(),
});
export type TCampaignSummary = z.infer<typeof ZCampaignSummary>;

/** GET /api/v1/campaigns */
export const ZCampaignList = z.array(ZCampaignSummary);

export const ZCampaignQuota = z.object({
  unit: z.string(),
  unitName: z.string(),
  quota: z.number(),
  /** The n suggested for this unit (its enrolment, when known, as the finite population), or null. */
  suggested: z.number().nullable(),
});

/** GET /api/v1/campaigns/{id} */
export const ZCampaign = ZCampaignSummary.extend({ quotas: z.array(ZCampaignQuota) });
export type TCampaign = z.infer<typeof ZCampaign>;

export const ZUnitProgress = z.object({
  unit: z.string(),
  unitName: z.string(),
  quota: z.number(),
  /** Accepted answers in the campaign's days (one answer is one respondent). */
  respondents: z.number(),
  /** Answers held for review, not counted until accepted. */
  pending: z.number(),
  /** respondents / quota. */
  share: z.number(),
  /** Respondents expected by today at an even pace. */
  expected: z.number(),
  behind: z.boolean(),
});
export type TUnitProgress = z.infer<typeof ZUnitProgress>;

/** GET /api/v1/campaigns/{id}/progress: worst first. */
export const ZCampaignProgress = z.object({
  campaign: ZCampaignSummary,
  day: z.string(),
  /** Share of the campaign's days already over. */
  elapsed: z.number(),
  units: z.array(ZUnitProgress),
  totals: z.object({ quota: z.number(), respondents: z.number(), behind: z.number() }),
});
export type TCampaignProgress = z.infer<typeof ZCampaignProgress>;
