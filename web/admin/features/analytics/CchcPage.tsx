import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { currentLang } from '../../../shared/i18n.js';
import { ApiError, errorText, query } from '../../lib/api.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { figureText, intervalText, num } from './format.js';
import { t } from './i18n.js';
import { StatusBadge } from './Panels.js';
import { cchcQuery, optionsQuery } from './queries.js';
import './analytics.css';

/** CCHC (administrative reform) points per unit for a year, with a configurable scale. */
export default function CchcPage() {
  const { search } = useLocation();
  const params = Object.fromEntries(
    ['year', 'survey', 'scale', 'maxPoints', 'steps'].map((k) => [k, search.get(k) ?? undefined]),
  );
  const key = query(params);
  const { data: options } = useQuery(optionsQuery);
  const cchc = useQuery({ ...cchcQuery(params), placeholderData: keepPreviousData });
  const table = cchc.data;
  const fields = cchc.error instanceof ApiError ? cchc.error.fields.map((f) => f.message).join('; ') : '';
  const error = cchc.error && `${errorText(cchc.error)}${fields ? ` (${fields})` : ''}`;
  const [draft, setDraft] = useState({ maxPoints: params.maxPoints ?? '', steps: params.steps ?? '' });
  const en = currentLang() === 'en';
  const tx = (x: { vi: string; en: string }) => (en ? x.en : x.vi);
  const year = new Date().getFullYear();

  return (
    <section className="analytics">
      <h1>{t('cchc')}</h1>
      <p className="muted">{t('cchcNote')}</p>
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
          <span>{t('year')}</span>
          <select value={params.year ?? String(year)} onChange={(e) => setSearchParams({ year: e.target.value })}>
            {[year, year - 1, year - 2].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('survey')}</span>
          <select value={params.survey ?? ''} onChange={(e) => setSearchParams({ survey: e.target.value })}>
            <option value="">{t('all')}</option>
            {options?.families.map((f) => (
              <option key={f.key} value={f.key}>
                {t('family', { title: tx(f.title) })}
              </option>
            ))}
            {options?.surveys
              .filter((s) => !s.family)
              .map((s) => (
                <option key={s.slug} value={s.slug}>
                  {tx(s.title)}
                </option>
              ))}
          </select>
        </label>
        <label className="filter">
          <span>{t('scale')}</span>
          <select value={params.scale ?? ''} onChange={(e) => setSearchParams({ scale: e.target.value })}>
            <option value="">{t('proportional')}</option>
            <option value="steps">{t('steps')}</option>
          </select>
        </label>
        <label className="filter">
          <span>{t('maxPoints')}</span>
          <input
            inputMode="decimal"
            value={draft.maxPoints}
            onChange={(e) => setDraft({ ...draft, maxPoints: e.target.value })}
            placeholder={String(table?.maxPoints ?? '')}
          />
        </label>
        {params.scale === 'steps' && (
          <label className="filter">
            <span>{t('stepsHint')}</span>
            <input
              value={draft.steps}
              onChange={(e) => setDraft({ ...draft, steps: e.target.value })}
              placeholder="0.95:1,0.9:0.75"
            />
          </label>
        )}
        <div className="filter">
          <span>&nbsp;</span>
          <button type="submit">{t('apply')}</button>
        </div>
      </form>
      {error && (
        <p role="alert" className="error">
          {t('error', { message: error })}
        </p>
      )}
      {!table ? (
        cchc.isFetching && (
          <p className="loading" aria-busy="true">
            {t('loading')}
          </p>
        )
      ) : (
        <section className="panel">
          <div className="actions">
            <a className="button" href={`/api/v1/analytics/cchc.xlsx${key}`} download>
              {t('xlsx')}
            </a>
            <a className="button secondary" href={`/api/v1/analytics/cchc.csv${key}`} download>
              {t('csv')}
            </a>
          </div>
          {table.rows.length === 0 ? (
            <p className="empty">{t('noUnits')}</p>
          ) : (
            <div className="table-scroll" tabIndex={0}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('colUnit')}</th>
                    <th scope="col">{t('survey')}</th>
                    <th scope="col" className="num">
                      {t('colN')}
                    </th>
                    <th scope="col" className="num">
                      {t('colRate')}
                    </th>
                    <th scope="col">{t('colInterval')}</th>
                    <th scope="col">{t('colStatus')}</th>
                    <th scope="col" className="num">
                      {t('points')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((r) => (
                    <tr key={`${r.survey}-${r.unit.code}`}>
                      <th scope="row">{r.unit.name}</th>
                      <td>{tx(r.surveyTitle)}</td>
                      <td className="num">{r.figure.n}</td>
                      <td className={`num strong status-${r.figure.status}`}>{figureText(r.figure)}</td>
                      <td className="nowrap">{intervalText(r.figure)}</td>
                      <td>
                        <StatusBadge status={r.figure.status} />
                      </td>
                      <td className="num strong">
                        {num(r.points, 2)} / {num(r.maxPoints, 0)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </section>
  );
}
