import { useCallback, useEffect, useState } from 'react';
import type { TPublicFeedback, TPublishedFeedback } from '../../domain/contract/feedback.js';
import type { Lang } from '../shared/i18n.js';
import type { T } from './i18n.js';

const TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function formatDay(day: string, lang: Lang): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'UTC', dateStyle: 'short' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

export function formatInstant(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: TIME_ZONE,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** /phan-anh/{code}: the citizen's view of one item. No contact, no notes, no handler's name. */
export function StatusView({ t, lang, code }: { t: T; lang: Lang; code: string }) {
  const [state, setState] = useState<'loading' | 'missing' | 'error' | TPublicFeedback>('loading');
  const load = useCallback(() => {
    setState('loading');
    fetch(`/api/v1/public/feedback/${encodeURIComponent(code)}`, { headers: { accept: 'application/json' } })
      .then(async (r) => {
        if (r.status === 404) return setState('missing');
        if (!r.ok) return setState('error');
        setState((await r.json()) as TPublicFeedback);
      })
      .catch(() => setState('error'));
  }, [code]);
  useEffect(load, [load]);

  if (state === 'loading') return <p className="card">{t('loading')}</p>;
  if (state === 'missing') {
    return (
      <div className="card" role="alert">
        <p>{t('notFound')}</p>
        <a href="/phan-anh">{t('back')}</a>
      </div>
    );
  }
  if (state === 'error') {
    return (
      <div className="card" role="alert">
        <p>{t('loadError')}</p>
        <button type="button" onClick={load}>
          {t('retry')}
        </button>
      </div>
    );
  }
  const item = state;
  return (
    <section className="card status" aria-labelledby="status-title">
      <h2 id="status-title">{t('statusTitle', { code: item.code })}</h2>
      <dl>
        <dt>{t('status')}</dt>
        <dd>
          <span className={`badge s-${item.status}`}>{item.statusText[lang]}</span>
        </dd>
        <dt>{t('unit')}</dt>
        <dd>{item.unit.name}</dd>
        <dt>{t('category')}</dt>
        <dd>{item.categoryText[lang]}</dd>
        <dt>{t('received')}</dt>
        <dd>{formatInstant(item.createdAt, lang)}</dd>
      </dl>
      {item.reply ? (
        <div className="reply">
          <h3>{t('reply')}</h3>
          <p className="reply-text">{item.reply}</p>
          {item.repliedAt && <p className="hint">{t('repliedAt', { at: formatInstant(item.repliedAt, lang) })}</p>}
        </div>
      ) : (
        <p className="hint">{t('noReply', { deadline: formatDay(item.deadline, lang) })}</p>
      )}
      <a href="/phan-anh">{t('back')}</a>
    </section>
  );
}

/** "Bạn nói, chúng tôi làm": a few handled items that units published. */
export function PublishedWall({ t, lang }: { t: T; lang: Lang }) {
  const [items, setItems] = useState<TPublishedFeedback['items']>([]);
  useEffect(() => {
    fetch('/api/v1/public/feedback-published')
      .then((r) => (r.ok ? (r.json() as Promise<TPublishedFeedback>) : { items: [] }))
      .then((d) => setItems(d.items.slice(0, 6)))
      .catch(() => undefined);
  }, []);
  if (items.length === 0) return null;
  return (
    <section className="card wall" aria-labelledby="wall-title">
      <h2 id="wall-title">{t('wallTitle')}</h2>
      <p className="hint">{t('wallIntro')}</p>
      <ul>
        {items.map((i) => (
          <li key={i.code}>
            <p className="meta">
              {i.unit.name} · {i.categoryText[lang]}
            </p>
            <p>
              <strong>{t('wallIssue')}:</strong> {i.issue}
            </p>
            <p>
              <strong>{t('wallAction')}:</strong> {i.action}
            </p>
            <p className="hint">{t('wallDone', { at: formatDay(i.doneOn, lang) })}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
