import { z } from 'zod';
import { ZPeriodCode } from '../periods.js';
import { ZFigure } from './analytics.js';
import { ZText } from './text.js';

/**
 * Officers (#12.5): the cán bộ, công chức at a unit's desk, the links and kiosks bound to them, and
 * their results. Shared by the server (its schemas) and the admin app. Results are never public.
 */

const ZId = z.number().int().positive().max(2_147_483_647);

export const ZOfficer = z.object({
  id: z.number(),
  unitId: z.number(),
  unitCode: z.string(),
  unitName: z.string(),
  displayName: z.string(),
  position: z.string(),
  active: z.boolean(),
  /** The account that may see this officer's own results, when linked. */
  userEmail: z.string().nullable(),
  createdAt: z.string(),
});
export type TOfficer = z.infer<typeof ZOfficer>;
export const ZOfficerList = z.array(ZOfficer);

const ZDisplayName = z
  .string({ message: 'Cần nhập họ tên cán bộ' })
  .trim()
  .min(1, 'Cần nhập họ tên cán bộ')
  .max(120, 'Tối đa 120 ký tự');
const ZPosition = z.string().trim().max(120, 'Tối đa 120 ký tự');
const ZUserEmail = z.string().trim().toLowerCase().email('Email không hợp lệ').max(254);

/** POST /api/v1/officers */
export const ZOfficerCreate = z.object({
  unitId: z.number({ message: 'Cần chọn đơn vị' }).int().positive('Cần chọn đơn vị').max(2_147_483_647),
  displayName: ZDisplayName,
  position: ZPosition.default(''),
  userEmail: ZUserEmail.nullable().optional(),
});
export type TOfficerCreate = z.input<typeof ZOfficerCreate>;

/** PATCH /api/v1/officers/{id}: only the fields given change; userEmail null unlinks the account. */
export const ZOfficerUpdate = z
  .object({
    displayName: ZDisplayName.optional(),
    position: ZPosition.optional(),
    active: z.boolean({ message: 'Phải là đúng hoặc sai' }).optional(),
    userEmail: ZUserEmail.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'Không có gì để thay đổi' });
export type TOfficerUpdate = z.input<typeof ZOfficerUpdate>;

/**
 * How a link or kiosk attributes its answers: to nobody, to one named officer, or to the officer
 * the respondent picks from the unit's active officers ("pick").
 */
export const ZOfficerBinding = z.discriminatedUnion(
  'mode',
  [
    z.object({ mode: z.literal('none') }),
    z.object({ mode: z.literal('named'), officerId: ZId }),
    z.object({ mode: z.literal('pick') }),
  ],
  { message: 'Chọn một cách gắn: không gắn, một cán bộ, hoặc cho người trả lời chọn' },
);
export type TOfficerBinding = z.infer<typeof ZOfficerBinding>;

export const ZBindingOut = z.object({
  mode: z.enum(['none', 'named', 'pick']),
  officerId: z.number().nullable(),
  officerName: z.string().nullable(),
});
export type TBindingOut = z.infer<typeof ZBindingOut>;

/** GET /api/v1/officers/bindings?unit= : the unit's active links and kiosks with their binding. */
export const ZBindings = z.object({
  links: z.array(
    ZBindingOut.extend({ code: z.string(), survey: z.string(), surveyTitle: z.string(), channel: z.string() }),
  ),
  kiosks: z.array(ZBindingOut.extend({ id: z.number(), label: z.string(), survey: z.string() })),
});
export type TBindings = z.infer<typeof ZBindings>;

/** What the phone form and the kiosk show (inside the public form): text from the server, names only. */
export const ZFormOfficer = z.object({
  label: ZText,
  /** Bound to one officer: their name. */
  name: z.string().optional(),
  /** A choice of the unit's active officers (the empty choice is "not sure"). */
  choices: z.array(z.object({ id: z.number(), name: z.string() })).optional(),
  none: ZText.optional(),
});
export type TFormOfficer = z.infer<typeof ZFormOfficer>;

/** GET /api/v1/officers/results and /api/v1/officers/{id}/results */
export const ZOfficerResultsQuery = z.object({
  survey: z.string().trim().min(1).max(80).optional(),
  period: ZPeriodCode.optional(),
  unit: z.string().trim().min(1).max(64).optional(),
});

export const ZOfficerResult = z.object({
  officer: ZOfficer.pick({ id: true, displayName: true, position: true, active: true, unitId: true, unitName: true }),
  survey: z.object({ slug: z.string(), title: ZText }),
  /** Accepted answers attributed to the officer. */
  responses: z.number(),
  respondents: z.number(),
  /** False below the minimum number of respondents: then no figure is given at all. */
  shown: z.boolean(),
  /** The service-attitude criterion (criterion "staff"), null when hidden or the survey has none. */
  attitude: ZFigure.nullable(),
  /** Every Likert answer pooled (top2_pooled), null when hidden. */
  overall: ZFigure.nullable(),
});
export type TOfficerResult = z.infer<typeof ZOfficerResult>;

export const ZOfficerResults = z.object({
  period: z.object({ code: z.string(), label: ZText }).nullable(),
  minRespondents: z.number(),
  rows: z.array(ZOfficerResult),
});
export type TOfficerResults = z.infer<typeof ZOfficerResults>;
