import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError, errorText, get, send } from '../../lib/api.js';
import { ZSurveyDefinition } from '../../../../domain/definition.js';
import { definitionProblems } from '../../../../domain/draft-problems.js';
import { ZDraft, ZDraftDefinition, type TDraft } from '../../../../domain/contract/drafts.js';
import { fieldId, ProblemsContext } from './Fields.js';
import { t } from './i18n.js';
import { newQuestion, type Draft } from './model.js';
import { pathLabel } from './paths.js';
import { Preview } from './Preview.js';
import { PublishPanel } from './PublishPanel.js';
import { QuestionEditor } from './QuestionEditor.js';
import { CriteriaSection, SurveySection } from './SurveySection.js';

export const draftQuery = (id: number) => ({
  queryKey: ['drafts', id],
  queryFn: ({ signal }: { signal: AbortSignal }) => get(`/api/v1/drafts/${id}`, ZDraft, signal),
});

function Editor({ initial, onReload }: { initial: TDraft; onReload: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => ZDraftDefinition.parse(initial.definition));
  const [version, setVersion] = useState(initial.version);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveState, setSaveState] = useState<{ tone: 'ok' | 'bad'; text: string; stale?: boolean } | null>(null);
  const [showPreview, setShowPreview] = useState(false);
  const queryClient = useQueryClient();

  // The same check the server runs on save and publish (domain/draft-problems.ts), on every change.
  const problems = useMemo(() => definitionProblems(draft), [draft]);
  const problemMap = useMemo(() => new Map(problems.map((p) => [p.path, p.message])), [problems]);
  const parsed = useMemo(() => ZSurveyDefinition.safeParse(draft), [draft]);

  const change = (next: Draft) => {
    setDraft(next);
    setDirty(true);
    setSaveState(null);
  };
  const setField = (name: string, value: unknown) => {
    const next: Draft = { ...draft };
    if (value === undefined) delete next[name];
    else next[name] = value;
    change(next);
  };

  async function save() {
    setSaving(true);
    try {
      const saved = await send('PUT', `/api/v1/drafts/${initial.id}`, { version, definition: draft }, ZDraft);
      setVersion(saved.version);
      setDirty(false);
      setSaveState({ tone: 'ok', text: t('saved', { n: saved.version }) });
      void queryClient.invalidateQueries({ queryKey: ['drafts'], exact: true });
    } catch (err) {
      const stale = err instanceof ApiError && err.status === 409;
      const details = err instanceof ApiError && !stale ? err.fields.map((f) => f.message).join('; ') : '';
      setSaveState({
        tone: 'bad',
        text: stale ? t('stale') : `${errorText(err)}${details ? `: ${details}` : ''}`,
        stale,
      });
    } finally {
      setSaving(false);
    }
  }

  return (
    <ProblemsContext.Provider value={problemMap}>
      <SurveySection draft={draft} set={setField} />
      <CriteriaSection draft={draft} onChange={change} />
      <section className="panel" aria-labelledby="b-questions-title">
        <h2 id="b-questions-title">{t('questionsTitle')}</h2>
        {problemMap.get('questions') && <p className="field-error">{problemMap.get('questions')}</p>}
        <ol className="b-list">
          {draft.questions.map((_, i) => (
            <QuestionEditor key={i} draft={draft} index={i} onChange={(questions) => change({ ...draft, questions })} />
          ))}
        </ol>
        <button
          type="button"
          className="secondary"
          onClick={() => change({ ...draft, questions: [...draft.questions, newQuestion(draft)] })}
        >
          {t('addQuestion')}
        </button>
      </section>

      <section className="panel" aria-labelledby="b-problems-title" data-testid="b-problems">
        <h2 id="b-problems-title">
          {problems.length > 0 ? t('problemsTitle', { n: problems.length }) : t('noProblems')}
        </h2>
        {problems.length > 0 && (
          <ul>
            {problems.slice(0, 20).map((p, i) => (
              <li key={i}>
                <a href={`#${fieldId(p.path)}`}>{pathLabel(p.path)}</a>: {p.message}
              </li>
            ))}
          </ul>
        )}
        <button
          type="button"
          className="secondary"
          onClick={() => setShowPreview((s) => !s)}
          disabled={!parsed.success}
        >
          {showPreview && parsed.success ? t('hidePreview') : t('preview')}
        </button>
        {!parsed.success && <p className="b-muted">{t('previewNeedsValid')}</p>}
      </section>
      {showPreview && parsed.success && <Preview definition={parsed.data} />}

      <PublishPanel
        draftId={initial.id}
        version={version}
        dirty={dirty}
        valid={problems.length === 0}
        onPublished={() => void queryClient.invalidateQueries({ queryKey: ['drafts'] })}
      />

      <div className="b-bar" aria-live="polite">
        <button type="button" onClick={() => void save()} disabled={saving || !dirty}>
          {saving ? t('saving') : t('save')}
        </button>
        {dirty && !saveState && <span>{t('unsaved')}</span>}
        {saveState && (
          <span className={`notice ${saveState.tone}`} role={saveState.tone === 'ok' ? 'status' : 'alert'}>
            {saveState.text}
          </span>
        )}
        {saveState?.stale && (
          <button type="button" className="secondary" onClick={onReload}>
            {t('reload')}
          </button>
        )}
      </div>
    </ProblemsContext.Provider>
  );
}

/** One draft: loaded, edited in place, reloaded from the server after a stale save. */
export function DraftEditor({ id }: { id: number }) {
  const { data, error, refetch } = useQuery(draftQuery(id));
  const [generation, setGeneration] = useState(0);
  if (error) return <p className="notice bad">{errorText(error)}</p>;
  if (!data) return <p aria-busy="true">{t('loading')}</p>;
  // Remount only on an explicit reload (after a stale save): a background refetch, such as the one that
  // follows publishing, must not wipe the editor's state and the publish result shown in it.
  return (
    <Editor key={generation} initial={data} onReload={() => void refetch().then(() => setGeneration((g) => g + 1))} />
  );
}
