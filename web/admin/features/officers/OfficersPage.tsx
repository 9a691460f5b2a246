import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  ZOfficer,
  ZOfficerList,
  ZOfficerResults,
  type TOfficer,
  type TOfficerResult,
} from '../../../../domain/contract/officers.js';
import type { TFigure } from '../../../../domain/contract/analytics.js';
import { figureValue, intervalText } from '../../../../domain/format.js';
import { listRecentQuarters, localFields, periodRange } from '../../../../domain/periods.js';
import { Field } from '../../components/Field.js';
import { DataTable } from '../../components/ListView.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { errorText, fieldErrors, get, query, send } from '../../lib/api.js';
import { unitsQuery } from '../../lib/queries.js';
import { hasAnyRole, useSession } from '../../lib/session.js';
import { currentLang } from '../../../shared/i18n.js';
import { Bindings } from './Bindings.js';
import { t } from './i18n.js';
import '../../components/admin-ui.css';
import './officers.css';

const officersQuery = queryOptions({
  queryKey: ['officers'],
  queryFn: ({ signal }) => get('/api/v1/officers', ZOfficerList, signal),
});
const resultsQuery = (period: string) =>
  queryOptions({
    queryKey: ['officers', 'results', period],
    queryFn: ({ signal }) => get(`/api/v1/officers/results${query({ period })}`, ZOfficerResults, signal),
  });

/** All time, this year and the last four quarters (the same codes as every report). */
function periodChoices() {
  const now = new Date();
  return [periodRange(`Y-${localFields(now).year}`), ...listRecentQuarters(now, 4)];
}

function Figure({ figure, shown }: { figure: TFigure | null; shown: boolean }) {
  const lang = currentLang();
  if (!shown) return <span className="officers-meta">{t('notEnough')}</span>;
  if (!figure) return <span>—</span>;
  return (
    <span>
      <strong>{figureValue(figure, lang)}</strong>
      <br />
      <span className="officers-meta">{intervalText(figure, lang)}</span>
    </span>
  );
}

function Results() {
  const lang = currentLang();
  const [period, setPeriod] = useState('');
  const { data, isLoading, error } = useQuery(resultsQuery(period));
  return (
    <section aria-labelledby="officers-results-title" className="officers-card">
      <h2 id="officers-results-title">{t('resultsTitle')}</h2>
      {data && <p>{t('resultsLead', { n: data.minRespondents })}</p>}
      <Field id="officer-period" label={t('period')}>
        {(aria) => (
          <select {...aria} value={period} onChange={(e) => setPeriod(e.target.value)}>
            <option value="">{t('allTime')}</option>
            {periodChoices().map((p) => (
              <option key={p.code} value={p.code}>
                {p.label[lang]}
              </option>
            ))}
          </select>
        )}
      </Field>
      {isLoading && <p role="status">{t('loading')}</p>}
      {error && <p className="field-error">{errorText(error)}</p>}
      {data && data.rows.length === 0 && <p>{t('noResults')}</p>}
      {data && data.rows.length > 0 && (
        <DataTable<TOfficerResult>
          rows={data.rows}
          rowKey={(r) => `${r.officer.id}-${r.survey.slug}`}
          columns={[
            { header: t('officer'), cell: (r) => r.officer.displayName },
            { header: t('unit'), cell: (r) => r.officer.unitName },
            { header: t('survey'), cell: (r) => r.survey.title[lang] },
            { header: t('respondents'), className: 'num', cell: (r) => r.respondents },
            { header: t('attitude'), cell: (r) => <Figure figure={r.attitude} shown={r.shown} /> },
            { header: t('overall'), cell: (r) => <Figure figure={r.overall} shown={r.shown} /> },
          ]}
        />
      )}
    </section>
  );
}

function AddOfficer() {
  const queryClient = useQueryClient();
  const { data: units } = useQuery(unitsQuery());
  const [unit, setUnit] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [position, setPosition] = useState('');
  const [userEmail, setUserEmail] = useState('');
  const create = useMutation({
    mutationFn: () =>
      send(
        'POST',
        '/api/v1/officers',
        {
          // The picker gives the unit's code; the API takes its id (0 when none: refused by field).
          unitId: units?.units.find((u) => u.code === unit)?.id ?? 0,
          displayName,
          position,
          userEmail: userEmail.trim() || null,
        },
        ZOfficer,
      ),
    onSuccess: () => {
      setDisplayName('');
      setPosition('');
      setUserEmail('');
      return queryClient.invalidateQueries({ queryKey: ['officers'] });
    },
  });
  const errors = fieldErrors(create.error);
  return (
    <section aria-labelledby="officers-add-title" className="officers-card">
      <h2 id="officers-add-title">{t('registerTitle')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <UnitPicker id="officer-unit" label={t('unit')} value={unit} onChange={setUnit} error={errors.unitId} />
        <Field id="officer-name" label={t('displayName')} error={errors.displayName}>
          {(aria) => (
            <input {...aria} value={displayName} maxLength={120} onChange={(e) => setDisplayName(e.target.value)} />
          )}
        </Field>
        <Field id="officer-position" label={t('position')} hint={t('positionHint')} error={errors.position}>
          {(aria) => <input {...aria} value={position} maxLength={120} onChange={(e) => setPosition(e.target.value)} />}
        </Field>
        <Field id="officer-email" label={t('userEmail')} hint={t('userEmailHint')} error={errors.userEmail}>
          {(aria) => <input {...aria} type="email" value={userEmail} onChange={(e) => setUserEmail(e.target.value)} />}
        </Field>
        {create.error && !Object.keys(errors).length && <p className="field-error">{errorText(create.error)}</p>}
        <button type="submit" disabled={create.isPending}>
          {t('add')}
        </button>
        {create.data && <p role="status">{t('added', { name: create.data.displayName })}</p>}
      </form>
    </section>
  );
}

function OfficerItem({ officer }: { officer: TOfficer }) {
  const queryClient = useQueryClient();
  const toggle = useMutation({
    mutationFn: () => send('PATCH', `/api/v1/officers/${officer.id}`, { active: !officer.active }, ZOfficer),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['officers'] }),
  });
  return (
    <li className="officers-item">
      <div>
        <strong>{officer.displayName}</strong>
        {officer.position && ` · ${officer.position}`}
        <div className="officers-meta">
          {officer.unitName} · {officer.active ? t('active') : t('inactive')}
          {officer.userEmail && ` · ${officer.userEmail}`}
        </div>
        {toggle.error && <p className="field-error">{errorText(toggle.error)}</p>}
      </div>
      <button type="button" disabled={toggle.isPending} onClick={() => toggle.mutate()}>
        {officer.active ? t('deactivate') : t('activate')}
      </button>
    </li>
  );
}

function OfficerList() {
  const { data, isLoading, error } = useQuery(officersQuery);
  return (
    <section aria-labelledby="officers-list-title" className="officers-card">
      <h2 id="officers-list-title">{t('listTitle')}</h2>
      {isLoading && <p role="status">{t('loading')}</p>}
      {error && <p className="field-error">{errorText(error)}</p>}
      {data && data.length === 0 && <p>{t('empty')}</p>}
      {data && data.length > 0 && (
        <ul className="officers-list">
          {data.map((o) => (
            <OfficerItem key={o.id} officer={o} />
          ))}
        </ul>
      )}
    </section>
  );
}

export default function OfficersPage() {
  const { me } = useSession();
  const manages = hasAnyRole(me, ['admin', 'unit_manager']);
  return (
    <div className="officers-page">
      <h1>{t('title')}</h1>
      <p>{t('lead')}</p>
      <Results />
      {manages && (
        <>
          <AddOfficer />
          <OfficerList />
          <Bindings />
        </>
      )}
    </div>
  );
}
