import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { ListView, type Column } from '../../components/ListView.js';
import type { TUnit } from '../../../../domain/contract/units.js';
import { unitQuery, unitsQuery } from '../../lib/queries.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { useUrlParam } from '../../lib/useUrlParam.js';
import { UNIT_KINDS, SCHOOL_LEVELS } from '../../../../domain/contract/units.js';
import { matchesSearch } from '../../../../domain/search-text.js';
import { kindLabel, levelLabel, t } from './i18n.js';
import { UnitEditor } from './UnitEditor.js';
import { UnitImport } from './UnitImport.js';
import '../../components/admin-ui.css';

/** Units: list and search (everyone, within their scope), edit and CSV import (administrators). */
export default function UnitsPage() {
  const { me } = useSession();
  const isAdmin = hasAnyRole(me, ['admin']);
  const { search } = useLocation();
  // The search box writes to the URL a moment after typing stops, so the view can be shared.
  const q = useUrlParam('q', { debounceMs: 300 });
  const kind = useUrlParam('kind');
  const level = useUrlParam('level');
  const editing = search.get('edit');
  const importing = search.get('import') === '1';
  const [saved, setSaved] = useState<string | null>(null);

  // The search runs here, over the units the user may see: it ignores diacritics and case
  // ("le quy don" finds "Lê Quý Đôn"), which the database's ILIKE does not.
  const list = useQuery({
    ...unitsQuery({ kind: kind.value, level: level.value }),
    placeholderData: keepPreviousData,
  });
  const parents = useQuery(unitsQuery());
  const parentName = (code: string | null) =>
    code ? (parents.data?.units.find((u) => u.code === code)?.name ?? code) : '—';
  // The unit being edited may be outside the current filter: fetch it by code.
  const edited = useQuery({ ...unitQuery(editing ?? ''), enabled: isAdmin && !!editing });
  const editUnit = editing && edited.data?.unit.code === editing ? edited.data.unit : undefined;
  const filtered = !!(q.value || kind.value || level.value);

  const columns: Column<TUnit>[] = [
    { header: t('code'), className: 'mono', cell: (u) => u.code },
    { header: t('name'), cell: (u) => u.name },
    { header: t('kind'), cell: (u) => kindLabel(u.kind) },
    { header: t('level'), cell: (u) => levelLabel(u.level) },
    { header: t('ward'), cell: (u) => u.ward ?? '—' },
    { header: t('enrolment'), className: 'num', cell: (u) => u.enrolment ?? '—' },
    { header: t('parent'), cell: (u) => parentName(u.parentCode) },
  ];
  if (isAdmin) {
    columns.push({
      header: t('actions'),
      cell: (u) => (
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
      ),
    });
  }

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

      {importing && isAdmin && <UnitImport />}
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
          }}
        />
      )}

      <ListView
        filters={
          <>
            <Field id="units-q" label={t('search')}>
              {(aria) => <input {...aria} type="search" value={q.draft} onChange={(e) => q.set(e.target.value)} />}
            </Field>
            <Field id="units-kind" label={t('kind')}>
              {(aria) => (
                <select {...aria} value={kind.draft} onChange={(e) => kind.set(e.target.value)}>
                  <option value="">{t('all')}</option>
                  {UNIT_KINDS.map((k) => (
                    <option key={k} value={k}>
                      {kindLabel(k)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="units-level" label={t('level')}>
              {(aria) => (
                <select {...aria} value={level.draft} onChange={(e) => level.set(e.target.value)}>
                  <option value="">{t('all')}</option>
                  {SCHOOL_LEVELS.map((l) => (
                    <option key={l} value={l}>
                      {levelLabel(l)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        }
        query={list}
        rows={(d) => d.units.filter((u) => matchesSearch(q.value, u.name, u.code, u.ward))}
        loading={t('loading')}
        empty={filtered ? t('empty') : t('emptyAll')}
        count={(units) => t('count', { n: units.length })}
        columns={columns}
        rowKey={(u) => u.code}
      />
    </section>
  );
}
