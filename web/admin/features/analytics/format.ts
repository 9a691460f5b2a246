import type { TFigure } from '../../../../domain/contract/analytics.js';
import { STATUS_TEXT, type TFigureStatus } from '../../../../domain/contract/status.js';
import { decimal, figureValue, intervalText as interval, percent } from '../../../../domain/format.js';
import { currentLang } from '../../../shared/i18n.js';

/** The shared figure formatting (domain/format.ts, through Intl) in the interface's language. */
export const pct = (value: number | null, digits = 1) => percent(value, digits, currentLang());
export const num = (value: number | null, digits = 2) => decimal(value, digits, currentLang());
export const figureText = (f: TFigure) => figureValue(f, currentLang());
export const intervalText = (f: TFigure) => interval(f, currentLang());
export const statusText = (s: TFigureStatus) => STATUS_TEXT[s][currentLang()];

/** Status colours, shared by the charts and the CSS classes (.status-met …). */
export const STATUS_COLORS = {
  met: '#1a7f37',
  below: '#c62828',
  uncertain: '#9a6700',
  no_data: '#8a94a3',
  no_target: '#0b5cad',
} as const satisfies Record<TFigureStatus, string>;
