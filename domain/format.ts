import type { TFigure } from './contract/analytics.js';

/**
 * Figures as people read them: Vietnamese writes 78,9 % (a decimal comma and a space before the
 * percent sign), English 78.9%. Numbers go through Intl so the separators are the locale's own.
 * No zod and no runtime imports: the public pages use this module too.
 */

export type Lang = 'vi' | 'en';

const LOCALES: Record<Lang, string> = { vi: 'vi-VN', en: 'en-US' };
const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, style: 'decimal' | 'percent', digits: number): Intl.NumberFormat {
  const key = `${lang}:${style}:${digits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(LOCALES[lang], { style, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatters.set(key, f);
  }
  return f;
}

/** A share (0–1) as a percentage; '—' for none. */
export function percent(value: number | null, digits = 1, lang: Lang = 'vi'): string {
  if (value === null) return '—';
  const parts = numberFormat(lang, 'percent', digits).formatToParts(value);
  if (lang === 'en') return parts.map((p) => p.value).join('');
  // Vietnamese typography (TCVN) spaces the sign off, which Intl's vi-VN pattern does not.
  return parts
    .filter((p) => p.type !== 'literal' || p.value.trim() !== '')
    .map((p) => (p.type === 'percentSign' ? ` ${p.value}` : p.value))
    .join('');
}

/** A plain number with fixed decimals; '—' for none. */
export function decimal(value: number | null, digits = 2, lang: Lang = 'vi'): string {
  return value === null ? '—' : numberFormat(lang, 'decimal', digits).format(value);
}

/** A share figure reads as a percentage; a mean or an index as a number. */
export const isShare = (f: Pick<TFigure, 'scale'>): boolean => f.scale.max === 1;

export function figureValue(f: Pick<TFigure, 'value' | 'scale'>, lang: Lang = 'vi'): string {
  return isShare(f) ? percent(f.value, 1, lang) : decimal(f.value, 2, lang);
}

/** The 95 % interval, '—' when there is no answer. */
export function intervalText(f: Pick<TFigure, 'n' | 'interval' | 'scale'>, lang: Lang = 'vi'): string {
  if (f.n === 0) return '—';
  return isShare(f)
    ? `${percent(f.interval.low, 1, lang)} – ${percent(f.interval.high, 1, lang)}`
    : `${decimal(f.interval.low, 2, lang)} – ${decimal(f.interval.high, 2, lang)}`;
}
