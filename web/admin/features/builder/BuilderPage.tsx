import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { SurveySelect } from '../../components/SurveySelect.js';
import { errorText, get, send } from '../../lib/api.js';
import { formatDateTime } from '../../lib/format.js';
import { navigate, useLocation } from '../../lib/router.js';
import { ZDraft, ZDraftList } from '../../../../domain/contract/drafts.js';
import { DraftEditor } from './DraftEditor.js';
import { t } from './i18n.js';
import { currentLang } from '../../../shared/i18n.js';
import '../../components/admin-ui.css';
import './builder.css';

const draftsQuery = {
  queryKey: ['drafts'],
  queryFn: ({ signal }: { signal: AbortSignal }) => get('/api/v1/drafts', ZDraftList, signal),
};

function DraftList() {
  const { data, error } = useQuery(draftsQuery);
  const [from, setFrom] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();

  async function create(body: { from?: string }) {
    setBusy(true);
    setProblem(null);
    try {
      const draft = await send('POST', '/api/v1/drafts', body, ZDraft);
      void queryClient.invalidateQueries({ queryKey: ['drafts'] });
      navigate(`/admin/builder?draft=${draft.id}`);
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section className="panel" aria-labelledby="b-new-title">
        <h2 id="b-new-title">{t('newFrom')}</h2>
        <div className="actions">
          <button type="button" onClick={() => void create({})} disabled={busy}>
            {t('newEmpty')}
          </button>
        </div>
        <form
          className="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            if (from) void create({ from });
          }}
        >
          <SurveySelect
            id="b-from"
            label={t('newFrom')}
            placeholder={t('chooseSurvey')}
            value={from}
            onChange={setFrom}
          />
          <button type="submit" disabled={busy || !from}>
            {t('startFrom')}
          </button>
        </form>
        {problem && (
          <p className="notice bad" role="alert">
            {problem}
          </p>
        )}
      </section>
      <section className="panel" aria-labelledby="b-drafts-title">
        <h2 id="b-drafts-title">{t('draftsTitle')}</h2>
        {error && <p className="notice bad">{errorText(error)}</p>}
        {!data && !error && <p aria-busy="true">{t('loading')}</p>}
        {data && data.drafts.length === 0 && <p>{t('noDrafts')}</p>}
        <ul className="b-drafts">
          {data?.drafts.map((d) => (
            <li key={d.id}>
              <a
                href={`/admin/builder?draft=${d.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/admin/builder?draft=${d.id}`);
                }}
              >
                {d.title || t('untitled')}
              </a>{' '}
              {d.slug && <small>({d.slug})</small>}
              <br />
              <small>
                {t('editedBy', { at: formatDateTime(d.updatedAt, currentLang()), who: d.authorLabel })}
                {d.publishedVersion !== null && ` · ${t('publishedAs', { n: d.publishedVersion })}`}
              </small>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

/** The survey builder (#12.8): drafts kept on the server, edited, previewed and published here. */
export default function BuilderPage() {
  const { search } = useLocation();
  const id = Number(search.get('draft'));
  return (
    <div className="builder-page">
      <h1>{t('title')}</h1>
      <p className="lead">{t('lead')}</p>
      {Number.isInteger(id) && id > 0 ? (
        <>
          <p>
            <a
              href="/admin/builder"
              onClick={(e) => {
                e.preventDefault();
                navigate('/admin/builder');
              }}
            >
              {t('back')}
            </a>
          </p>
          <DraftEditor key={id} id={id} />
        </>
      ) : (
        <DraftList />
      )}
    </div>
  );
}
