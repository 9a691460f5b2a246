import { channelNote } from '../../../../domain/channels.js';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { currentLang } from '../../../shared/i18n.js';
import { ApiError, errorText } from '../../lib/api.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { ChannelPanel } from './ChannelPanel.js';
import { DistributionsPanel } from './DistributionsPanel.js';
import { CriteriaChart, Gauge, TrendChart } from './charts.js';
import { defaultSurvey, FiltersBar, readFilters } from './Filters.js';
import { figureText, intervalText, num, pct } from './format.js';
import { t } from './i18n.js';
import { CommentsPanel, RankingTable, ReportsPanel, StatusBadge } from './Panels.js';
import { optionsQuery, viewQuery } from './queries.js';
import './analytics.css';

const tx = (x: { vi: string; en: string }) => (currentLang() === 'en' ? x.en : x.vi);

/** An error with the API's field messages, if any, after it. */
function describe(e: Error): string {
  const fields =
    e instanceof ApiError && e.fields.length ? ` (${e.fields.map((f) => `${f.path}: ${f.message}`).join('; ')})` : '';
  return `${errorText(e)}${fields}`;
}

/**
 * The analytics view: the headline rate against the target, criteria with intervals, trends by
 * month and quarter, units ranked, reports and comments. Every filter lives in the URL.
 */
export default function AnalyticsPage() {
  const { search } = useLocation();
  const filters = readFilters(search);
  const { data: options, error: optionsError, refetch: retryOptions } = useQuery(optionsQuery);

  // The survey shown by default is written into the URL (replacing the entry) so the link can be shared.
  useEffect(() => {
    if (!options || filters.survey) return;
    const survey = defaultSurvey(options);
    if (survey) setSearchParams({ survey }, { replace: true });
  }, [options, filters.survey]);

  // A new filter aborts the request of the previous one; its answer stays on screen until then.
  const view = useQuery({ ...viewQuery(filters), enabled: !!filters.survey, placeholderData: keepPreviousData });

  const error = optionsError ?? view.error;
  if (error) {
    return (
      <section>
        <h1>{t('title')}</h1>
        <div role="alert" className="error-box">
          <p>{t('error', { message: describe(error) })}</p>
          <button type="button" onClick={() => void (optionsError ? retryOptions() : view.refetch())}>
            {t('retry')}
          </button>
        </div>
      </section>
    );
  }
  const loaded = view.data;
  if (!options || !loaded) {
    return (
      <section aria-busy="true">
        <h1>{t('title')}</h1>
        {options && <FiltersBar options={options} filters={filters} />}
        <p className="loading">{t('loading')}</p>
      </section>
    );
  }
  const { summary, ranking, quarters } = loaded;
  const stale = view.isPlaceholderData;
  const o = summary.overall;
  // A mean score or index has no target: no gauge mark, no "target" line, no "rate" wording (#15.5).
  const judged = summary.method.comparesToTarget;
  const hasData = summary.responses.accepted > 0;
  const unit = summary.filters.unit;

  return (
    <section className="analytics" aria-busy={stale}>
      <h1>
        {t('title')}
        {unit && <span className="subtitle"> · {unit.name}</span>}
      </h1>
      <FiltersBar options={options} filters={filters} />
      <p className="small">
        <a href="/cong-khai" target="_blank" rel="noopener">
          {t('publicPage')} ↗
        </a>
      </p>
      {unit && (
        <p>
          <button type="button" className="link" onClick={() => setSearchParams({ unit: undefined })}>
            ← {t('clearUnit')}
          </button>
        </p>
      )}
      <p className="scope" aria-live="polite">
        {tx(summary.survey.title)} · {tx(summary.period.label)} · {tx(summary.method.label)}
        {stale && <span className="muted"> · {t('loading')}</span>}
      </p>

      {!hasData ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <>
          <div className="headline panel">
            <Gauge figure={o} target={summary.target} />
            <div className="headline-text">
              <h2>{tx(summary.method.label)}</h2>
              <p className="big" data-testid="overall-rate">
                <strong className={`status-${o.status}`}>{figureText(o)}</strong> <StatusBadge status={o.status} />
              </p>
              {judged && <p>{t('target', { target: pct(summary.target, 0) })}</p>}
              <p data-testid="overall-interval">{t('interval', { range: intervalText(o) })}</p>
              <p data-testid="overall-n">
                {t('nAnswers', { n: o.n, respondents: o.respondents, responses: summary.responses.accepted })}
              </p>
              <p data-testid="overall-deff" className="small">
                {t('designEffect', { deff: num(o.designEffect, 2) })}
              </p>
              {o.smallSample && <p className="warn">{t('smallSample', { minN: summary.minN })}</p>}
              {summary.responses.pending > 0 && (
                <p className="muted">{t('pending', { n: summary.responses.pending })}</p>
              )}
              <p className="muted small" data-testid="method-source">
                {t('source', { source: tx(summary.method.source) })}
              </p>
              <p className="muted small" data-testid="channel-note">
                {tx(channelNote(summary.channels ?? []))}
              </p>
              <details>
                <summary>{t('otherMethods')}</summary>
                <ul>
                  {options.methods
                    .filter((m) => m.key !== summary.method.key)
                    .map((m) => (
                      <li key={m.key}>
                        {tx(m.label)}: <strong>{figureText(summary.methods[m.key])}</strong> (
                        {intervalText(summary.methods[m.key])})
                      </li>
                    ))}
                </ul>
              </details>
            </div>
          </div>

          <div className="grid-2">
            <section className="panel" aria-labelledby="criteria-title">
              <h2 id="criteria-title">{t('criteria')}</h2>
              <CriteriaChart
                rows={summary.criteria.map((c) => ({ label: tx(c.title), figure: c.figure }))}
                target={summary.target}
              />
              <p className="muted small">{t('criteriaNote')}</p>
              <details>
                <summary>{t('table')}</summary>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('criterion')}</th>
                      <th scope="col">{t('colN')}</th>
                      <th scope="col">{judged ? t('colRate') : t('colScore')}</th>
                      <th scope="col">{t('colInterval')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.criteria.map((c) => (
                      <tr key={c.key}>
                        <th scope="row">{tx(c.title)}</th>
                        <td>{t('nPeople', { n: c.figure.n, respondents: c.figure.respondents })}</td>
                        <td className={`status-${c.figure.status}`}>{figureText(c.figure)}</td>
                        <td>{intervalText(c.figure)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </section>
            <section className="panel" aria-labelledby="trend-title">
              <h2 id="trend-title">{t('trend')}</h2>
              <h3>{t('byMonth')}</h3>
              <TrendChart points={summary.series.points} target={summary.target} unit={t('byMonth').toLowerCase()} />
              <h3>{t('byQuarter')}</h3>
              <TrendChart points={quarters} target={summary.target} unit={t('byQuarter').toLowerCase()} />
            </section>
          </div>

          <section className="panel" aria-labelledby="ranking-title">
            <h2 id="ranking-title">{t('ranking')}</h2>
            <p className="muted small">{t('rankingNote')}</p>
            <RankingTable rows={ranking} options={options} minN={summary.minN} judged={judged} />
          </section>
          <ChannelPanel filters={filters} />
          <DistributionsPanel filters={filters} />
        </>
      )}
      <ReportsPanel summary={summary} survey={filters.survey ?? summary.survey.selector.replace(/^family:/, '')} />
      {hasData && <CommentsPanel apiQuery={filters} />}
    </section>
  );
}
