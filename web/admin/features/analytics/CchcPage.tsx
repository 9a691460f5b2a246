import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TCchcTable } from '../../../../domain/contract/cchc.js';
import { currentLang } from '../../../shared/i18n.js';
import { ApiError, errorText, query } from '../../lib/api.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { ct } from './cchc-i18n.js';
import { CchcDefaults } from './CchcDefaults.js';
import { CchcFeedback } from './CchcFeedback.js';
import { CchcRows } from './CchcRows.js';
import { num, pct } from './format.js';
import { cchcQuery, optionsQuery } from './queries.js';
import './analytics.css';
import './cchc.css';

/** CCHC (administrative reform) points of every unit expected to survey, for a year or quarter. */

const API_PARAMS = ['year', 'quarter', 'survey', 'basis', 'scale', 'maxPoints', 'steps'] as const;

function rulesText(table: TCchcTable): string {
  const s = table.smallSample;
  const min = table.minRespondents;
  const small =
    s.kind === 'zero'
      ? ct('small_zero')
      : s.kind === 'share'
        ? ct('small_share', { share: pct(s.share, 0) })
        : ct('small_by_respondents', { min });
  return ct('rules', {
    min,
    small,
    uncertain: ct(`rule_${table.statusRule.uncertain}`),
    below: ct(`rule_${table.statusRule.below}`),
  });
}

export default function CchcPage() {
  const { search } = useLocation();
  const params = Object.fromEntries(API_PARAMS.map((k) => [k, search.get(k) ?? undefined]));
  const key = query(params);
  const { data: options } = useQuery(optionsQuery);
  const cchc = useQuery({ ...cchcQuery(params), placeholderData: keepPreviousData });
  const table = cchc.data;
  const fields = cchc.error instanceof ApiError ? cchc.error.fields.map((f) => f.message).join('; ') : '';
  const error = cchc.error && `${errorText(cchc.error)}${fields ? ` (${fields})` : ''}`;
  const [draft, setDraft] = useState({ maxPoints: params.maxPoints ?? '', steps: params.steps ?? '' });
  const q = search.get('q') ?? '';
  const en = currentLang() === 'en';
  const tx = (x: { vi: string; en: string }) => (en ? x.en : x.vi);
  const year = new Date().getFullYear();
  const counts = table && {
    units: table.rows.length,
    small: table.rows.filter((r) => r.state === 'small_sample').length,
    none: table.rows.filter((r) => r.state === 'no_survey').length,
  };

  return (
    <section className="analytics cchc">
      <h1>{ct('title')}</h1>
      <p className="muted">{ct('note')}</p>
      <div className="filters cchc-filters">
        <label className="filter">
          <span>{ct('year')}</span>
          <select value={params.year ?? String(year)} onChange={(e) => setSearchParams({ year: e.target.value })}>
            {[year, year - 1, year - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{ct('period')}</span>
          <select
            value={params.quarter ?? ''}
            onChange={(e) => setSearchParams({ quarter: e.target.value || undefined })}
          >
            <option value="">{ct('wholeYear')}</option>
            {['I', 'II', 'III', 'IV'].map((r, i) => (
              <option key={r} value={i + 1}>
                {ct('quarter', { q: en ? i + 1 : r })}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{ct('survey')}</span>
          <select
            value={params.survey ?? ''}
            onChange={(e) => setSearchParams({ survey: e.target.value || undefined })}
          >
            <option value="">{ct('all')}</option>
            {options?.families.map((f) => (
              <option key={f.key} value={f.key}>
                {ct('family', { title: tx(f.title) })}
              </option>
            ))}
            {options?.surveys
              .filter((s) => !s.family && s.kind !== 'consultation')
              .map((s) => (
                <option key={s.slug} value={s.slug}>
                  {tx(s.title)}
                </option>
              ))}
          </select>
        </label>
        <label className="filter">
          <span>{ct('basis')}</span>
          <select
            value={params.basis ?? table?.basis ?? 'calendar'}
            onChange={(e) => setSearchParams({ basis: e.target.value })}
          >
            <option value="calendar">{ct('calendar')}</option>
            <option value="cutoff_09_2019">{ct('cutoff')}</option>
          </select>
        </label>
      </div>
      <details className="cchc-scale">
        <summary>
          {ct('scaleSettings')}
          {table && `: ${table.scale.kind === 'steps' ? ct('steps') : ct('proportional')}, ${num(table.maxPoints, 0)}`}
        </summary>
        <form
          className="filters"
          onSubmit={(e) => {
            e.preventDefault();
            setSearchParams({
              maxPoints: draft.maxPoints || undefined,
              steps: params.scale === 'steps' ? draft.steps || undefined : undefined,
            });
          }}
        >
          <label className="filter">
            <span>{ct('scale')}</span>
            <select
              value={params.scale ?? ''}
              onChange={(e) => setSearchParams({ scale: e.target.value || undefined })}
            >
              <option value="">{ct('proportional')}</option>
              <option value="steps">{ct('steps')}</option>
            </select>
          </label>
          <label className="filter">
            <span>{ct('maxPoints')}</span>
            <input
              inputMode="decimal"
              value={draft.maxPoints}
              onChange={(e) => setDraft({ ...draft, maxPoints: e.target.value })}
              placeholder={String(table?.maxPoints ?? '')}
            />
          </label>
          {params.scale === 'steps' && (
            <label className="filter">
              <span>{ct('stepsHint')}</span>
              <input
                value={draft.steps}
                onChange={(e) => setDraft({ ...draft, steps: e.target.value })}
                placeholder="0.95:1,0.9:0.75"
              />
            </label>
          )}
          <div className="filter">
            <span>&nbsp;</span>
            <button type="submit">{ct('apply')}</button>
          </div>
        </form>
        {table && <p className="muted small">{rulesText(table)}</p>}
        {table && <CchcDefaults table={table} />}
      </details>
      {error && (
        <p role="alert" className="error">
          {ct('error', { message: error })}
        </p>
      )}
      {!table ? (
        cchc.isFetching && (
          <p className="loading" aria-busy="true">
            {ct('loading')}
          </p>
        )
      ) : (
        <section className="panel">
          <p className="cchc-period">
            <strong>{tx(table.period.label)}</strong> · {counts && ct('counts', counts)}
          </p>
          <div className="cchc-tools">
            <label className="cchc-search">
              <span>{ct('search')}</span>
              <input
                type="search"
                value={q}
                placeholder={ct('searchHint')}
                onChange={(e) => setSearchParams({ q: e.target.value || undefined }, { replace: true })}
              />
            </label>
            <div className="actions">
              <a className="button" href={`/api/v1/analytics/cchc.xlsx${key}`} download>
                {ct('xlsx')}
              </a>
              <a className="button secondary" href={`/api/v1/analytics/cchc.csv${key}`} download>
                {ct('csv')}
              </a>
            </div>
          </div>
          <CchcRows table={table} search={q} />
          <CchcFeedback table={table} search={q} />
        </section>
      )}
    </section>
  );
}
