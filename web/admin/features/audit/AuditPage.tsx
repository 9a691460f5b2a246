import { useState, type FormEvent } from 'react';
import { query } from '../../api.js';
import { Field } from '../../components/Field.js';
import { formatDateTime, useFetch } from '../../components/useFetch.js';
import { setSearchParams, useLocation } from '../../router.js';
import { currentLang } from '../../../shared/i18n.js';
import { actionLabel, t } from './i18n.js';
import '../../components/admin-ui.css';

interface Entry {
  id: number;
  at: string;
  actorId: number | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

interface AuditPage {
  entries: Entry[];
  page: number;
  pageSize: number;
  total: number;
  actions: string[];
}

function Details({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (entries.length === 0) return <>—</>;
  return (
    <dl className="details">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{typeof v === 'string' ? v : JSON.stringify(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The audit log (administrators), filtered by action, actor and days, page by page. */
export default function AuditLogPage() {
  const lang = currentLang();
  const { search } = useLocation();
  const filter = {
    action: search.get('action') ?? '',
    actor: search.get('actor') ?? '',
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
  const page = Math.max(1, Number(search.get('page') ?? 1) || 1);
  const [draft, setDraft] = useState(filter);
  const { data, error, loading } = useFetch<AuditPage>(`/api/v1/audit${query({ ...filter, page })}`);
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  function apply(e: FormEvent) {
    e.preventDefault();
    setSearchParams({
      action: draft.action || undefined,
      actor: draft.actor.trim() || undefined,
      from: draft.from || undefined,
      to: draft.to || undefined,
      page: undefined,
    });
  }

  return (
    <section>
      <div className="page-head">
        <h1>{t('title')}</h1>
      </div>
      <p className="lead">{t('lead')}</p>
      <form className="toolbar" role="search" onSubmit={apply}>
        <Field id="audit-action" label={t('action')}>
          {(aria) => (
            <select
              {...aria}
              value={draft.action}
              onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value }))}
            >
              <option value="">{t('all')}</option>
              {(data?.actions ?? []).map((a) => (
                <option key={a} value={a}>
                  {actionLabel(a, lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="audit-actor" label={t('actor')}>
          {(aria) => (
            <input {...aria} value={draft.actor} onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value }))} />
          )}
        </Field>
        <Field id="audit-from" label={t('from')}>
          {(aria) => (
            <input
              {...aria}
              type="date"
              value={draft.from}
              onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
            />
          )}
        </Field>
        <Field id="audit-to" label={t('to')}>
          {(aria) => (
            <input
              {...aria}
              type="date"
              value={draft.to}
              onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
            />
          )}
        </Field>
        <button type="submit">{t('filter')}</button>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            setDraft({ action: '', actor: '', from: '', to: '' });
            setSearchParams({ action: undefined, actor: undefined, from: undefined, to: undefined, page: undefined });
          }}
        >
          {t('clear')}
        </button>
      </form>
      {error && (
        <p className="notice bad" role="alert">
          {error.message}
        </p>
      )}
      {!data ? (
        loading && <p aria-busy="true">{t('loading')}</p>
      ) : data.entries.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <>
          <p className="lead">{t('total', { n: data.total })}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('at')}</th>
                  <th scope="col">{t('actor')}</th>
                  <th scope="col">{t('action')}</th>
                  <th scope="col">{t('target')}</th>
                  <th scope="col">{t('details')}</th>
                </tr>
              </thead>
              <tbody>
                {data.entries.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at, lang)}</td>
                    <td className="mono">{e.actorLabel ?? t('system')}</td>
                    <td>{actionLabel(e.action, lang)}</td>
                    <td>
                      {e.targetType ?? '—'}
                      {e.targetId ? <span className="mono"> {e.targetId}</span> : null}
                    </td>
                    <td>
                      <Details details={e.details} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('page', { page, pages })}>
            <button
              type="button"
              className="secondary"
              disabled={page <= 1}
              onClick={() => setSearchParams({ page: page > 2 ? String(page - 1) : undefined })}
            >
              {t('prev')}
            </button>
            <span>{t('page', { page, pages })}</span>
            <button
              type="button"
              className="secondary"
              disabled={page >= pages}
              onClick={() => setSearchParams({ page: String(page + 1) })}
            >
              {t('next')}
            </button>
          </nav>
        </>
      )}
    </section>
  );
}
