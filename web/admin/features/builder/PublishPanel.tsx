import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, errorText, get, send } from '../../lib/api.js';
import { currentLang } from '../../../shared/i18n.js';
import { ZDraftPublished, ZDraftReview, type TDraftReview } from '../../../../domain/contract/drafts.js';
import { t, tDynamic } from './i18n.js';
import { pathLabel } from './paths.js';

/**
 * Publishing a saved draft: first what it would change, in words, and whether earlier periods stay
 * comparable; a change that breaks comparability needs the box ticked (the server asks the same).
 */
export function PublishPanel(props: {
  draftId: number;
  version: number;
  /** Unsaved edits: the review and publish concern the saved draft, so save first. */
  dirty: boolean;
  valid: boolean;
  onPublished: () => void;
}) {
  const [review, setReview] = useState<TDraftReview | null>(null);
  const [reviewedVersion, setReviewedVersion] = useState(0);
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState<'review' | 'publish' | null>(null);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string; details?: string[] } | null>(null);
  const [published, setPublished] = useState<{ slug: string; number: number } | null>(null);
  const queryClient = useQueryClient();
  const lang = currentLang();
  const current = review && reviewedVersion === props.version && !props.dirty ? review : null;

  async function check() {
    setBusy('review');
    setMessage(null);
    setConfirmed(false);
    try {
      setReview(await get(`/api/v1/drafts/${props.draftId}/review`, ZDraftReview));
      setReviewedVersion(props.version);
    } catch (err) {
      setMessage({ tone: 'bad', text: errorText(err) });
    } finally {
      setBusy(null);
    }
  }

  async function publish() {
    setBusy('publish');
    setMessage(null);
    try {
      const res = await send(
        'POST',
        `/api/v1/drafts/${props.draftId}/publish`,
        { version: props.version, confirmBreaking: confirmed },
        ZDraftPublished,
      );
      const { slug, number, status } = res.outcome;
      setPublished({ slug, number });
      setMessage({
        tone: 'ok',
        text: status === 'published' ? t('published', { slug, n: number }) : t('unchangedPublished', { n: number }),
      });
      setReview(null);
      // A new version changes the surveys list, the links' choices and what analytics can show.
      void queryClient.invalidateQueries({ queryKey: ['surveys'] });
      void queryClient.invalidateQueries({ queryKey: ['drafts'] });
      props.onPublished();
    } catch (err) {
      setMessage({
        tone: 'bad',
        text: errorText(err),
        ...(err instanceof ApiError && err.fields.length > 0 ? { details: err.fields.map((f) => f.message) } : {}),
      });
    } finally {
      setBusy(null);
    }
  }

  const canPublish =
    current &&
    (current.status === 'new_survey' || current.status === 'new_version') &&
    (!current.needsConfirmation || confirmed);
  return (
    <section className="panel" aria-labelledby="b-publish-title">
      <h2 id="b-publish-title">{t('publishTitle')}</h2>
      <div className="actions">
        <button type="button" onClick={() => void check()} disabled={busy !== null || props.dirty || !props.valid}>
          {busy === 'review' ? t('reviewing') : t('review')}
        </button>
        <a
          className="button secondary"
          href={`/api/v1/drafts/${props.draftId}/export`}
          download
          aria-disabled={!props.valid}
        >
          {t('exportDraft')}
        </a>
        {published && (
          <a
            className="button secondary"
            href={`/api/v1/surveys/${encodeURIComponent(published.slug)}/versions/${published.number}/export`}
            download
          >
            {t('exportVersion', { n: published.number })}
          </a>
        )}
      </div>
      <p className="b-muted">{t('exportHint')}</p>
      <div aria-live="polite">
        {message && (
          <div className={`notice ${message.tone}`} role={message.tone === 'ok' ? 'status' : 'alert'}>
            <p>{message.text}</p>
            {message.details && (
              <ul>
                {message.details.map((d, i) => (
                  <li key={i}>{d}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {current && (
          <div data-testid="b-review" data-status={current.status}>
            <p className={`notice ${current.status === 'refused' || current.status === 'invalid' ? 'bad' : 'ok'}`}>
              {tDynamic(`status_${current.status}`).replace('{current}', String(current.currentVersion ?? ''))}
            </p>
            {[...current.problems, ...current.refusals].length > 0 && (
              <ul>
                {[...current.problems, ...current.refusals].map((p, i) => (
                  <li key={i}>
                    {pathLabel(p.path)}: {p.message}
                  </li>
                ))}
              </ul>
            )}
            {current.changes.length > 0 && (
              <>
                <h3>{t('changesTitle', { n: current.currentVersion ?? '' })}</h3>
                <ul className="b-changes">
                  {current.changes.map((c, i) => (
                    <li key={i} className={c.breaksComparability ? 'breaks' : undefined}>
                      {lang === 'en' ? c.en : c.vi}
                      {c.breaksComparability && <span className="b-badge">{t('breaksBadge')}</span>}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {current.needsConfirmation && (
              <label className="b-check">
                <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />{' '}
                {t('confirmBreaking')}
              </label>
            )}
            {(current.status === 'new_survey' || current.status === 'new_version') && (
              <div className="actions">
                <button type="button" onClick={() => void publish()} disabled={busy !== null || !canPublish}>
                  {busy === 'publish' ? t('publishing') : t('publish')}
                </button>
              </div>
            )}
          </div>
        )}
      </div>
    </section>
  );
}
