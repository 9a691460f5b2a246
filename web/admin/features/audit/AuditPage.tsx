import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { Field } from '../../components/Field.js';
import { ListView } from '../../components/ListView.js';
import { pageOf } from '../../components/Pager.js';
import { formatDateTime } from '../../lib/format.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { useUrlParam } from '../../lib/useUrlParam.js';
import { currentLang } from '../../../shared/i18n.js';
import { actionLabel, t } from './i18n.js';
import type { TAuditEntry } from '../../../../domain/contract/audit.js';
import { auditQuery, auditUsersQuery } from './queries.js';
import { detailLines, targetText, type Names } from './describe.js';
import { surveysQuery, unitsQuery } from '../../lib/queries.js';
import '../../components/admin-ui.css';

function Details({ lines }: { lines: string[] }) {
  if (lines.length === 0) return <>—</>;
  return (
    <ul className="details">
      {lines.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}

/** Names for the ids and codes entries carry, from lists the admin app already loads. */
function useNames(): Names {
  const users = useQuery(auditUsersQuery).data?.users;
  const units = useQuery(unitsQuery()).data?.units;
  const surveys = useQuery(surveysQuery).data?.surveys;
  const lang = currentLang();
  return useMemo(() => {
    const byId = new Map(users?.map((u) => [u.id, { name: u.displayName || u.email, email: u.email }]));
    const unitNames = new Map(units?.map((u) => [u.code, u.name]));
    const surveyTitles = new Map(surveys?.map((s) => [s.slug, (lang === 'en' && s.title.en) || s.title.vi]));
    return {
      user: (id) => byId.get(id),
      unit: (code) => unitNames.get(code),
      survey: (slug) => surveyTitles.get(slug),
    };
  }, [users, units, surveys, lang]);
}

/** The audit log (administrators), filtered by action, actor and days, page by page. */
export default function AuditLogPage() {
  const lang = currentLang();
  const { search } = useLocation();
  // A new filter starts again from the first page.
  const reset = ['page'];
  const action = useUrlParam('action', { reset });
  const actor = useUrlParam('actor', { debounceMs: 300, reset });
  const from = useUrlParam('from', { reset });
  const to = useUrlParam('to', { reset });
  const page = pageOf(search);
  const filter = { action: action.value, actor: actor.value, from: from.value, to: to.value };
  const list = useQuery({ ...auditQuery({ ...filter, page }), placeholderData: keepPreviousData });
  const filtered = Object.values(filter).some(Boolean);
  const names = useNames();

  return (
    <section>
      <div className="page-head">
        <h1>{t('title')}</h1>
      </div>
      <p className="lead">{t('lead')}</p>
      <ListView
        filters={
          <>
            <Field id="audit-action" label={t('action')}>
              {(aria) => (
                <select {...aria} value={action.draft} onChange={(e) => action.set(e.target.value)}>
                  <option value="">{t('all')}</option>
                  {(list.data?.actions ?? []).map((a) => (
                    <option key={a} value={a}>
                      {actionLabel(a, lang)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="audit-actor" label={t('actor')}>
              {(aria) => <input {...aria} value={actor.draft} onChange={(e) => actor.set(e.target.value)} />}
            </Field>
            <Field id="audit-from" label={t('from')}>
              {(aria) => <input {...aria} type="date" value={from.draft} onChange={(e) => from.set(e.target.value)} />}
            </Field>
            <Field id="audit-to" label={t('to')}>
              {(aria) => <input {...aria} type="date" value={to.draft} onChange={(e) => to.set(e.target.value)} />}
            </Field>
          </>
        }
        onClear={
          filtered
            ? () =>
                setSearchParams({
                  action: undefined,
                  actor: undefined,
                  from: undefined,
                  to: undefined,
                  page: undefined,
                })
            : undefined
        }
        query={list}
        rows={(d) => d.entries}
        loading={t('loading')}
        empty={t('empty')}
        count={(_, d) => t('total', { n: d.total })}
        columns={[
          { header: t('at'), cell: (e: TAuditEntry) => formatDateTime(e.at, lang) },
          {
            header: t('actor'),
            cell: (e) => {
              const user = e.actorId === null ? undefined : names.user(e.actorId);
              return user ? `${user.name} (${user.email})` : (e.actorLabel ?? t('system'));
            },
          },
          { header: t('action'), cell: (e) => actionLabel(e.action, lang) },
          { header: t('target'), cell: (e) => targetText(e, names, lang) },
          { header: t('details'), cell: (e) => <Details lines={detailLines(e, names, lang)} /> },
        ]}
        rowKey={(e) => e.id}
        pager={(d) => ({ page, pages: Math.max(1, Math.ceil(d.total / d.pageSize)) })}
      />
    </section>
  );
}
