import type { ReactNode } from 'react';
import { channelLabel } from '../../../../domain/channels.js';
import { currentLang } from '../../../shared/i18n.js';
import { setSearchParams } from '../../lib/router.js';
import { t } from './i18n.js';
import type { TOptions } from '../../../../domain/contract/analytics.js';

/** The filter keys kept in the URL, so a view can be shared by link. */
export const FILTER_KEYS = ['survey', 'period', 'level', 'ward', 'unit', 'channel', 'method'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;

export function readFilters(search: URLSearchParams): Filters {
  const out: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = search.get(k);
    if (v) out[k] = v;
  }
  return out;
}

/** The survey shown when the URL names none: education for people who only manage schools. */
export function defaultSurvey(options: TOptions): string | undefined {
  const onlySchools = options.units.length > 0 && options.units.every((u) => u.kind === 'school');
  if (onlySchools && options.families[0]) return options.families[0].key;
  return options.surveys.find((s) => s.kind === 'administrative')?.slug ?? options.surveys[0]?.slug;
}

export function FiltersBar({ options, filters }: { options: TOptions; filters: Filters }) {
  const en = currentLang() === 'en';
  const tx = (x: { vi: string; en: string }) => (en ? x.en : x.vi);
  const change = (key: FilterKey, value: string) => setSearchParams({ [key]: value || undefined });
  const select = (key: FilterKey, label: string, children: ReactNode, emptyLabel?: string) => (
    <label className="filter">
      <span>{label}</span>
      <select value={filters[key] ?? ''} onChange={(e) => change(key, e.target.value)} name={key}>
        {emptyLabel !== undefined && <option value="">{emptyLabel}</option>}
        {children}
      </select>
    </label>
  );
  return (
    <form className="filters" aria-label={t('title')} onSubmit={(e) => e.preventDefault()}>
      {select(
        'survey',
        t('survey'),
        <>
          {options.families.map((f) => (
            <option key={f.key} value={f.key}>
              {t('family', { title: tx(f.title) })}
            </option>
          ))}
          {options.surveys.map((s) => (
            <option key={s.slug} value={s.slug}>
              {tx(s.title)}
            </option>
          ))}
        </>,
      )}
      {select(
        'period',
        t('period'),
        options.periods.map((p) => (
          <option key={p.code} value={p.code}>
            {tx(p.label)}
          </option>
        )),
        t('periodDefault'),
      )}
      {select(
        'level',
        t('level'),
        options.levels.map((l) => (
          <option key={l.key} value={l.key}>
            {tx(l.label)}
          </option>
        )),
        t('all'),
      )}
      {options.wards.length > 0 &&
        select(
          'ward',
          t('ward'),
          options.wards.map((w) => (
            <option key={w} value={w}>
              {w}
            </option>
          )),
          t('all'),
        )}
      {select(
        'unit',
        t('unit'),
        options.units.map((u) => (
          <option key={u.code} value={u.code}>
            {u.name}
          </option>
        )),
        t('allUnits'),
      )}
      {options.channels.length > 1 &&
        select(
          'channel',
          t('channel'),
          options.channels.map((c) => (
            <option key={c} value={c}>
              {channelLabel(c, currentLang())}
            </option>
          )),
          t('all'),
        )}
      {select(
        'method',
        t('method'),
        options.methods.map((m) => (
          <option key={m.key} value={m.isDefault ? '' : m.key}>
            {tx(m.label)}
          </option>
        )),
      )}
    </form>
  );
}
