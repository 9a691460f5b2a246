import type { Lang } from '../../shared/i18n.js';

/** A date and time in Hanoi's time zone, as people there read it. */
export function formatDateTime(value: string | Date | null | undefined, lang: Lang): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(value));
}
