import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { estimateText } from '../../domain/estimate.js';
import { currentLang, makeT, setLang, type Catalog, type Lang } from '../shared/i18n.js';
import { clearDraft, deviceToken, loadDraft, newResponseId, saveDraft } from './draft.js';
import { formCatalog, type FormKey } from './i18n.js';
import {
  createRetryLoop,
  deliver,
  outboxInIndexedDb,
  putItem,
  type FlushResult,
  type Refused,
  type Rejection,
  type RetryLoop,
} from './outbox.js';
import { Officer } from './Officer.js';
import { fieldErrorsFor, RefusalNotice } from './Refusal.js';
import { SurveyForm, type SurveyFormResult } from './SurveyForm.js';
import { isOutboxMessage, registerOutboxSync } from './sync.js';
import type { TPublicForm as PublicForm } from '../../domain/contract/forms.js';
import type { TSubmissionBody as SubmissionBody } from '../../domain/contract/responses.js';
import { emptyValues, fromAnswers, type FormValues } from './values.js';

type View =
  | { kind: 'loading' }
  | { kind: 'problem'; problem: 'notFound' | 'closed' | 'offline' | 'outage' }
  | { kind: 'form' }
  | { kind: 'done'; later: boolean }
  /**
   * `server`: the server answered "not now" (5xx, 429), rather than no answer at all.
   * `background`: the browser promised a Background Sync, so the answer goes out with the page closed.
   */
  | { kind: 'queued'; id: string; server: boolean; background: boolean }
  /** An answer that waited in the outbox and was then refused for good. */
  | { kind: 'refused'; refused: Refused };

type Banner = { text: string; alert?: boolean };

const PROBLEM_TEXT: Record<'notFound' | 'closed' | 'offline' | 'outage', [FormKey, FormKey]> = {
  notFound: ['notFoundTitle', 'notFoundBody'],
  closed: ['closedTitle', 'closedBody'],
  offline: ['offlineTitle', 'offlineBody'],
  outage: ['outageTitle', 'outageBody'],
};

interface Session {
  id: string;
  startedAt: string;
  values: FormValues;
}

/** A fresh response, or the draft of this link (answers kept only for keys this version has). */
function openSession(code: string, form: PublicForm): Session {
  const draft = loadDraft(code);
  if (!draft) return { id: newResponseId(), startedAt: new Date().toISOString(), values: emptyValues() };
  const keys = new Set(form.definition.questions.map((q) => q.key));
  const a = Object.fromEntries(Object.entries(draft.values.a).filter(([k]) => keys.has(k)));
  return { id: draft.id, startedAt: draft.startedAt, values: { ...emptyValues(), ...draft.values, a } };
}

export function App({ code, initial }: { code: string; initial: PublicForm | undefined }) {
  const [lang, setLangState] = useState<Lang>(currentLang);
  const t = useMemo(() => makeT(formCatalog as Catalog<FormKey>, lang), [lang]);
  const [form, setForm] = useState<PublicForm | undefined>(initial);
  const [officerId, setOfficerId] = useState('');
  const [view, setView] = useState<View>(initial ? { kind: 'form' } : { kind: 'loading' });
  const [session, setSession] = useState<Session | undefined>(() => (initial ? openSession(code, initial) : undefined));
  const [submitting, setSubmitting] = useState(false);
  const [serverErrors, setServerErrors] = useState<Array<{ key: string; message: string }>>();
  /** The server's refusal of the answer on the page, shown above the form until the next send. */
  const [rejection, setRejection] = useState<Rejection>();
  const [banner, setBanner] = useState<Banner>();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const rejectionRef = useRef<HTMLHeadingElement>(null);
  /** The latest answers, so a language switch (which rebuilds the form) keeps them. */
  const latest = useRef<FormValues | undefined>(undefined);
  // The comment just sent, so the thank-you screen can offer to turn it into formal feedback (/phan-anh).
  const [lastSent, setLastSent] = useState({ id: '', comment: '' });
  const viewRef = useRef(view);
  useEffect(() => {
    viewRef.current = view;
  }, [view]);

  const load = useCallback(async () => {
    setView({ kind: 'loading' });
    try {
      const res = await fetch(`/api/v1/public/forms/${encodeURIComponent(code)}`, {
        headers: { accept: 'application/json' },
      });
      if (res.status === 404) return setView({ kind: 'problem', problem: 'notFound' });
      if (res.status === 410) return setView({ kind: 'problem', problem: 'closed' });
      // A 5xx is the server (its database) away, not the phone's network: say so.
      if (res.status >= 500) return setView({ kind: 'problem', problem: 'outage' });
      if (!res.ok) return setView({ kind: 'problem', problem: 'offline' });
      const data = (await res.json()) as PublicForm;
      setForm(data);
      setSession(openSession(code, data));
      setView({ kind: 'form' });
    } catch {
      setView({ kind: 'problem', problem: 'offline' });
    }
  }, [code]);

  useEffect(() => {
    if (!initial) void load();
  }, [initial, load]);

  // What a flush of the outbox did, told to the person: their queued answer sent or refused, or
  // answers saved earlier on this phone sent or refused.
  const onFlush = useRef<(result: FlushResult) => void>(() => {});
  const firstFlush = useRef(true);
  const handleFlush = (result: FlushResult) => {
    const current = viewRef.current;
    const mine = current.kind === 'queued' ? current.id : undefined;
    const refusedMine = mine === undefined ? undefined : result.refused.find((r) => r.ids.includes(mine));
    const sentMine = mine !== undefined && result.sentIds.has(mine);
    if (sentMine) setView({ kind: 'done', later: true });
    if (refusedMine) setView({ kind: 'refused', refused: refusedMine });
    const refusedOthers = result.refused.filter((r) => r !== refusedMine);
    const sentOthers = result.sent - (sentMine ? 1 : 0);
    const first = refusedOthers[0]?.rejection;
    if (first) {
      const reason = first.message || t('refusedStatus', { status: first.status });
      setBanner({ text: t('refusedBanner', { n: refusedOthers.length, reason }), alert: true });
    } else if (sentOthers > 0) setBanner({ text: t('sentBanner', { n: sentOthers }) });
    else if (firstFlush.current && result.pending > 0) setBanner({ text: t('pendingBanner', { n: result.pending }) });
    firstFlush.current = false;
    // Answers still waiting: the browser may send them after this page is closed, too.
    if (result.pending > 0) void registerOutboxSync();
  };
  useEffect(() => {
    onFlush.current = handleFlush;
  });
  const loop = useRef<RetryLoop>(undefined);

  // The outbox is tried when any form opens, when the connection returns, when the page is shown
  // again, and after each failure with backoff (the loop) until it is empty.
  useEffect(() => {
    const retryLoop = createRetryLoop((result) => onFlush.current(result));
    loop.current = retryLoop;
    void retryLoop.run();
    const retry = () => void retryLoop.run();
    window.addEventListener('online', retry);
    const onVisible = () => document.visibilityState === 'visible' && retry();
    document.addEventListener('visibilitychange', onVisible);
    // The service worker may send the outbox first (Background Sync): what it sent is told here.
    const fromWorker = (event: MessageEvent) => {
      if (!isOutboxMessage(event.data)) return;
      const { sent, sentIds, refused, pending } = event.data;
      onFlush.current({ sent, sentIds: new Set(sentIds), refused, pending });
    };
    navigator.serviceWorker?.addEventListener('message', fromWorker);
    return () => {
      retryLoop.stop();
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', onVisible);
      navigator.serviceWorker?.removeEventListener('message', fromWorker);
    };
  }, []);

  useEffect(() => {
    if (view.kind !== 'form' && view.kind !== 'loading') headingRef.current?.focus();
    if (view.kind !== 'form') window.scrollTo(0, 0);
  }, [view.kind]);

  // A refusal with nothing to mark at a question: the notice itself takes the focus.
  useEffect(() => {
    if (rejection && form && fieldErrorsFor(rejection, form.definition, '').length === 0) {
      rejectionRef.current?.focus();
    }
  }, [rejection, form]);

  useEffect(() => {
    document.title = form ? `${form.survey.title[lang] ?? form.survey.title.vi} — ${form.unit.name}` : t('loading');
  }, [form, lang, t]);

  const switchLang = () => {
    const next: Lang = lang === 'vi' ? 'en' : 'vi';
    setLang(next);
    setLangState(next);
    if (session && latest.current) setSession({ ...session, values: latest.current });
  };

  const saveValues = useCallback(
    (values: FormValues) => {
      if (!form || !session) return;
      saveDraft(code, {
        id: session.id,
        startedAt: session.startedAt,
        versionId: form.version.id,
        values,
        savedAt: Date.now(),
      });
    },
    [code, form, session],
  );

  const submit = async (result: SurveyFormResult) => {
    if (!form || !session) return;
    const body: SubmissionBody = {
      id: session.id,
      linkCode: code,
      versionId: form.version.id,
      answers: result.answers,
      startedAt: session.startedAt,
      finishedAt: new Date().toISOString(),
      deviceToken: deviceToken(),
    };
    if (result.comment) body.comment = result.comment;
    if (result.website) body.website = result.website;
    if (officerId) body.officerId = Number(officerId);
    setLastSent({ id: body.id, comment: result.comment ?? '' });
    setSubmitting(true);
    setServerErrors(undefined);
    setRejection(undefined);
    // Into the outbox before the network: a tab closed mid-send still has the answer.
    const item = { id: body.id, body, queuedAt: Date.now(), attempts: 0 };
    const saved = await putItem(item);
    const { id, outcome } = await deliver(item);
    setSubmitting(false);
    if (outcome.kind === 'give-up' && outcome.status !== 404 && outcome.status !== 410) {
      // Refused for good and out of the outbox; the answers stay on the page with the reason.
      const { kind: _kind, ...refusal } = outcome;
      setRejection(refusal);
      setServerErrors(fieldErrorsFor(refusal, form.definition, t('rejectedBody')));
      return;
    }
    if (outcome.kind === 'retry' && !saved) {
      // Nowhere to keep it: leave the form as it is so the person can press send again.
      setBanner({ text: t('offlineBody') });
      return;
    }
    clearDraft(code);
    latest.current = undefined;
    setSession({ id: newResponseId(), startedAt: new Date().toISOString(), values: emptyValues() });
    if (outcome.kind === 'stored') setView({ kind: 'done', later: false });
    else if (outcome.kind === 'give-up') {
      setView({ kind: 'problem', problem: outcome.status === 404 ? 'notFound' : 'closed' });
    } else {
      loop.current?.later(outcome.retryAfterMs);
      // Said only once the browser has promised it: otherwise the page tells the truth (reopen the link).
      const background = saved && (await outboxInIndexedDb()) && (await registerOutboxSync());
      setView({ kind: 'queued', id, server: outcome.status !== undefined, background });
    }
  };

  /** Back to the form with the refused answer's values, under a new id, to check and send again. */
  const answerAgain = (refused: Refused) => {
    if (!form) return;
    const values: FormValues = {
      a: fromAnswers(refused.body.answers as Parameters<typeof fromAnswers>[0]),
      comment: refused.body.comment ?? '',
      website: '',
    };
    setSession({ id: newResponseId(), startedAt: refused.body.startedAt ?? new Date().toISOString(), values });
    setRejection(refused.rejection);
    setServerErrors(fieldErrorsFor(refused.rejection, form.definition, t('rejectedBody')));
    setView({ kind: 'form' });
  };

  return (
    <div className="hl-page">
      <header className="hl-header">
        <div className="hl-topbar">
          <span className="hl-brand">Hài lòng</span>
          <button
            type="button"
            className="hl-lang"
            onClick={switchLang}
            lang={lang === 'vi' ? 'en' : 'vi'}
            aria-label={t('switchLanguageLabel')}
          >
            {t('switchLanguage')}
          </button>
        </div>
        {form && view.kind === 'form' && (
          <>
            <h1 className="hl-title">{form.survey.title[lang] ?? form.survey.title.vi}</h1>
            <p className="hl-unit">
              <span className="hl-unit-label">{t('unitLabel')}: </span>
              {form.unit.name}
            </p>
          </>
        )}
      </header>
      <main className="hl-main">
        {banner && (
          <p
            className={banner.alert ? 'hl-banner hl-banner-alert' : 'hl-banner'}
            role={banner.alert ? 'alert' : 'status'}
          >
            {banner.text}
          </p>
        )}
        {view.kind === 'loading' && (
          <p className="hl-loading" role="status">
            {t('loading')}
          </p>
        )}
        {view.kind === 'problem' && (
          <div className="hl-card">
            <h1 ref={headingRef} tabIndex={-1}>
              {t(PROBLEM_TEXT[view.problem][0])}
            </h1>
            <p>{t(PROBLEM_TEXT[view.problem][1])}</p>
            {(view.problem === 'offline' || view.problem === 'outage') && (
              <button type="button" className="hl-button" onClick={() => void load()}>
                {t('retry')}
              </button>
            )}
          </div>
        )}
        {view.kind === 'form' && form && session && (
          <>
            {form.definition.description && (
              <p className="hl-intro">{form.definition.description[lang] ?? form.definition.description.vi}</p>
            )}
            <p className="hl-intro hl-estimate">{t('estimate', { time: estimateText(form.definition, lang) })}</p>
            <p className="hl-intro hl-anon">{t('anonymous')}</p>
            {rejection && (
              <RefusalNotice rejection={rejection} definition={form.definition} t={t} kept headingRef={rejectionRef} />
            )}
            {form.officer && <Officer officer={form.officer} lang={lang} value={officerId} onChange={setOfficerId} />}
            <SurveyForm
              key={`${session.id}-${lang}`}
              definition={form.definition}
              lang={lang}
              defaultValues={session.values}
              onValuesChange={(v) => {
                latest.current = v;
                saveValues(v);
              }}
              onSubmit={submit}
              submitting={submitting}
              serverErrors={serverErrors}
            />
          </>
        )}
        {view.kind === 'done' && (
          <div className="hl-card hl-done">
            <h1 ref={headingRef} tabIndex={-1}>
              {t('thanksTitle')}
            </h1>
            <p>{view.later ? t('sentLater') : t('thanksBody')}</p>
            {form && (
              <p>
                <a
                  href={`/phan-anh?${new URLSearchParams({ unit: form.unit.code, text: lastSent.comment, response: lastSent.id })}`}
                >
                  {t('feedbackLink')}
                </a>
              </p>
            )}
          </div>
        )}
        {view.kind === 'queued' && (
          <div className="hl-card hl-queued" role="status">
            <h1 ref={headingRef} tabIndex={-1}>
              {t(view.server ? 'queuedServerTitle' : 'queuedTitle')}
            </h1>
            <p>
              {view.background
                ? view.server
                  ? `${t('serverBusy')} ${t('serverBusyLong')}`
                  : t('queuedBody')
                : t(view.server ? 'serverBusyReopen' : 'queuedBodyReopen')}
            </p>
          </div>
        )}
        {view.kind === 'refused' && form && (
          <RefusalNotice
            rejection={view.refused.rejection}
            definition={form.definition}
            t={t}
            kept={false}
            level={1}
            headingRef={headingRef}
            onAnswerAgain={view.refused.body.linkCode === code ? () => answerAgain(view.refused) : undefined}
          />
        )}
      </main>
    </div>
  );
}
