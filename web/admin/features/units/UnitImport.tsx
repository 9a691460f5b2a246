import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.js';
import { ApiError, errorText, send } from '../../lib/api.js';
import { ZUnitImport } from '../../../../domain/contract/units.js';
import { t } from './i18n.js';

interface Problem {
  line: string;
  column: string;
  message: string;
}

/** The server reports each problem as a field error with path csv.<line>.<column>. */
function problemsOf(err: ApiError): Problem[] {
  return err.fields.map((f) => {
    const m = /^csv\.(\d+)\.(.+)$/.exec(f.path);
    return { line: m?.[1] ?? '—', column: m?.[2] ?? f.path, message: f.message };
  });
}

/** CSV import of units: all or nothing, with every bad row listed by line, column and reason. */
export function UnitImport() {
  const [text, setText] = useState('');
  const [empty, setEmpty] = useState(false);
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: (csv: string) => send('POST', '/api/v1/units/import', { csv }, ZUnitImport),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['units'] }),
  });
  const busy = run.isPending;
  const result = run.data;
  const problems = run.error instanceof ApiError && run.error.code === 'import_refused' ? problemsOf(run.error) : null;
  const error = empty ? t('importEmpty') : run.error && !problems ? errorText(run.error) : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    run.reset();
    setEmpty(!text.trim());
    if (text.trim()) run.mutate(text);
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="unit-import-title">
      <h2 id="unit-import-title">{t('importTitle')}</h2>
      <p className="lead">{t('importLead')}</p>
      <div className="form-grid">
        <Field id="unit-import-file" label={t('importFile')}>
          {(aria) => (
            <input
              {...aria}
              type="file"
              accept=".csv,text/csv"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) setText(await file.text());
              }}
            />
          )}
        </Field>
        <Field id="unit-import-text" label={t('importPaste')} error={error ?? undefined}>
          {(aria) => (
            <textarea
              {...aria}
              rows={6}
              className="mono"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('importing') : t('importRun')}
        </button>
      </div>
      <div aria-live="polite">
        {result && <p className="notice ok">{t('importDone', result)}</p>}
        {problems && (
          <>
            <p className="notice bad" role="alert">
              {t('importRefused', { n: problems.length })}
            </p>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('line')}</th>
                    <th scope="col">{t('column')}</th>
                    <th scope="col">{t('reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {problems.map((p, i) => (
                    <tr key={i}>
                      <td className="num">{p.line}</td>
                      <td className="mono">{p.column}</td>
                      <td>{p.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </form>
  );
}
