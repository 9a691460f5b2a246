import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Field } from '../../components/Field.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { ZPasswordReset, type TUser } from '../../../../domain/contract/users.js';
import { formatDateTime } from '../../lib/format.js';
import { currentLang } from '../../../shared/i18n.js';
import { RolesEditor } from './RolesEditor.js';
import { roleLabel, t, type RoleInput } from './i18n.js';

export type RowEvent = { kind: 'ok'; text: string; secret?: string } | { kind: 'bad'; text: string };

/** One user with the administrator's actions: roles, name/email, disable/enable, a new password. */
export function UserRow(props: { user: TUser; isSelf: boolean; onChanged: (event: RowEvent) => void }) {
  const { user } = props;
  const lang = currentLang();
  const [mode, setMode] = useState<'view' | 'roles' | 'rename'>('view');
  const [roles, setRoles] = useState<RoleInput[]>([]);
  const [name, setName] = useState({ email: user.email, displayName: user.displayName });
  const queryClient = useQueryClient();
  // One mutation per row: each action says what to report when it succeeds.
  const action = useMutation({
    mutationFn: (run: () => Promise<RowEvent>) => run(),
    onSuccess: (event) => {
      props.onChanged(event);
      setMode('view');
      return queryClient.invalidateQueries({ queryKey: ['users'] });
    },
    onError: (err) => props.onChanged({ kind: 'bad', text: errorText(err) }),
  });
  const errors = fieldErrors(action.error);
  const busy = action.isPending;
  const edit = (next: typeof mode) => {
    action.reset();
    setMode(next);
  };

  const saveRoles = () =>
    action.mutate(async () => {
      await send('PUT', `/api/v1/users/${user.id}/roles`, {
        roles: roles.map((r) => (r.role === 'unit_manager' ? r : { role: r.role })),
      });
      return { kind: 'ok', text: t('rolesSaved', { email: user.email }) };
    });
  const saveName = () =>
    action.mutate(async () => {
      await send('PATCH', `/api/v1/users/${user.id}`, name);
      return { kind: 'ok', text: t('updated', { email: name.email }) };
    });
  const toggle = () =>
    action.mutate(async () => {
      await send('PATCH', `/api/v1/users/${user.id}`, { disabled: !user.disabled });
      return { kind: 'ok', text: t(user.disabled ? 'enabledDone' : 'disabledDone', { email: user.email }) };
    });
  const reset = () =>
    action.mutate(async () => {
      const res = await send('POST', `/api/v1/users/${user.id}/password-reset`, undefined, ZPasswordReset);
      return { kind: 'ok', text: t('resetDone', { email: user.email }), secret: res.initialPassword };
    });

  return (
    <tr>
      <td data-label={t('displayName')}>
        <strong>{user.displayName || '—'}</strong>
        <br />
        <span className="mono">{user.email}</span>
      </td>
      <td data-label={t('roles')}>
        {user.roles.length === 0 && <span className="badge warn">—</span>}
        {user.roles.map((r, i) => (
          <span key={i} className="badge">
            {roleLabel(r.role)}
            {r.unitName ? `: ${r.unitName}` : ''}
          </span>
        ))}
        {mode === 'roles' && (
          <div className="inline-editor">
            <RolesEditor id={`u${user.id}`} roles={roles} onChange={setRoles} errors={errors} />
            <div className="actions">
              <button type="button" className="small" disabled={busy} onClick={saveRoles}>
                {busy ? t('saving') : t('saveRoles')}
              </button>
              <button type="button" className="small secondary" onClick={() => edit('view')}>
                {t('cancel')}
              </button>
            </div>
          </div>
        )}
        {mode === 'rename' && (
          <div className="inline-editor">
            <Field id={`u${user.id}-email`} label={t('email')} error={errors.email}>
              {(aria) => (
                <input
                  {...aria}
                  value={name.email}
                  onChange={(e) => setName((n) => ({ ...n, email: e.target.value }))}
                />
              )}
            </Field>
            <Field id={`u${user.id}-name`} label={t('displayName')} error={errors.displayName}>
              {(aria) => (
                <input
                  {...aria}
                  value={name.displayName}
                  onChange={(e) => setName((n) => ({ ...n, displayName: e.target.value }))}
                />
              )}
            </Field>
            <div className="actions">
              <button type="button" className="small" disabled={busy} onClick={saveName}>
                {t('save')}
              </button>
              <button type="button" className="small secondary" onClick={() => edit('view')}>
                {t('cancel')}
              </button>
            </div>
          </div>
        )}
      </td>
      <td data-label={t('status')}>
        {user.disabled ? (
          <span className="badge bad">{t('disabled')}</span>
        ) : (
          <span className="badge ok">{t('active')}</span>
        )}
        {user.mustChangePassword && <span className="badge warn">{t('mustChange')}</span>}
      </td>
      <td data-label={t('lastLogin')}>{user.lastLoginAt ? formatDateTime(user.lastLoginAt, lang) : t('never')}</td>
      <td data-label={t('actions')}>
        <div className="row-actions">
          <button
            type="button"
            className="small secondary"
            aria-label={`${t('editRoles')}: ${user.email}`}
            onClick={() => {
              setRoles(user.roles.map((r) => ({ role: r.role, unitCode: r.unitCode ?? '' })));
              edit('roles');
            }}
          >
            {t('editRoles')}
          </button>
          <button
            type="button"
            className="small secondary"
            aria-label={`${t('rename')}: ${user.email}`}
            onClick={() => {
              setName({ email: user.email, displayName: user.displayName });
              edit('rename');
            }}
          >
            {t('rename')}
          </button>
          {!props.isSelf && (
            <button
              type="button"
              className="small secondary"
              disabled={busy}
              aria-label={`${user.disabled ? t('enable') : t('disable')}: ${user.email}`}
              onClick={toggle}
            >
              {user.disabled ? t('enable') : t('disable')}
            </button>
          )}
          <button
            type="button"
            className="small secondary"
            disabled={busy}
            aria-label={`${t('reset')}: ${user.email}`}
            onClick={reset}
          >
            {t('reset')}
          </button>
        </div>
      </td>
    </tr>
  );
}
