import { useEffect, useState } from 'react';
import { query } from '../../api.js';
import { Field } from '../../components/Field.js';
import { useFetch } from '../../components/useFetch.js';
import { setSearchParams, useLocation } from '../../router.js';
import { useSession } from '../../session.js';
import { CreateUser } from './CreateUser.js';
import { ROLES, roleLabel, t, type User } from './i18n.js';
import { UserRow, type RowEvent } from './UserRow.js';
import '../../components/admin-ui.css';

/** Users and roles (administrators). */
export default function UsersPage() {
  const { me } = useSession();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const role = search.get('role') ?? '';
  const creating = search.get('new') === '1';
  const [text, setText] = useState(q);
  const [event, setEvent] = useState<RowEvent | null>(null);

  useEffect(() => {
    const timer = setTimeout(() => {
      if (text.trim() !== q) setSearchParams({ q: text.trim() || undefined }, { replace: true });
    }, 300);
    return () => clearTimeout(timer);
  }, [text, q]);

  const { data, error, loading, reload } = useFetch<{ users: User[] }>(`/api/v1/users${query({ q, role })}`);
  const users = data?.users;
  const onChanged = (e: RowEvent) => {
    setEvent(e);
    if (e.kind === 'ok') reload();
  };

  return (
    <section>
      <div className="page-head">
        <h1>{t('title')}</h1>
        <button
          type="button"
          className="secondary"
          aria-expanded={creating}
          onClick={() => setSearchParams({ new: creating ? undefined : '1' })}
        >
          {creating ? t('hideNew') : t('newUser')}
        </button>
      </div>
      <p className="lead">{t('lead')}</p>
      {creating && (
        <CreateUser
          onCreated={(user, initialPassword) => {
            setSearchParams({ new: undefined });
            onChanged({
              kind: 'ok',
              text: t('created', { email: user.email }),
              ...(initialPassword ? { secret: initialPassword } : {}),
            });
          }}
        />
      )}
      <div aria-live="polite">
        {event && (
          <div className={`notice ${event.kind}`} role={event.kind === 'bad' ? 'alert' : 'status'}>
            <p>{event.text}</p>
            {event.kind === 'ok' && event.secret && (
              <p>
                {t('initialPassword')}{' '}
                <span className="secret" data-testid="initial-password">
                  {event.secret}
                </span>
              </p>
            )}
          </div>
        )}
      </div>
      <div className="toolbar" role="search">
        <Field id="users-q" label={t('search')}>
          {(aria) => <input {...aria} type="search" value={text} onChange={(e) => setText(e.target.value)} />}
        </Field>
        <Field id="users-role" label={t('role')}>
          {(aria) => (
            <select {...aria} value={role} onChange={(e) => setSearchParams({ role: e.target.value || undefined })}>
              <option value="">{t('all')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {roleLabel(r)}
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
      {!users ? (
        loading && <p aria-busy="true">{t('loading')}</p>
      ) : users.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <>
          <p className="lead">{t('count', { n: users.length })}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('displayName')}</th>
                  <th scope="col">{t('roles')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('lastLogin')}</th>
                  <th scope="col">{t('actions')}</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <UserRow key={u.id} user={u} isSelf={u.id === me.id} onChanged={onChanged} />
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
