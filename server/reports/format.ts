import type { TFigureStatus } from '../../domain/contract/status.js';

export const STATUS_COLOR: Record<TFigureStatus, string> = {
  met: '#1a7f37',
  below: '#c62828',
  uncertain: '#9a6700',
  no_data: '#5b6675',
  no_target: '#5b6675',
};

/** dd/MM/yyyy HH:mm in Vietnam time. */
export function vnDateTime(iso: string | Date): string {
  const d = new Date(new Date(iso).getTime() + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

export function vnDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}
