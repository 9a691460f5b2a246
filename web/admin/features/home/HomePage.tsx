import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { TOverview, TOverviewSurvey } from '../../../../domain/contract/overview.js';
import { STATUS_TEXT } from '../../../../domain/contract/status.js';
import { figureValue, percent } from '../../../../domain/format.js';
import { errorText } from '../../lib/api.js';
import { surveysQuery } from '../../lib/queries.js';
import { navigate } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';
import { overviewQuery } from './queries.js';
import '../../components/admin-ui.css';
import './home.css';

const NAMED = 5;

/** A card that opens its detail page; plain when this user has no such page. */
function Card(props: { to: string | undefined; className?: string; label?: string; children: ReactNode }) {
  const className = `card overview-card${props.className ? ` ${props.className}` : ''}`;
  if (!props.to) return <div className={className}>{props.children}</div>;
  const href = props.to;
  return (
    <a
      className={`${className} card-link`}
      href={href}
      aria-label={props.label}
      onClick={(e) => {
        if (e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        navigate(href);
      }}
    >
      {props.children}
    </a>
  );
}

function SurveyCard({ s, period, can }: { s: TOverviewSurvey; period: string; can: (p: string) => boolean }) {
  const lang = currentLang();
  const f = s.overall;
  const to = can('/analytics')
    ? `/admin/analytics?survey=${encodeURIComponent(s.selector)}&period=${period}`
    : undefined;
  return (
    <li>
      <Card to={to}>
        <span className="overview-title">{s.title[lang]}</span>
        <span className="overview-figure">
          <strong className={`status-${f.status}`}>{figureValue(f, lang)}</strong>{' '}
          <span className={`badge ${f.status === 'met' ? 'ok' : f.status === 'below' ? 'bad' : 'warn'}`}>
            {STATUS_TEXT[f.status][lang]}
          </span>
        </span>
        <span className="muted">
          {t('target', { target: percent(s.target, 0, lang) })} · {t('responses', { n: s.responses })}
        </span>
        <span className="muted small">{t('method', { method: s.method[lang] })}</span>
        <span>{s.unitsBelow.length ? t('unitsBelow', { n: s.unitsBelow.length }) : t('noUnitsBelow')}</span>
      </Card>
    </li>
  );
}

function Names({ units, total }: { units: Array<{ code: string; name: string }>; total: number }) {
  return (
    <>
      <ul className="overview-names">
        {units.slice(0, NAMED).map((u) => (
          <li key={u.code}>{u.name}</li>
        ))}
      </ul>
      {total > Math.min(units.length, NAMED) && (
        <span className="muted">{t('andMore', { n: total - Math.min(units.length, NAMED) })}</span>
      )}
    </>
  );
}

function Figures({ data, can }: { data: TOverview; can: (p: string) => boolean }) {
  const lang = currentLang();
  const period = data.period.code;
  // A unit below target in several surveys is named once; the card opens the first such survey.
  const below = new Map<string, { code: string; name: string }>();
  for (const s of data.surveys) for (const u of s.unitsBelow) below.set(u.code, u);
  const firstBelow = data.surveys.find((s) => s.unitsBelow.length > 0);
  const num = (n: number) => new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'vi-VN').format(n);
  return (
    <>
      <p className="lead">{t('lead', { period: data.period.label[lang] })}</p>
      <h2>{t('rates')}</h2>
      <ul className="cards overview-rates">
        {data.surveys.map((s) => (
          <SurveyCard key={s.selector} s={s} period={period} can={can} />
        ))}
      </ul>
      <div className="cards overview-more">
        <Card
          to={
            firstBelow && can('/analytics')
              ? `/admin/analytics?survey=${encodeURIComponent(firstBelow.selector)}&period=${period}`
              : undefined
          }
          className={below.size ? 'attention' : undefined}
        >
          <span className="overview-title">{t('belowTitle')}</span>
          <strong className="overview-count">{num(below.size)}</strong>
          {below.size ? <Names units={[...below.values()]} total={below.size} /> : <span>{t('belowNone')}</span>}
        </Card>
        <Card
          to={can('/review') ? '/admin/review' : undefined}
          className={data.flagged.pending ? 'attention' : undefined}
        >
          <span className="overview-title">{t('flagged')}</span>
          <strong className="overview-count">{num(data.flagged.pending)}</strong>
          <span>{t('flaggedRecent', { n: num(data.flagged.recent) })}</span>
        </Card>
        {/* Feedback (issue 13): shown when the server has it; the card opens its screen if this user has one. */}
        {data.feedback && (
          <Card
            to={can('/feedback') ? '/admin/feedback' : undefined}
            className={data.feedback.new ? 'attention' : undefined}
          >
            <span className="overview-title">{t('feedback')}</span>
            <strong className="overview-count">{num(data.feedback.open)}</strong>
            <span>{t('feedbackNew', { n: num(data.feedback.new) })}</span>
          </Card>
        )}
        <Card to={can('/links') ? '/admin/links' : undefined}>
          <span className="overview-title">{t('silent')}</span>
          <strong className="overview-count">{num(data.unitsWithoutAnswers.count)}</strong>
          {data.unitsWithoutAnswers.count ? (
            <>
              <Names units={data.unitsWithoutAnswers.units} total={data.unitsWithoutAnswers.count} />
              <span className="muted small">{t('silentHint')}</span>
            </>
          ) : (
            <span>{t('silentNone')}</span>
          )}
        </Card>
      </div>
    </>
  );
}

/** The start page: this quarter's figures an officer checks every morning, each card opening its detail page. */
export default function HomePage() {
  const { paths } = useSession();
  const can = (path: string) => !paths || paths.includes(path);
  const overview = useQuery(overviewQuery);
  const surveys = useQuery(surveysQuery);
  const lang = currentLang();
  return (
    <section className="overview">
      <h1>{t('title')}</h1>
      {overview.error ? (
        <p className="notice bad" role="alert">
          {errorText(overview.error)}
        </p>
      ) : !overview.data ? (
        <p aria-busy="true">{t('loading')}</p>
      ) : (
        <Figures data={overview.data} can={can} />
      )}
      <h2>{t('surveys')}</h2>
      {surveys.data?.surveys.length === 0 ? (
        <p className="empty">{t('noSurveys')}</p>
      ) : (
        <ul className="cards">
          {surveys.data?.surveys.map((s) => (
            <li key={s.slug} className="card">
              <strong>{(lang === 'en' && s.title.en) || s.title.vi}</strong>
              <span>{t('surveyTarget', { target: percent(s.target, 0, lang), version: s.currentVersion ?? '—' })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
