import { currentLang } from '../../../shared/i18n.js';
import type { Figure } from './types.js';

/** Vietnamese shows 78,9 %; English 78.9%. */
export function pct(value: number | null, digits = 1): string {
  if (value === null) return '—';
  const n = (value * 100).toFixed(digits);
  return currentLang() === 'vi' ? `${n.replace('.', ',')} %` : `${n}%`;
}

export function num(value: number | null, digits = 2): string {
  if (value === null) return '—';
  const n = value.toFixed(digits);
  return currentLang() === 'vi' ? n.replace('.', ',') : n;
}

export const isShare = (f: Figure) => f.scale.max === 1;
export const figureText = (f: Figure) => (isShare(f) ? pct(f.value) : num(f.value));
export const intervalText = (f: Figure) =>
  f.n === 0
    ? '—'
    : isShare(f)
      ? `${pct(f.interval.low)} – ${pct(f.interval.high)}`
      : `${num(f.interval.low)} – ${num(f.interval.high)}`;

/** Status colours, shared by the charts and the CSS classes (.status-met …). */
export const STATUS_COLORS = {
  met: '#1a7f37',
  below: '#c62828',
  uncertain: '#9a6700',
  no_data: '#8a94a3',
  no_target: '#0b5cad',
} as const;
