import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { TPublicForm as PublicForm } from '../../domain/contract/forms.js';
import type { TSubmissionBody as SubmissionBody } from '../../domain/contract/responses.js';
import { makeT, type Catalog, type Lang } from '../shared/i18n.js';
import { newResponseId } from '../form/draft.js';
import { formCatalog, type FormKey } from '../form/i18n.js';
import { createRetryLoop, deliver, putItem, type RetryLoop } from '../form/outbox.js';
import { Officer } from '../form/Officer.js';
import { SurveyForm, type SurveyFormResult } from '../form/SurveyForm.js';
import { kioskText, type KioskKey } from './i18n.js';

export type KioskData =
  { state: 'ok'; token: string; label: string; form: PublicForm } | { state: 'revoked' | 'unknown' };

/** Seconds the thank-you screen stays before a fresh form. */
export const THANKS_SECONDS = 8;
/** Seconds without a touch before the form is cleared for the next person. */
export const IDLE_SECONDS = 90;
/** The last seconds of the idle time are counted down on screen, so a slow reader can keep going. */
const WARN_SECONDS = 30;

type View =
  { kind: 'form' } | { kind: 'thanks'; queued: boolean } | { kind: 'closed' } | { kind: 'error'; text: string };

/** A respondent's turn: a new id and start time, and nothing kept from the previous person. */
const newTurn = () => ({ id: newResponseId(), startedAt: new Date().toISOString() });

/**
 * The kiosk: the phone form's questions on a shared tablet. No draft is saved, every answer goes
 * through the phone's outbox (so the tablet keeps answers while offline), and after the thank-you
 * screen or a long pause the form starts again empty for the next person.
 */
export function KioskApp({ data }: { data: KioskData }) {
  const [lang, setLang] = useState<Lang>('vi');
  const kt = useMemo(() => (key: KioskKey, n?: number) => kioskText(key, lang, n), [lang]);
  const t = useMemo(() => makeT(formCatalog as Catalog<FormKey>, lang), [lang]);
  const [view, setView] = useState<View>(data.state === 'ok' ? { kind: 'form' } : { kind: 'closed' });
  const [turn, setTurn] = useState(newTurn);
  const [officerId, setOfficerId] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [left, setLeft] = useState(IDLE_SECONDS);
  const lastTouch = useRef(0);
  const loop = useRef<RetryLoop>(undefined);

  const reset = useCallback(() => {
    setTurn(newTurn());
    setOfficerId('');
    setLang('vi');
    setView((v) => (v.kind === 'closed' ? v : { kind: 'form' }));
    lastTouch.current = Date.now();
    setLeft(IDLE_SECONDS);
    window.scrollTo(0, 0);
  }, []);

  // Answers waiting in the outbox go out when the network returns, and with backoff after a failure.
  useEffect(() => {
    const retryLoop = createRetryLoop(() => {});
    loop.current = retryLoop;
    void retryLoop.run();
    const retry = () => void retryLoop.run();
    window.addEventListener('online', retry);
    return () => {
      retryLoop.stop();
      window.removeEventListener('online', retry);
    };
  }, []);

  // Any touch or key keeps the person's turn; the clock counts seconds since the last one.
  useEffect(() => {
    const touched = () => {
      lastTouch.current = Date.now();
      setLeft(IDLE_SECONDS);
    };
    const events = ['pointerdown', 'keydown', 'input', 'scroll'] as const;
    for (const e of events) window.addEventListener(e, touched, { passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, touched);
    };
  }, []);

  useEffect(() => {
    if (view.kind === 'closed') return;
    const limit = view.kind === 'thanks' ? THANKS_SECONDS : IDLE_SECONDS;
    if (view.kind === 'thanks' || lastTouch.current === 0) lastTouch.current = Date.now();
    const timer = setInterval(() => {
      const remaining = Math.max(0, limit - Math.floor((Date.now() - lastTouch.current) / 1000));
      setLeft(remaining);
      if (remaining === 0) reset();
    }, 1000);
    return () => clearInterval(timer);
  }, [view, reset]);

  if (data.state !== 'ok' || view.kind === 'closed') {
    const state = data.state === 'unknown' ? 'unknown' : 'revoked';
    return (
      <div className="hl-page">
        <main className="hl-main">
          <div className="hl-card">
            <h1>{kioskText(state === 'unknown' ? 'unknownTitle' : 'revokedTitle', 'vi')}</h1>
            <p>{kioskText(state === 'unknown' ? 'unknownBody' : 'revokedBody', 'vi')}</p>
          </div>
        </main>
      </div>
    );
  }
  // A campaign's survey outside its dates (#12.7): the server's words, no form.
  const campaign = data.form.campaign;
  if (campaign && !campaign.open) {
    return (
      <div className="hl-page">
        <main className="hl-main">
          <div className="hl-card">
            <h1>{campaign.title}</h1>
            <p>{campaign.message}</p>
          </div>
        </main>
      </div>
    );
  }
  const { form, token } = data;

  const submit = async (result: SurveyFormResult) => {
    const body: SubmissionBody = {
      id: turn.id,
      linkCode: form.link.code,
      versionId: form.version.id,
      answers: result.answers,
      startedAt: turn.startedAt,
      finishedAt: new Date().toISOString(),
      kioskToken: token,
    };
    if (result.comment) body.comment = result.comment;
    if (result.website) body.website = result.website;
    if (officerId) body.officerId = Number(officerId);
    setSubmitting(true);
    // Into the outbox before the network, as on the phone: an offline tablet keeps the answer.
    const item = { id: body.id, body, queuedAt: Date.now(), attempts: 0 };
    const saved = await putItem(item);
    const { outcome } = await deliver(item);
    setSubmitting(false);
    if (outcome.kind === 'stored') return setView({ kind: 'thanks', queued: false });
    if (outcome.kind === 'retry') {
      if (!saved) return setView({ kind: 'error', text: kt('notSaved') });
      loop.current?.later(outcome.retryAfterMs);
      return setView({ kind: 'thanks', queued: true });
    }
    if (outcome.status === 410 || outcome.status === 404) return setView({ kind: 'closed' });
    setView({ kind: 'error', text: outcome.message || kt('refused') });
  };

  const fullScreen = () => {
    void document.documentElement.requestFullscreen?.().catch(() => {});
  };

  return (
    <div className="hl-page">
      <header className="hl-header">
        <div className="hl-topbar">
          <span className="hl-brand">Hài lòng</span>
          <button type="button" className="hl-lang" onClick={fullScreen}>
            {kt('fullScreen')}
          </button>
          <button type="button" className="hl-lang" onClick={() => setLang(lang === 'vi' ? 'en' : 'vi')}>
            {t('switchLanguage')}
          </button>
        </div>
        <h1 className="hl-title">{form.survey.title[lang] ?? form.survey.title.vi}</h1>
        <p className="hl-unit">
          <span className="hl-unit-label">{t('unitLabel')}: </span>
          {form.unit.name}
        </p>
      </header>
      <main className="hl-main">
        {view.kind === 'form' && left <= WARN_SECONDS && (
          <div className="hl-banner hl-banner-alert hl-kiosk-idle" role="status">
            <span>{kt('idle', left)}</span>
            <button type="button" className="hl-button" onClick={() => setLeft(IDLE_SECONDS)}>
              {kt('keepGoing')}
            </button>
          </div>
        )}
        {view.kind === 'error' && (
          <p className="hl-banner hl-banner-alert" role="alert">
            {view.text}
          </p>
        )}
        {(view.kind === 'form' || view.kind === 'error') && (
          <>
            <p className="hl-intro hl-anon">{t('anonymous')}</p>
            {form.officer && <Officer officer={form.officer} lang={lang} value={officerId} onChange={setOfficerId} />}
            <SurveyForm
              key={`${turn.id}-${lang}`}
              definition={form.definition}
              lang={lang}
              onSubmit={submit}
              submitting={submitting}
              idPrefix="hl-k-"
            />
          </>
        )}
        {view.kind === 'thanks' && (
          <div className="hl-card hl-done" role="status">
            <h1>{t('thanksTitle')}</h1>
            <p>{view.queued ? kt('queued') : t('thanksBody')}</p>
            <p className="hl-kiosk-next">{kt('nextIn', left)}</p>
            <button type="button" className="hl-submit" onClick={reset}>
              {kt('next')}
            </button>
          </div>
        )}
      </main>
    </div>
  );
}
