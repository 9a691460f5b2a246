import type { TPublicFigure, TPublicSurveyPeriod, TTransparency } from '../../domain/contract/transparency.js';
import { percent, type Lang } from '../../domain/format.js';
import { matchesSearch } from '../../domain/search-text.js';
import type { T } from './i18n.js';

/** One survey's card for the chosen period: the headline, online users apart, and the units. */

type Survey = TTransparency['surveys'][number];

const pct = (v: number | null, lang: Lang, digits = 1) => percent(v, digits, lang);

function Bar({ figure, label }: { figure: TPublicFigure; label: string }) {
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

function Headline({ figure, lang, t, label }: { figure: TPublicFigure; lang: Lang; t: T; label: string }) {
  return (
    <div className="headline">
      <p>
        <span className="label">{label}</span>{' '}
        <strong className={`big nowrap status-${figure.status}`}>{pct(figure.rate, lang)}</strong>{' '}
        <span className={`pill status-${figure.status}`}>{t(figure.status)}</span>
      </p>
      <Bar figure={figure} label={t('targetMark')} />
      <p className="detail">
        {t('interval', { low: pct(figure.interval.low, lang), high: pct(figure.interval.high, lang) })} ·{' '}
        {t('answers', { n: figure.n, respondents: figure.respondents })}
      </p>
    </div>
  );
}

export function SurveyCard({
  survey,
  period,
  search,
  lang,
  t,
}: {
  survey: Survey;
  period: TPublicSurveyPeriod | undefined;
  search: string;
  lang: Lang;
  t: T;
}) {
  const headingId = `survey-${survey.selector.replace(/[^\w-]/g, '-')}`;
  const units = (period?.units ?? []).filter((u) => matchesSearch(search, u.name));
  const shown = units.filter((u) => u.figure);
  const small = units.filter((u) => !u.figure);
  return (
    <section className="survey" aria-labelledby={headingId}>
      <h2 id={headingId}>{survey.title[lang]}</h2>
      <p className="target-text">{t('target', { target: pct(survey.target, lang, 0) })}</p>
      {!period || !period.overall ? (
        <p className="headline muted">{t('notEnough')}</p>
      ) : (
        <Headline figure={period.overall} lang={lang} t={t} label={t('rate')} />
      )}
      {period?.online && (
        <div className="online">
          <h3>
            {t('online')} <small className="muted">({t('onlineNote')})</small>
          </h3>
          {period.online.figure ? (
            <Headline figure={period.online.figure} lang={lang} t={t} label={t('rate')} />
          ) : (
            <p className="muted">{t('notEnough')}</p>
          )}
        </div>
      )}
      <h3>{t('units')}</h3>
      {(period?.units.length ?? 0) === 0 ? (
        <p className="muted">{t('noUnits')}</p>
      ) : units.length === 0 ? (
        <p className="muted">{t('noMatch', { q: search })}</p>
      ) : (
        <>
          {shown.length > 0 && (
            <ul className="units" aria-label={t('shownUnits', { count: shown.length })}>
              {shown.map((u) => (
                <li key={u.code}>
                  <div className="row">
                    <span className="name">{u.name}</span>
                    <span className={`rate nowrap status-${u.figure!.status}`}>{pct(u.figure!.rate, lang)}</span>
                  </div>
                  <Bar figure={u.figure!} label={t('targetMark')} />
                  <span className="detail">
                    {t(u.figure!.status)} ·{' '}
                    {t('interval', {
                      low: pct(u.figure!.interval.low, lang),
                      high: pct(u.figure!.interval.high, lang),
                    })}{' '}
                    · {t('answers', { n: u.figure!.n, respondents: u.figure!.respondents })}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {small.length > 0 && (
            // Collapsed: dozens of "chưa đủ số phiếu" rows made the page 6,000 px tall on a phone.
            // A search that only matches small units opens it.
            <details className="small-units" open={search.trim() !== '' && shown.length === 0}>
              <summary>{t('smallUnits', { count: small.length })}</summary>
              <ul>
                {small.map((u) => (
                  <li key={u.code}>{u.name}</li>
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </section>
  );
}
