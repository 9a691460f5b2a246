import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { currentLang, makeT, setLang, type Catalog, type Lang } from '../shared/i18n.js';
import { clearDraft, deviceToken, loadDraft, newResponseId, saveDraft } from './draft.js';
import { formCatalog, type FormKey } from './i18n.js';
import { deliver, flush, putItem, type FlushResult } from './outbox.js';
import { SurveyForm, type SurveyFormResult } from './SurveyForm.js';
import type { PublicForm, SubmissionBody } from './types.js';
import { emptyValues, type FormValues } from './values.js';

type View =
  | { kind: 'loading' }
  | { kind: 'problem'; problem: 'notFound' | 'closed' | 'offline' }
  | { kind: 'form' }
  | { kind: 'done'; later: boolean }
  | { kind: 'queued'; id: string };

/** How often to try the outbox again while something waits and the page is open. */
const RETRY_MS = 30_000;

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
  const [view, setView] = useState<View>(initial ? { kind: 'form' } : { kind: 'loading' });
  const [session, setSession] = useState<Session | undefined>(() => (initial ? openSession(code, initial) : undefined));
  const [submitting, setSubmitting] = useState(false);
  const [serverErrors, setServerErrors] = useState<Array<{ key: string; message: string }>>();
  const [banner, setBanner] = useState<string>();
  const [pending, setPending] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  /** The latest answers, so a language switch (which rebuilds the form) keeps them. */
  const latest = useRef<FormValues | undefined>(undefined);
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

  // The outbox is tried when any form opens, when the connection returns, and on a timer while
  // something waits: the `online` event alone is unreliable on a weak network.
  const tryOutbox = useCallback(async (): Promise<FlushResult> => {
    const result = await flush();
    setPending(result.pending);
    const current = viewRef.current;
    if (current.kind === 'queued' && result.sentIds.has(current.id)) {
      setView({ kind: 'done', later: true });
    } else if (result.sent > 0) {
      setBanner(t('sentBanner', { n: result.sent }));
    }
    return result;
  }, [t]);

  useEffect(() => {
    void tryOutbox().then((r) => {
      if (r.pending > 0) setBanner(t('pendingBanner', { n: r.pending }));
    });
    const retry = () => void tryOutbox();
    window.addEventListener('online', retry);
    const onVisible = () => document.visibilityState === 'visible' && retry();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', onVisible);
    };
    // Once per page; `t` only labels the banner.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (pending === 0 && view.kind !== 'queued') return;
    const timer = setInterval(() => void tryOutbox(), RETRY_MS);
    return () => clearInterval(timer);
  }, [pending, view.kind, tryOutbox]);

  useEffect(() => {
    if (view.kind !== 'form' && view.kind !== 'loading') headingRef.current?.focus();
    if (view.kind !== 'form') window.scrollTo(0, 0);
  }, [view.kind]);

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
    setSubmitting(true);
    setServerErrors(undefined);
    // Into the outbox before the network: a tab closed mid-send still has the answer.
    const item = { id: body.id, body, queuedAt: Date.now(), attempts: 0 };
    const saved = await putItem(item);
    const { id, outcome } = await deliver(item);
    setSubmitting(false);
    if (outcome.kind === 'invalid') {
      setServerErrors(
        outcome.fields.map((f) => ({ key: f.path.replace(/^answers\./, ''), message: f.message || t('rejectedBody') })),
      );
      return;
    }
    if (outcome.kind === 'retry' && !saved) {
      // Nowhere to keep it: leave the form as it is so the person can press send again.
      setBanner(t('offlineBody'));
      return;
    }
    clearDraft(code);
    latest.current = undefined;
    setSession({ id: newResponseId(), startedAt: new Date().toISOString(), values: emptyValues() });
    if (outcome.kind === 'stored') setView({ kind: 'done', later: false });
    else if (outcome.kind === 'closed') setView({ kind: 'problem', problem: 'closed' });
    else {
      setPending((n) => Math.max(n, 1));
      setView({ kind: 'queued', id });
    }
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
          <p className="hl-banner" role="status">
            {banner}
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
              {t(
                view.problem === 'notFound'
                  ? 'notFoundTitle'
                  : view.problem === 'closed'
                    ? 'closedTitle'
                    : 'offlineTitle',
              )}
            </h1>
            <p>
              {t(
                view.problem === 'notFound' ? 'notFoundBody' : view.problem === 'closed' ? 'closedBody' : 'offlineBody',
              )}
            </p>
            {view.problem === 'offline' && (
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
            <p className="hl-intro hl-anon">{t('anonymous')}</p>
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
          </div>
        )}
        {view.kind === 'queued' && (
          <div className="hl-card hl-queued" role="status">
            <h1 ref={headingRef} tabIndex={-1}>
              {t('queuedTitle')}
            </h1>
            <p>{t('queuedBody')}</p>
          </div>
        )}
      </main>
    </div>
  );
}
