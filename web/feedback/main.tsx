import { StrictMode, useEffect, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { currentLang, type Lang } from '../shared/i18n.js';
import { PageHeader } from '../shared/PageHeader.js';
import { FeedbackForm } from './FeedbackForm.js';
import { tFor, type T } from './i18n.js';
import { PublishedWall, StatusView } from './StatusView.js';
import './feedback.css';

/** /phan-anh (send feedback) and /phan-anh/{code} (its status): no account, phone first. */

const codeInPath = (): string | null => {
  const m = /^\/phan-anh\/([^/]+)\/?$/.exec(location.pathname);
  return m ? decodeURIComponent(m[1]!).toUpperCase() : null;
};

function Lookup({ t }: { t: T }) {
  const [code, setCode] = useState('');
  const go = (e: FormEvent) => {
    e.preventDefault();
    const clean = code.trim().toUpperCase();
    if (clean) location.assign(`/phan-anh/${encodeURIComponent(clean)}`);
  };
  return (
    <form className="card lookup" onSubmit={go}>
      <h2>{t('lookup')}</h2>
      <label htmlFor="fb-lookup">{t('lookupLabel')}</label>
      <div className="row">
        <input
          id="fb-lookup"
          autoCapitalize="characters"
          autoComplete="off"
          maxLength={16}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        <button type="submit">{t('lookupGo')}</button>
      </div>
    </form>
  );
}

function Sent({ t, code, onAnother }: { t: T; code: string; onAnother: () => void }) {
  return (
    <section className="card sent" aria-live="polite">
      <h2>{t('thanks')}</h2>
      <p>{t('yourCode')}</p>
      <p className="code" data-testid="feedback-code">
        {code}
      </p>
      <p className="hint">{t('keepCode')}</p>
      <a className="button primary" href={`/phan-anh/${code}`}>
        {t('openStatus')}
      </a>
      <button type="button" onClick={onAnother}>
        {t('another')}
      </button>
    </section>
  );
}

function Page() {
  const [lang, setLangState] = useState<Lang>(currentLang());
  const [sent, setSent] = useState<string | null>(null);
  const code = codeInPath();
  const t = tFor(lang);
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${code ? t('statusTitle', { code }) : t('title')} — ${lang === 'vi' ? 'Sở Giáo dục và Đào tạo' : 'Department of Education and Training'}`;
  }, [lang, t, code]);

  return (
    <>
      <PageHeader
        org={t('org')}
        title={t('title')}
        subtitle={code ? undefined : t('subtitle')}
        lang={lang}
        languageLabel={t('language')}
        onLang={setLangState}
      />
      <main>
        {code ? (
          <StatusView t={t} lang={lang} code={code} />
        ) : sent ? (
          <Sent t={t} code={sent} onAnother={() => setSent(null)} />
        ) : (
          <FeedbackForm t={t} lang={lang} onSent={setSent} />
        )}
        {!code && <Lookup t={t} />}
        {!code && <PublishedWall t={t} lang={lang} />}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Page />
  </StrictMode>,
);
