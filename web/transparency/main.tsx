import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { TPublicOrganisation } from '../../domain/contract/settings.js';
import type { TPublicView, TTransparency } from '../../domain/contract/transparency.js';
import { currentLang, type Lang } from '../shared/i18n.js';
import { PageHeader } from '../shared/PageHeader.js';
import { tFor } from './i18n.js';
import { SurveyCard } from './SurveyCard.js';
import './transparency.css';

/**
 * The public transparency page (/cong-khai): no sign-in, phone first, no chart library. The view,
 * the period and the search live in the URL, so a shared link opens on what was shown.
 */

const VIEWS: TPublicView[] = ['quarter', 'half', 'year'];

function readUrl() {
  const p = new URLSearchParams(location.search);
  const view = p.get('view');
  return {
    view: (VIEWS as string[]).includes(view ?? '') ? (view as TPublicView) : 'quarter',
    period: p.get('period'),
    q: p.get('q') ?? '',
  };
}

/** Replaces the URL's view/period/q, keeping the other parameters (survey, until, quarters). */
function writeUrl(next: { view: TPublicView; period: string | null; q: string }) {
  const p = new URLSearchParams(location.search);
  const set = (k: string, v: string | null) => (v ? p.set(k, v) : p.delete(k));
  set('view', next.view === 'quarter' ? null : next.view);
  set('period', next.period);
  set('q', next.q.trim() || null);
  const query = p.toString();
  history.replaceState(null, '', `${location.pathname}${query ? `?${query}` : ''}`);
}

function Page() {
  const [lang, setLangState] = useState<Lang>(currentLang());
  const [state, setState] = useState(readUrl);
  const [data, setData] = useState<TTransparency | null>(null);
  const [org, setOrg] = useState<TPublicOrganisation | null>(null);
  const [error, setError] = useState(false);
  const t = tFor(lang);
  const { view, q } = state;

  const update = (patch: Partial<typeof state>) =>
    setState((s) => {
      const next = { ...s, ...patch };
      writeUrl(next);
      return next;
    });

  const load = useCallback(() => {
    setError(false);
    const params = new URLSearchParams(location.search);
    const query = new URLSearchParams();
    for (const k of ['survey', 'until', 'quarters']) {
      const v = params.get(k);
      if (v) query.set(k, v);
    }
    if (view !== 'quarter') query.set('view', view);
    fetch(`/api/v1/public/transparency${query.size ? `?${query}` : ''}`, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<TTransparency>) : Promise.reject(new Error(String(r.status)))))
      .then((d) => {
        setData(d);
        // Certified figures first: the period the server proposes unless the URL names one it has.
        setState((s) => {
          const period = d.periods.some((p) => p.code === s.period) ? s.period : d.defaultPeriod;
          const next = { ...s, period };
          writeUrl(next);
          return next;
        });
      })
      .catch(() => setError(true));
  }, [view]);
  useEffect(load, [load]);
  useEffect(() => {
    fetch('/api/v1/public/organisation', { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<TPublicOrganisation>) : null))
      .then(setOrg)
      .catch(() => setOrg(null));
  }, []);
  const orgName = org ? (lang === 'en' && org.nameEn ? org.nameEn : org.name) : '';
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = orgName ? `${t('title')} — ${orgName}` : t('title');
  }, [lang, t, orgName]);

  const fmtTime = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
  const fmtDay = (iso: string) =>
    new Date(iso).toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
  const period = data?.periods.find((p) => p.code === state.period) ?? null;

  return (
    <>
      <PageHeader
        org={orgName ? orgName.toLocaleUpperCase(lang === 'vi' ? 'vi-VN' : 'en') : t('orgFallback')}
        title={t('title')}
        subtitle={t('subtitle')}
        lang={lang}
        languageLabel={t('language')}
        onLang={setLangState}
      />
      <main>
        <div className="views" role="group" aria-label={t('views')}>
          {VIEWS.map((v) => (
            <button key={v} type="button" aria-pressed={v === view} onClick={() => update({ view: v, period: null })}>
              {t(v)}
            </button>
          ))}
        </div>
        {error ? (
          <div className="notice" role="alert">
            <p>{t('error')}</p>
            <button type="button" onClick={load}>
              {t('retry')}
            </button>
          </div>
        ) : !data || data.view !== view ? (
          <p className="notice" aria-busy="true">
            {t('loading')}
          </p>
        ) : data.surveys.length === 0 ? (
          <p className="notice">{t('empty')}</p>
        ) : (
          <>
            <div role="tablist" aria-label={t('periods')} className="tabs">
              {data.periods.map((p) => (
                <button
                  key={p.code}
                  type="button"
                  role="tab"
                  id={`tab-${p.code}`}
                  aria-selected={p.code === state.period}
                  aria-controls="period-panel"
                  onClick={() => update({ period: p.code })}
                >
                  {p.label[lang]}
                  {p.state !== 'certified' && <small className={`state state-${p.state}`}> · {t(p.state)}</small>}
                </button>
              ))}
            </div>
            {period && (
              <p className={`period-note state-${period.state}`} role="status">
                {period.state === 'certified'
                  ? t('certifiedNote', { at: period.frozenAt ? fmtDay(period.frozenAt) : '' })
                  : t(period.state === 'provisional' ? 'provisionalNote' : 'uncertifiedNote')}
              </p>
            )}
            <label className="search">
              <span>{t('search')}</span>
              <input
                type="search"
                value={q}
                placeholder={t('searchHint')}
                onChange={(e) => update({ q: e.target.value })}
              />
            </label>
            <div id="period-panel" role="tabpanel" aria-labelledby={`tab-${state.period}`}>
              {data.surveys.map((s) => (
                <SurveyCard
                  key={s.selector}
                  survey={s}
                  period={s.quarters.find((x) => x.code === state.period)}
                  search={q}
                  lang={lang}
                  t={t}
                />
              ))}
            </div>
            <footer>
              <h2>{t('method')}</h2>
              <p>
                <strong>{data.method.label[lang]}.</strong> {data.method.description[lang]}
              </p>
              <p>{t('status')}</p>
              <p>{t('minN', { minN: data.minN })}</p>
              <p>{data.note[lang]}</p>
              <p className="muted">{t('updated', { at: fmtTime(data.generatedAt) })}</p>
            </footer>
          </>
        )}
      </main>
    </>
  );
}

document.documentElement.lang = currentLang();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
