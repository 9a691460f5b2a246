import { StrictMode, useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { currentLang, setLang, type Lang } from '../shared/i18n.js';
import { tFor } from './i18n.js';
import './transparency.css';

/** The public transparency page (/cong-khai): no sign-in, phone first, no chart library. */

interface Text {
  vi: string;
  en: string;
}
type Status = 'met' | 'below' | 'uncertain' | 'no_data' | 'no_target';
interface PublicFigure {
  rate: number | null;
  n: number;
  responses: number;
  interval: { low: number; high: number };
  target: number;
  status: Status;
}
interface Data {
  generatedAt: string;
  minN: number;
  method: { label: Text; description: Text };
  note: Text;
  quarters: Array<{ code: string; label: Text }>;
  surveys: Array<{
    selector: string;
    title: Text;
    target: number;
    quarters: Array<{
      code: string;
      suppressed: boolean;
      overall: PublicFigure | null;
      units: Array<{ code: string; name: string; suppressed: boolean; figure: PublicFigure | null }>;
    }>;
  }>;
}

const pct = (v: number, lang: Lang, digits = 1) =>
  lang === 'vi' ? `${(v * 100).toFixed(digits).replace('.', ',')} %` : `${(v * 100).toFixed(digits)}%`;

function Bar({ figure, label }: { figure: PublicFigure; label: string }) {
  return (
    <div className="bar" aria-hidden="true">
      <div className={`fill status-${figure.status}`} style={{ width: `${(figure.rate ?? 0) * 100}%` }} />
      <div
        className="ci"
        style={{
          left: `${figure.interval.low * 100}%`,
          width: `${(figure.interval.high - figure.interval.low) * 100}%`,
        }}
      />
      <div className="target" style={{ left: `${figure.target * 100}%` }} title={label} />
    </div>
  );
}

function Page() {
  const [lang, setLangState] = useState<Lang>(currentLang());
  const [data, setData] = useState<Data | null>(null);
  const [error, setError] = useState(false);
  const [quarter, setQuarter] = useState<string | null>(null);
  const t = tFor(lang);

  const load = useCallback(() => {
    setError(false);
    const params = new URLSearchParams(location.search);
    const q = new URLSearchParams();
    for (const k of ['survey', 'until', 'quarters']) {
      const v = params.get(k);
      if (v) q.set(k, v);
    }
    fetch(`/api/v1/public/transparency${q.size ? `?${q}` : ''}`, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? (r.json() as Promise<Data>) : Promise.reject(new Error(String(r.status)))))
      .then((d) => {
        setData(d);
        setQuarter((current) => current ?? d.quarters[0]?.code ?? null);
      })
      .catch(() => setError(true));
  }, []);
  useEffect(load, [load]);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('title')} — ${lang === 'vi' ? 'Sở Giáo dục và Đào tạo' : 'Department of Education and Training'}`;
  }, [lang, t]);

  const fmtTime = (iso: string) =>
    new Date(iso).toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });

  return (
    <>
      <header className="top">
        <div>
          <p className="org">{lang === 'vi' ? 'SỞ GIÁO DỤC VÀ ĐÀO TẠO' : 'DEPARTMENT OF EDUCATION AND TRAINING'}</p>
          <h1>{t('title')}</h1>
          <p className="sub">{t('subtitle')}</p>
        </div>
        <button
          type="button"
          className="lang"
          lang={lang === 'vi' ? 'en' : 'vi'}
          onClick={() => {
            const next = lang === 'vi' ? 'en' : 'vi';
            setLang(next);
            setLangState(next);
          }}
        >
          {t('language')}
        </button>
      </header>
      <main>
        {error ? (
          <div className="notice" role="alert">
            <p>{t('error')}</p>
            <button type="button" onClick={load}>
              {t('retry')}
            </button>
          </div>
        ) : !data ? (
          <p className="notice" aria-busy="true">
            {t('loading')}
          </p>
        ) : data.surveys.length === 0 ? (
          <p className="notice">{t('empty')}</p>
        ) : (
          <>
            <div role="tablist" aria-label={t('quarters')} className="tabs">
              {data.quarters.map((q) => (
                <button
                  key={q.code}
                  type="button"
                  role="tab"
                  id={`tab-${q.code}`}
                  aria-selected={q.code === quarter}
                  aria-controls="quarter-panel"
                  onClick={() => setQuarter(q.code)}
                >
                  {q.label[lang]}
                </button>
              ))}
            </div>
            <div id="quarter-panel" role="tabpanel" aria-labelledby={`tab-${quarter}`}>
              {data.surveys.map((s) => {
                const q = s.quarters.find((x) => x.code === quarter);
                const headingId = `survey-${s.selector.replace(/[^\w-]/g, '-')}`;
                return (
                  <section key={s.selector} className="survey" aria-labelledby={headingId}>
                    <h2 id={headingId}>{s.title[lang]}</h2>
                    <p className="target-text">{t('target', { target: pct(s.target, lang, 0) })}</p>
                    {!q || !q.overall ? (
                      <p className="headline muted">{t('notEnough')}</p>
                    ) : (
                      <div className="headline">
                        <p>
                          <span className="label">{t('rate')}</span>{' '}
                          <strong className={`big status-${q.overall.status}`}>{pct(q.overall.rate ?? 0, lang)}</strong>{' '}
                          <span className={`pill status-${q.overall.status}`}>{t(q.overall.status)}</span>
                        </p>
                        <Bar figure={q.overall} label={t('targetMark')} />
                        <p className="detail">
                          {t('interval', {
                            low: pct(q.overall.interval.low, lang),
                            high: pct(q.overall.interval.high, lang),
                          })}{' '}
                          · {t('answers', { n: q.overall.n, responses: q.overall.responses })}
                        </p>
                      </div>
                    )}
                    <h3>{t('units')}</h3>
                    {!q || q.units.length === 0 ? (
                      <p className="muted">{t('noUnits')}</p>
                    ) : (
                      <ul className="units">
                        {q.units.map((u) => (
                          <li key={u.code}>
                            <span className="name">{u.name}</span>
                            {u.figure ? (
                              <>
                                <span className={`rate status-${u.figure.status}`}>
                                  {pct(u.figure.rate ?? 0, lang)} <small>({t(u.figure.status)})</small>
                                </span>
                                <Bar figure={u.figure} label={t('targetMark')} />
                                <span className="detail">
                                  {t('interval', {
                                    low: pct(u.figure.interval.low, lang),
                                    high: pct(u.figure.interval.high, lang),
                                  })}{' '}
                                  · n = {u.figure.n}
                                </span>
                              </>
                            ) : (
                              <span className="rate muted">{t('notEnough')}</span>
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                  </section>
                );
              })}
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
