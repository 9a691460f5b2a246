import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { formatDateTime } from '../../lib/format.js';
import { ZSurveyDefinition } from '../../../../domain/definition.js';
import type { TSurvey } from '../../../../domain/contract/surveys.js';
import { surveysQuery } from '../../lib/queries.js';
import { navigate, setSearchParams, useLocation } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { currentLang } from '../../../shared/i18n.js';
import { DiffView } from './DiffView.js';
import { DraftPanel } from './DraftPanel.js';
import { FormPreview } from './FormPreview.js';
import { t } from './i18n.js';
import { diffQuery, versionQuery } from './queries.js';
import '../../components/admin-ui.css';
import './definitions.css';

function VersionView({ slug, number, mode }: { slug: string; number: number; mode: 'json' | 'preview' }) {
  const { data, error } = useQuery(versionQuery(slug, number));
  if (error) return <p className="notice bad">{error.message}</p>;
  if (!data) return <p aria-busy="true">{t('loading')}</p>;
  if (mode === 'preview') {
    // Stored as published; the preview reads it as the phone form would, defaults filled in.
    const parsed = ZSurveyDefinition.safeParse(data.definition);
    if (!parsed.success) return <p className="notice bad">{t('previewFailed', { message: parsed.error.message })}</p>;
    return <FormPreview definition={parsed.data} id={`v${number}-preview`} />;
  }
  return (
    <section className="panel" aria-label={t('definitionJson', { n: number })}>
      <h2>{t('definitionJson', { n: number })}</h2>
      <pre className="json" tabIndex={0}>
        {JSON.stringify(data.definition, null, 2)}
      </pre>
    </section>
  );
}

function Compare({ survey }: { survey: TSurvey }) {
  const { search } = useLocation();
  const numbers = survey.versions.map((v) => v.number);
  const from = Number(search.get('from') ?? numbers.at(-2) ?? numbers[0]);
  const to = Number(search.get('to') ?? numbers.at(-1));
  const [picked, setPicked] = useState({ from, to });
  const show = search.has('from') && search.has('to');
  const { data, error, isFetching: loading } = useQuery({ ...diffQuery(survey.slug, from, to), enabled: show });
  return (
    <section className="panel" aria-labelledby="compare-title">
      <h2 id="compare-title">{t('compare')}</h2>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          setSearchParams({ from: String(picked.from), to: String(picked.to) });
        }}
      >
        {(['from', 'to'] as const).map((which) => (
          <Field key={which} id={`compare-${which}`} label={t(which)}>
            {(aria) => (
              <select
                {...aria}
                value={picked[which]}
                onChange={(e) => setPicked((p) => ({ ...p, [which]: Number(e.target.value) }))}
              >
                {numbers.map((n) => (
                  <option key={n} value={n}>
                    {t('version')} {n}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ))}
        <button type="submit">{t('showDiff')}</button>
      </form>
      {error && <p className="notice bad">{error.message}</p>}
      {show && loading && <p aria-busy="true">{t('loading')}</p>}
      {show && data && <DiffView diff={data.diff} />}
    </section>
  );
}

/** Survey definitions: versions, the diff between two, a version's JSON and preview; drafts for administrators. */
export default function DefinitionsPage() {
  const { me } = useSession();
  const isAdmin = hasAnyRole(me, ['admin']);
  const lang = currentLang();
  const { search } = useLocation();
  const slug = search.get('survey');
  const view = search.get('view');
  const mode = search.get('mode') === 'preview' ? 'preview' : 'json';
  const { data, error, isFetching: loading } = useQuery(surveysQuery);
  const surveys = data?.surveys;
  const survey = surveys?.find((s) => s.slug === slug);
  const title = (s: TSurvey) => (lang === 'en' && s.title.en) || s.title.vi;

  return (
    <section>
      <div className="page-head">
        <h1>{t('title')}</h1>
      </div>
      <p className="lead">{t('lead')}</p>
      {error && <p className="notice bad">{error.message}</p>}
      {!surveys ? (
        loading && <p aria-busy="true">{t('loading')}</p>
      ) : surveys.length === 0 ? (
        <p className="empty">{t('noSurveys')}</p>
      ) : (
        <nav aria-label={t('surveys')}>
          <ul className="survey-list">
            {surveys.map((s) => (
              <li key={s.slug}>
                <a
                  href={`/admin/definitions?survey=${encodeURIComponent(s.slug)}`}
                  aria-current={s.slug === slug ? 'true' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(`/admin/definitions?survey=${encodeURIComponent(s.slug)}`);
                  }}
                >
                  {title(s)}
                  <small className="mono">{s.slug}</small>
                  <small>
                    {t('target')}: {Math.round(s.target * 100)}% ·{' '}
                    {s.currentVersion ? t('current', { n: s.currentVersion }) : '—'}
                  </small>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}

      {surveys && surveys.length > 0 && !survey && <p className="empty">{t('chooseSurvey')}</p>}
      {survey && (
        <>
          <section className="panel" aria-labelledby="versions-title">
            <h2 id="versions-title">
              {t('versions')}: {title(survey)}
            </h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('version')}</th>
                    <th scope="col">{t('publishedAt')}</th>
                    <th scope="col">{t('sourceFile')}</th>
                    <th scope="col">{t('hash')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('view')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...survey.versions].reverse().map((v) => (
                    <tr key={v.number}>
                      <td>
                        {v.number}
                        {v.number === survey.currentVersion && <span className="badge ok">✓</span>}
                      </td>
                      <td>{formatDateTime(v.publishedAt, lang)}</td>
                      <td className="mono">{v.sourceFile}</td>
                      <td className="mono" title={v.contentHash}>
                        {v.contentHash.slice(0, 12)}
                      </td>
                      <td className="row-actions">
                        <button
                          type="button"
                          className="small secondary"
                          aria-pressed={view === String(v.number) && mode === 'json'}
                          onClick={() =>
                            setSearchParams(
                              view === String(v.number) && mode === 'json'
                                ? { view: undefined, mode: undefined }
                                : { view: String(v.number), mode: undefined },
                            )
                          }
                        >
                          {t('view')} JSON
                        </button>
                        <button
                          type="button"
                          className="small secondary"
                          aria-pressed={view === String(v.number) && mode === 'preview'}
                          onClick={() =>
                            setSearchParams(
                              view === String(v.number) && mode === 'preview'
                                ? { view: undefined, mode: undefined }
                                : { view: String(v.number), mode: 'preview' },
                            )
                          }
                        >
                          {t('preview')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {view && <VersionView key={`${view}-${mode}`} slug={survey.slug} number={Number(view)} mode={mode} />}
          {survey.versions.length > 0 && <Compare key={`${survey.slug}-${survey.versions.length}`} survey={survey} />}
        </>
      )}
      {isAdmin ? (
        <DraftPanel
          onPublished={(s) => {
            setSearchParams({ survey: s, view: undefined, from: undefined, to: undefined });
          }}
        />
      ) : (
        <p className="lead">{t('adminOnly')}</p>
      )}
    </section>
  );
}
