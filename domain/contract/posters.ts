import { z } from 'zod';

/**
 * Channels a link is printed or shared on, with the names people see (#15.3): the code ("qr") is
 * for the API and the database only. A channel without a label here shows as "Kênh {code}".
 */
export const CHANNEL_LABELS: Record<string, { vi: string; en: string }> = {
  qr: { vi: 'Mã QR tại đơn vị', en: 'QR code at the unit' },
  zalo: { vi: 'Zalo', en: 'Zalo' },
  facebook: { vi: 'Facebook', en: 'Facebook' },
  web: { vi: 'Trang thông tin điện tử', en: 'Website' },
  email: { vi: 'Thư điện tử', en: 'E-mail' },
  sms: { vi: 'Tin nhắn SMS', en: 'SMS' },
  poster: { vi: 'Áp phích', en: 'Poster' },
};

export function channelLabel(channel: string, lang: 'vi' | 'en' = 'vi'): string {
  return CHANNEL_LABELS[channel]?.[lang] ?? (lang === 'vi' ? `Kênh ${channel}` : `Channel ${channel}`);
}

/** GET /api/v1/posters/public-url: the address QR codes encode, and a warning when phones cannot reach it. */
export const ZPublicUrlCheck = z.object({
  url: z.string(),
  configured: z.boolean(),
  warning: z.string().nullable(),
});
export type TPublicUrlCheck = z.infer<typeof ZPublicUrlCheck>;
