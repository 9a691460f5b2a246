import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { ListView } from '../../components/ListView.js';
import { setSearchParams, useLocation } from '../../lib/router.js';
import { useSession } from '../../lib/session.js';
import { useUrlParam } from '../../lib/useUrlParam.js';
import { CreateUser } from './CreateUser.js';
import { ROLES } from '../../../../domain/contract/roles.js';
import { roleLabel, t } from './i18n.js';
import { usersQuery } from './queries.js';
import { UserRow, type RowEvent } from './UserRow.js';
import '../../components/admin-ui.css';

/** Users and roles (administrators). */
export default function UsersPage() {
  const { me } = useSession();
  const { search } = useLocation();
  const q = useUrlParam('q', { debounceMs: 300 });
  const role = useUrlParam('role');
  const creating = search.get('new') === '1';
  const [event, setEvent] = useState<RowEvent | null>(null);
  const list = useQuery({ ...usersQuery({ q: q.value, role: role.value }), placeholderData: keepPreviousData });

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
            setEvent({
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
      <ListView
        filters={
          <>
            <Field id="users-q" label={t('search')}>
              {(aria) => <input {...aria} type="search" value={q.draft} onChange={(e) => q.set(e.target.value)} />}
            </Field>
            <Field id="users-role" label={t('role')}>
              {(aria) => (
                <select {...aria} value={role.draft} onChange={(e) => role.set(e.target.value)}>
                  <option value="">{t('all')}</option>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {roleLabel(r)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        }
        query={list}
        rows={(d) => d.users}
        loading={t('loading')}
        empty={t('empty')}
        count={(users) => t('count', { n: users.length })}
        columns={[t('displayName'), t('roles'), t('status'), t('lastLogin'), t('actions')].map((header) => ({
          header,
        }))}
        rowKey={(u) => u.id}
        renderRow={(u) => <UserRow key={u.id} user={u} isSelf={u.id === me.id} onChanged={setEvent} />}
      />
    </section>
  );
}
