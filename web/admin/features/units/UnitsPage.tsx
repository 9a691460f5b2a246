import { useEffect, useState } from 'react';
import { query } from '../../api.js';
import { Field } from '../../components/Field.js';
import { useFetch } from '../../components/useFetch.js';
import { setSearchParams, useLocation } from '../../router.js';
import { hasAnyRole, useSession } from '../../session.js';
import { KINDS, kindLabel, LEVELS, levelLabel, t, type Unit } from './i18n.js';
import { UnitEditor } from './UnitEditor.js';
import { UnitImport } from './UnitImport.js';
import '../../components/admin-ui.css';

/** Units: list and search (everyone, within their scope), edit and CSV import (administrators). */
export default function UnitsPage() {
  const { me } = useSession();
  const isAdmin = hasAnyRole(me, ['admin']);
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const kind = search.get('kind') ?? '';
  const level = search.get('level') ?? '';
  const editing = search.get('edit');
  const importing = search.get('import') === '1';
  const [text, setText] = useState(q);
  const [saved, setSaved] = useState<string | null>(null);

  // The search box writes to the URL a moment after typing stops, so the view can be shared.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (text.trim() !== q) setSearchParams({ q: text.trim() || undefined }, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, q]);

  const { data, error, loading, reload } = useFetch<{ units: Unit[] }>(
    `/api/v1/units${query({ q: q || undefined, kind, level })}`,
  );
  const units = data?.units;
  // The unit being edited may be outside the current filter: fetch it by code.
  const edited = useFetch<{ unit: Unit }>(isAdmin && editing ? `/api/v1/units/${encodeURIComponent(editing)}` : null);
  const editUnit = editing && edited.data?.unit.code === editing ? edited.data.unit : undefined;

  return (
    <section>
      <div className="page-head">
        <h1>{t('title')}</h1>
        {isAdmin && (
          <button
            type="button"
            className="secondary"
            aria-expanded={importing}
            onClick={() => setSearchParams({ import: importing ? undefined : '1' })}
          >
            {importing ? t('hideImport') : t('showImport')}
          </button>
        )}
      </div>
      <p className="lead">{isAdmin ? t('lead') : t('leadManager')}</p>

      {importing && isAdmin && <UnitImport onImported={reload} />}
      {saved && (
        <p className="notice ok" role="status">
          {t('saved', { code: saved })}
        </p>
      )}
      {editUnit && isAdmin && (
        <UnitEditor
          key={editUnit.code}
          unit={editUnit}
          onCancel={() => setSearchParams({ edit: undefined })}
          onSaved={(u) => {
            setSaved(u.code);
            setSearchParams({ edit: undefined });
            reload();
          }}
        />
      )}

      <div className="toolbar" role="search">
        <Field id="units-q" label={t('search')}>
          {(aria) => <input {...aria} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <Field id="units-kind" label={t('kind')}>
          {(aria) => (
            <select {...aria} value={kind} onChange={(e) => setSearchParams({ kind: e.target.value || undefined })}>
              <option value="">{t('all')}</option>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="units-level" label={t('level')}>
          {(aria) => (
            <select {...aria} value={level} onChange={(e) => setSearchParams({ level: e.target.value || undefined })}>
              <option value="">{t('all')}</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(l)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>

      {error && (
        <p className="notice bad" role="alert">
          {error.message}
        </p>
      )}
      {!units ? (
        loading && <p aria-busy="true">{t('loading')}</p>
      ) : units.length === 0 ? (
        <p className="empty">{q || kind || level ? t('empty') : t('emptyAll')}</p>
      ) : (
        <>
          <p className="lead" aria-live="polite">
            {t('count', { n: units.length })}
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('code')}</th>
                  <th scope="col">{t('name')}</th>
                  <th scope="col">{t('kind')}</th>
                  <th scope="col">{t('level')}</th>
                  <th scope="col">{t('ward')}</th>
                  <th scope="col" className="num">
                    {t('enrolment')}
                  </th>
                  <th scope="col">{t('parent')}</th>
                  {isAdmin && <th scope="col">{t('actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {units.map((u) => (
                  <tr key={u.code}>
                    <td className="mono">{u.code}</td>
                    <td>{u.name}</td>
                    <td>{kindLabel(u.kind)}</td>
                    <td>{levelLabel(u.level)}</td>
                    <td>{u.ward ?? '—'}</td>
                    <td className="num">{u.enrolment ?? '—'}</td>
                    <td className="mono">{u.parentCode ?? '—'}</td>
                    {isAdmin && (
                      <td>
                        <button
                          type="button"
                          className="small secondary"
                          aria-label={`${t('edit')} ${u.name}`}
                          onClick={() => {
                            setSaved(null);
                            setSearchParams({ edit: u.code });
                            window.scrollTo({ top: 0 });
                          }}
                        >
                          {t('edit')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
