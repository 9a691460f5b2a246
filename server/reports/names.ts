import type { TReportData } from '../../domain/contract/reports.js';
import { parsePeriodCode } from '../../domain/periods.js';

/**
 * Download names that say what a report holds (#15.6): the survey or family, the scope and the
 * period, e.g. bao-cao-hai-long-tthc-services-toan-so-Q3-2026.pdf and
 * bao-cao-hai-long-public-education-parents-moi-cap-hoc-TH-A-Q3-2026.pdf; ASCII only, so every
 * browser and Zalo keep it.
 */

function selectorPart(selector: string): string {
  if (selector === '*') return 'tat-ca-phieu';
  if (selector.startsWith('family:')) return `${selector.slice(7)}-moi-cap-hoc`;
  return selector;
}

function periodPart(code: string): string {
  const p = parsePeriodCode(code);
  if (p?.kind !== 'range') return code;
  // An explicit range is an ad-hoc report (đột xuất).
  return `dot-xuat-${code.replace('..', '-den-')}`;
}

const ascii = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .replace(/[^\w.-]+/g, '-')
    .replace(/-+/g, '-');

export function reportFileName(
  data: Pick<TReportData, 'selector' | 'unit' | 'period' | 'frozen'>,
  format: string,
): string {
  const parts = [
    'bao-cao-hai-long',
    selectorPart(data.selector),
    data.unit ? data.unit.code : 'toan-so',
    periodPart(data.period.code),
  ];
  if (data.frozen) parts.push('da-chot');
  return `${ascii(parts.join('-'))}.${format}`;
}
