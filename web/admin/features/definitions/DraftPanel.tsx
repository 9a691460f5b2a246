import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.js';
import { ApiError, errorText, send } from '../../lib/api.js';
import { jsonProblem } from '../../lib/json-error.js';
import { currentLang } from '../../../shared/i18n.js';
import { ZPublished, ZValidation, type TProblem, type TValidation } from '../../../../domain/contract/definitions.js';
import { DiffView } from './DiffView.js';
import { FormPreview } from './FormPreview.js';
import { t } from './i18n.js';

function ProblemTable({ problems, caption }: { problems: TProblem[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('where')}</th>
            <th scope="col">{t('message')}</th>
          </tr>
        </thead>
        <tbody>
          {problems.map((p, i) => (
            <tr key={i}>
              <td className="mono">{p.key ?? (p.path || '—')}</td>
              <td>{p.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Upload a draft definition, check it, compare it, preview it, publish it (administrators). */
export function DraftPanel(props: { onPublished: (slug: string) => void }) {
  const [fileName, setFileName] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<'check' | 'publish' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<TValidation | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [published, setPublished] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<ApiError | null>(null);
  const queryClient = useQueryClient();

  function parsed(): unknown {
    try {
      return JSON.parse(text);
    } catch (err) {
      setError(t('notJson', { message: jsonProblem(text, err, currentLang()) }));
      return undefined;
    }
  }

  const name = () => fileName.trim() || `${result?.slug ?? 'draft'}.json`;

  async function check(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setResult(null);
    setPublished(null);
    setRefusal(null);
    setConfirming(false);
    const definition = parsed();
    if (definition === undefined) return;
    setBusy('check');
    try {
      setResult(
        await send(
          'POST',
          '/api/v1/definitions/validate',
          { fileName: fileName.trim() || 'draft.json', definition },
          ZValidation,
        ),
      );
    } catch (err) {
      setError(
        err instanceof ApiError && err.fields.length > 0 ? err.fields.map((f) => f.message).join('; ') : errorText(err),
      );
    } finally {
      setBusy(null);
    }
  }

  async function publish() {
    const definition = parsed();
    if (definition === undefined) return;
    setBusy('publish');
    setRefusal(null);
    try {
      const res = await send('POST', '/api/v1/definitions/publish', { fileName: name(), definition }, ZPublished);
      setPublished(t('published', { slug: res.outcome.slug, n: res.outcome.number }));
      setResult(null);
      // A new version changes the surveys list, links' options and what analytics can show.
      void queryClient.invalidateQueries({ queryKey: ['surveys'] });
      void queryClient.invalidateQueries({ queryKey: ['analytics'] });
      props.onPublished(res.outcome.slug);
    } catch (err) {
      if (err instanceof ApiError) setRefusal(err);
      else setError(errorText(err));
    } finally {
      setBusy(null);
      setConfirming(false);
    }
  }

  const statusText = (r: TValidation) =>
    t(`status_${r.status}`, { n: r.nextVersion ?? '', current: r.currentVersion ?? '' });
  const tone = (r: TValidation) => (r.publishable ? 'ok' : r.status === 'unchanged' ? 'warn' : 'bad');

  return (
    <section className="panel" aria-labelledby="draft-title">
      <h2 id="draft-title">{t('draftTitle')}</h2>
      <p className="lead">{t('draftLead')}</p>
      <form onSubmit={check} noValidate>
        <div className="form-grid">
          <Field id="draft-file" label={t('draftFile')}>
            {(aria) => (
              <input
                {...aria}
                type="file"
                accept=".json,application/json"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setFileName(file.name);
                  setText(await file.text());
                }}
              />
            )}
          </Field>
          <Field id="draft-name" label={t('fileName')}>
            {(aria) => (
              <input
                {...aria}
                value={fileName}
                placeholder="tthc-services.json"
                onChange={(e) => setFileName(e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field id="draft-text" label={t('draftPaste')} error={error ?? undefined}>
          {(aria) => (
            <textarea
              {...aria}
              rows={8}
              className="mono"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        <div className="actions">
          <button type="submit" disabled={busy !== null || !text.trim()}>
            {busy === 'check' ? t('checking') : t('check')}
          </button>
        </div>
      </form>

      <div aria-live="polite">
        {published && (
          <p className="notice ok" role="status">
            {published}
          </p>
        )}
        {refusal && (
          <div className="notice bad" role="alert">
            <p>{refusal.message}</p>
            {refusal.fields.length > 0 && (
              <ul>
                {refusal.fields.map((f, i) => (
                  <li key={i}>{f.message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {result && (
          <div
            className={`notice ${tone(result)}`}
            role={result.publishable ? 'status' : 'alert'}
            data-status={result.status}
          >
            {statusText(result)}
          </div>
        )}
      </div>
      {result && result.problems.length > 0 && <ProblemTable problems={result.problems} caption={t('problems')} />}
      {result && result.breakingChanges.length > 0 && (
        <ProblemTable problems={result.breakingChanges} caption={t('breakingTitle')} />
      )}
      {result?.diff && (
        <>
          <h3>{t('diffWithCurrent', { n: result.currentVersion ?? '' })}</h3>
          <DiffView diff={result.diff} />
        </>
      )}
      {result?.publishable && (
        <div className="actions">
          {!confirming ? (
            <button type="button" onClick={() => setConfirming(true)} disabled={busy !== null}>
              {t('publish')}
            </button>
          ) : (
            <>
              <span role="alert">{t('confirmPublish')}</span>
              <button type="button" onClick={() => void publish()} disabled={busy !== null}>
                {busy === 'publish' ? t('publishing') : t('yesPublish')}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                {t('no')}
              </button>
            </>
          )}
        </div>
      )}
      {result?.definition && <FormPreview definition={result.definition} id="draft-preview" />}
    </section>
  );
}
