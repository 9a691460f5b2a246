import { z } from 'zod';

/**
 * Kiosks (#12.2): a tablet registered for one unit and one survey. Shared by the server (its
 * response schemas) and the admin app. Instants are ISO strings on the wire.
 */

/** Seconds between two answers on one kiosk below which the later one is held for review. */
export const KIOSK_MIN_INTERVAL_DEFAULT = 20;

export const ZKiosk = z.object({
  id: z.number(),
  label: z.string(),
  survey: z.string(),
  surveyTitle: z.string(),
  unitId: z.number(),
  unitName: z.string(),
  minIntervalSeconds: z.number(),
  answers: z.number(),
  lastAnswerAt: z.string().nullable(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type TKiosk = z.infer<typeof ZKiosk>;

/** GET /api/v1/kiosks */
export const ZKioskList = z.array(ZKiosk);

/** POST /api/v1/kiosks */
export const ZKioskCreate = z.object({
  survey: z.string().trim().min(1, 'Cần chọn khảo sát').max(80),
  unitId: z
    .number({ message: 'Cần chọn đơn vị' })
    .int()
    .positive('Cần chọn đơn vị')
    .max(2_147_483_647, 'Không có đơn vị này'),
  label: z
    .string()
    .trim()
    .min(1, 'Cần đặt tên cho máy (vd. "Máy tính bảng quầy một cửa")')
    .max(120, 'Tối đa 120 ký tự'),
  minIntervalSeconds: z
    .number({ message: 'Phải là một số giây' })
    .int('Phải là số nguyên')
    .min(0, 'Không nhỏ hơn 0')
    .max(3600, 'Tối đa 3600 giây')
    .default(KIOSK_MIN_INTERVAL_DEFAULT),
});
export type TKioskCreate = z.input<typeof ZKioskCreate>;

/** The answer to POST /api/v1/kiosks: the token is shown this once (only its hash is stored). */
export const ZKioskCreated = z.object({
  kiosk: ZKiosk,
  url: z.string(),
  /** The URL as a QR code (SVG markup), to scan with the tablet's camera. */
  qrSvg: z.string(),
});
export type TKioskCreated = z.infer<typeof ZKioskCreated>;
