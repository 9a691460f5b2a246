import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { CHANNEL_TEXT, FEEDBACK_STATUS_TEXT, OPEN_STATUSES } from '../../../../domain/contract/feedback-codes.js';
import { ZPublicUnits, type TFeedbackAction, type TFeedbackDetail } from '../../../../domain/contract/feedback.js';
import { errorText, get, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { setSearchParams } from '../../lib/router.js';
import { categoryText, isKey, lang, t } from './i18n.js';
import { feedbackItemQuery } from './queries.js';

export function formatDay(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

/** Any unit, by name (the public search): a transfer may go outside the handler's own scope. */
function UnitSearch({ onPick }: { onPick: (code: string, name: string) => void }) {
  const [q, setQ] = useState('');
  const [units, setUnits] = useState<Array<{ code: string; name: string }>>([]);
  useEffect(() => {
    if (q.trim().length < 2) return setUnits([]);
    const c = new AbortController();
    const timer = setTimeout(() => {
      get(`/api/v1/public/units?q=${encodeURIComponent(q.trim())}`, ZPublicUnits, c.signal)
        .then((d) => setUnits(d.units.slice(0, 6)))
        // A superseded search was aborted on purpose; a failed one leaves no stale choices.
        .catch(() => c.signal.aborted || setUnits([]));
    }, 250);
    return () => {
      clearTimeout(timer);
      c.abort();
    };
  }, [q]);
  return (
    <div className="field">
      <label htmlFor="fb-transfer">{t('transferSearch')}</label>
      <input id="fb-transfer" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      <ul className="fb-units">
        {units.map((u) => (
          <li key={u.code}>
            <button type="button" className="secondary" onClick={() => onPick(u.code, u.name)}>
              {t('transfer')}: {u.name}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Steps({ item }: { item: TFeedbackDetail }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [issue, setIssue] = useState(item.publishedIssue ?? '');
  const [action, setAction] = useState(item.publishedAction ?? '');
  const step = useMutation({
    mutationFn: (body: TFeedbackAction) => send('POST', `/api/v1/feedback/${item.code}/actions`, body),
    onSuccess: () => {
      setText('');
      return queryClient.invalidateQueries({ queryKey: ['feedback'] });
    },
  });
  const publish = useMutation({
    mutationFn: (on: boolean) =>
      on
        ? send('PUT', `/api/v1/feedback/${item.code}/publish`, { issue, action })
        : send('DELETE', `/api/v1/feedback/${item.code}/publish`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['feedback'] }),
  });
  const open = OPEN_STATUSES.includes(item.status);
  const busy = step.isPending || publish.isPending;
  const error = step.error ?? publish.error;
  return (
    <div className="panel">
      <div className="field">
        <label htmlFor="fb-text">{t('reply')}</label>
        <textarea id="fb-text" rows={5} value={text} onChange={(e) => setText(e.target.value)} />
        <p className="field-hint">{t('replyHint')}</p>
      </div>
      <div className="actions">
        {(item.status === 'new' || item.status === 'transferred') && (
          <button type="button" disabled={busy} onClick={() => step.mutate({ action: 'accept' })}>
            {t('accept')}
          </button>
        )}
        {['new', 'accepted', 'transferred'].includes(item.status) && (
          <button type="button" className="secondary" disabled={busy} onClick={() => step.mutate({ action: 'start' })}>
            {t('start')}
          </button>
        )}
        {(open || item.status === 'answered') && (
          <button
            type="button"
            disabled={busy || text.trim().length < 5}
            onClick={() => step.mutate({ action: 'reply', text })}
          >
            {t('sendReply')}
          </button>
        )}
        <button
          type="button"
          className="secondary"
          disabled={busy || !text.trim()}
          onClick={() => step.mutate({ action: 'note', text })}
        >
          {t('addNote')}
        </button>
        {open && (
          <button
            type="button"
            className="secondary"
            disabled={busy || text.trim().length < 5}
            onClick={() => step.mutate({ action: 'not_competent', text })}
          >
            {t('notCompetent')}
          </button>
        )}
        {(item.status === 'answered' || item.status === 'not_competent') && (
          <button type="button" className="secondary" disabled={busy} onClick={() => step.mutate({ action: 'close' })}>
            {t('close')}
          </button>
        )}
      </div>
      <p className="field-hint">{t('noteHint')}</p>
      {open && (
        <UnitSearch onPick={(unit) => step.mutate({ action: 'transfer', unit, ...(text.trim() ? { text } : {}) })} />
      )}
      <p role="status" className={error ? 'error' : 'muted'}>
        {error ? errorText(error) : step.isSuccess || publish.isSuccess ? t('done') : ''}
      </p>
      {(item.status === 'answered' || item.status === 'closed') && (
        <section aria-labelledby="fb-publish">
          <h3 id="fb-publish">{t('publishTitle')}</h3>
          <p className="field-hint">{t('publishHint')}</p>
          <div className="field">
            <label htmlFor="fb-issue">{t('issue')}</label>
            <textarea id="fb-issue" rows={2} value={issue} onChange={(e) => setIssue(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="fb-action">{t('action')}</label>
            <textarea id="fb-action" rows={3} value={action} onChange={(e) => setAction(e.target.value)} />
          </div>
          <div className="actions">
            <button type="button" disabled={busy} onClick={() => publish.mutate(true)}>
              {t('publish')}
            </button>
            {item.published && (
              <button type="button" className="secondary" disabled={busy} onClick={() => publish.mutate(false)}>
                {t('unpublish')}
              </button>
            )}
          </div>
        </section>
      )}
    </div>
  );
}

/** One item: what the citizen wrote, the contact (handlers only), photos, history and the steps. */
export function ItemDetail({ code }: { code: string }) {
  const { data: item, error } = useQuery(feedbackItemQuery(code));
  const l = lang();
  const back = (
    <button type="button" className="secondary" onClick={() => setSearchParams({ code: undefined })}>
      {t('back')}
    </button>
  );
  if (error)
    return (
      <section>
        {back}
        <p className="error">{errorText(error)}</p>
      </section>
    );
  if (!item) return <p className="muted">{t('loading')}</p>;
  const c = item.contact;
  return (
    <section className="feedback-admin">
      {back}
      <h1>
        <span className="mono">{item.code}</span> · {item.unit.name}
      </h1>
      <dl className="fb-facts">
        <dt>{t('status')}</dt>
        <dd>
          <span className="badge">{FEEDBACK_STATUS_TEXT[item.status][l]}</span>{' '}
          {item.overdue && <span className="badge status-below">{t('overdueBadge')}</span>}
        </dd>
        <dt>{t('category')}</dt>
        <dd>{categoryText(item.category)}</dd>
        <dt>{t('channel')}</dt>
        <dd>{CHANNEL_TEXT[item.channel][l]}</dd>
        <dt>{t('received')}</dt>
        <dd>
          {formatDateTime(item.createdAt, l)} · {t('due', { day: formatDay(item.deadline) })}
        </dd>
      </dl>
      {item.originUnit.code !== item.unit.code && (
        <p className="muted">{t('origin', { unit: item.originUnit.name })}</p>
      )}
      <h2>{t('content')}</h2>
      <p className="fb-text">{item.content}</p>
      {item.canHandle && item.photos > 0 && (
        <p className="fb-photos">
          {Array.from({ length: item.photos }, (_, i) => (
            <a key={i} href={`/api/v1/feedback/${item.code}/photos/${i + 1}`} target="_blank" rel="noreferrer">
              <img src={`/api/v1/feedback/${item.code}/photos/${i + 1}`} alt={t('photo', { n: i + 1 })} />
            </a>
          ))}
        </p>
      )}
      <h2>{t('contact')}</h2>
      {!item.canHandle ? (
        <p className="muted">{t('contactHidden')}</p>
      ) : item.contactPurged ? (
        <p className="muted">{t('contactPurged')}</p>
      ) : c ? (
        <p>{[c.name, c.phone, c.email, c.address, c.text].filter(Boolean).join(' · ')}</p>
      ) : (
        <p className="muted">{t('noContact')}</p>
      )}
      {item.reply && (
        <>
          <h2>{t('reply')}</h2>
          <p className="fb-text">{item.reply}</p>
        </>
      )}
      {item.canHandle ? (
        <Steps key={`${item.status}-${item.events.length}`} item={item} />
      ) : (
        <p className="warn">{t('readOnly')}</p>
      )}
      <h2>{t('history')}</h2>
      <ol className="fb-history">
        {item.events.map((e, i) => {
          const key = `ev_${e.kind}`;
          return (
            <li key={i}>
              <strong>{isKey(key) ? t(key) : e.kind}</strong> · {formatDateTime(e.at, l)}
              {e.actor && ` · ${e.actor}`}
              {e.unit && e.kind === 'transferred' && ` → ${e.unit.name}`}
              {e.text && e.kind !== 'published' && <p className="fb-text small">{e.text}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
