import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { ZCoverage, type TCoverageSchool } from '../../../../domain/contract/coverage.js';
import { decimal, figureValue, percent } from '../../../../domain/format.js';
import { listRecentQuarters } from '../../../../domain/periods.js';
import { matchesSearch } from '../../../../domain/search-text.js';
import { currentLang } from '../../../shared/i18n.js';
import { errorText, get, query } from '../../lib/api.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { t } from './i18n.js';
import './coverage.css';

/** Schools' coverage: response rate beside satisfaction, under-sampled schools first (#11.6). */

const coverageQuery = (params: Record<string, string | undefined>) =>
  queryOptions({
    queryKey: ['coverage', query(params)],
    queryFn: ({ signal }) => get(`/api/v1/analytics/coverage${query(params)}`, ZCoverage, signal),
  });

function SchoolCard({ s, margin }: { s: TCoverageSchool; margin: number }) {
  const lang = currentLang();
  return (
    <li className={`coverage-card${s.underSampled ? ' under' : ''}`}>
      <div className="coverage-line">
        <span className="coverage-name">{s.unit.name}</span>
        <strong className={`nowrap status-${s.figure.status}`}>{figureValue(s.figure, lang)}</strong>
      </div>
      <div className="coverage-line coverage-meta">
        <span className="nowrap">
          {s.responseRate !== null
            ? t('responseRate', { rate: percent(s.responseRate, 1, lang) })
            : t('noEnrolment', { responses: s.responses })}
        </span>
        {s.enrolment !== null && (
          <span className="nowrap muted">{t('responses', { responses: s.responses, enrolment: s.enrolment })}</span>
        )}
        <span className="nowrap muted">{t('respondents', { n: s.respondents })}</span>
      </div>
      <div className="coverage-need">
        {s.underSampled ? (
          <>
            <span className="badge status-uncertain">{t('underSampled')}</span>{' '}
            {t('more', { more: s.more, needed: s.needed })}
          </>
        ) : (
          <span className="muted">{t('enough', { margin: margin * 100 })}</span>
        )}
      </div>
    </li>
  );
}

export default function CoveragePage() {
  const { search } = useLocation();
  const lang = currentLang();
  const params = {
    survey: search.get('survey') ?? undefined,
    period: search.get('period') ?? undefined,
    weighting: search.get('weighting') ?? undefined,
  };
  const q = search.get('q') ?? '';
  const onlyUnder = search.get('under') === '1';
  const res = useQuery({ ...coverageQuery(params), placeholderData: keepPreviousData });
  const data = res.data;
  const quarters = listRecentQuarters(new Date(), 4);
  const schools = (data?.schools ?? []).filter((s) => matchesSearch(q, s.unit.name) && (!onlyUnder || s.underSampled));
  const pct = (v: number | null) => percent(v, 1, lang);

  return (
    <section className="coverage">
      <h1>{t('title')}</h1>
      <p className="muted">{t('note', { margin: 5 })}</p>
      <div className="coverage-filters">
        <label>
          <span>{t('period')}</span>
          <select
            value={params.period ?? quarters[0]!.code}
            onChange={(e) => setSearchParams({ period: e.target.value })}
          >
            {quarters.map((p) => (
              <option key={p.code} value={p.code}>
                {p.label[lang]}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('weighting')}</span>
          <select
            value={params.weighting ?? 'none'}
            onChange={(e) => setSearchParams({ weighting: e.target.value === 'none' ? undefined : e.target.value })}
          >
            <option value="none">{t('pooled')}</option>
            <option value="enrolment">{t('weighted')}</option>
          </select>
        </label>
      </div>
      {res.error && (
        <p role="alert" className="error">
          {t('error', { message: errorText(res.error) })}
        </p>
      )}
      {!data ? (
        res.isFetching && (
          <p className="loading" aria-busy="true">
            {t('loading')}
          </p>
        )
      ) : (
        <>
          <div className="coverage-city" data-testid="coverage-city">
            <p className="coverage-label">
              {t('city', { how: data.weighting === 'enrolment' ? t('weighted') : t('pooled') })}
            </p>
            <p className="coverage-big nowrap">{pct(data.city.chosen.value)}</p>
            <p className="muted small">
              {t('interval', { low: pct(data.city.chosen.interval.low), high: pct(data.city.chosen.interval.high) })}
            </p>
            <p className="muted small">
              {data.weighting === 'enrolment'
                ? t('weightedNote', {
                    schools: data.city.weighted.schools,
                    enrolment: decimal(data.city.weighted.enrolment, 0, lang),
                    pooled: pct(data.city.pooled.value),
                  })
                : t('pooledNote', { weighted: pct(data.city.weighted.value) })}
            </p>
          </div>
          <p className="coverage-totals">
            <strong>{data.period.label[lang]}</strong> ·{' '}
            {t('totals', {
              schools: data.totals.schools,
              responses: data.totals.responses,
              enrolment: decimal(data.totals.enrolment, 0, lang),
              under: data.totals.underSampled,
            })}
          </p>
          <div className="coverage-tools">
            <label className="coverage-search">
              <span>{t('search')}</span>
              <input
                type="search"
                value={q}
                placeholder={t('searchHint')}
                onChange={(e) => setSearchParams({ q: e.target.value || undefined }, { replace: true })}
              />
            </label>
            <label className="coverage-check">
              <input
                type="checkbox"
                checked={onlyUnder}
                onChange={(e) => setSearchParams({ under: e.target.checked ? '1' : undefined })}
              />
              <span>{t('onlyUnder')}</span>
            </label>
          </div>
          {data.schools.length === 0 ? (
            <p className="empty">{t('noSchools')}</p>
          ) : schools.length === 0 ? (
            <p className="empty">{t('noMatch')}</p>
          ) : (
            <ul className="coverage-list">
              {schools.map((s) => (
                <SchoolCard key={s.unit.code} s={s} margin={data.margin} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
