import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { ZUserCreated, type TUser } from '../../../../domain/contract/users.js';
import { RolesEditor } from './RolesEditor.js';
import { t, type RoleInput } from './i18n.js';

/** Create an account; a generated initial password is shown once, to hand over. */
export function CreateUser(props: { onCreated: (user: TUser, initialPassword: string | null) => void }) {
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<RoleInput[]>([{ role: 'unit_manager', unitCode: '' }]);
  const queryClient = useQueryClient();
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => send('POST', '/api/v1/users', body, ZUserCreated),
    onSuccess: (res) => {
      props.onCreated(res.user, res.initialPassword);
      return queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
  const errors = fieldErrors(create.error);
  const busy = create.isPending;

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate({
      email,
      displayName,
      roles: roles.map((r) => (r.role === 'unit_manager' ? r : { role: r.role })),
      ...(password ? { password } : {}),
    });
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="create-user-title">
      <h2 id="create-user-title">{t('createTitle')}</h2>
      {create.error && (
        <p className="notice bad" role="alert">
          {errorText(create.error)}
        </p>
      )}
      <div className="form-grid">
        <Field id="new-email" label={t('email')} error={errors.email}>
          {(aria) => (
            <input {...aria} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
          )}
        </Field>
        <Field id="new-name" label={t('displayName')} error={errors.displayName}>
          {(aria) => <input {...aria} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />}
        </Field>
        <Field id="new-password" label={t('password')} hint={t('passwordHint')} error={errors.password}>
          {(aria) => (
            <input
              {...aria}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
      </div>
      <RolesEditor id="new" roles={roles} onChange={setRoles} errors={errors} />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('creating') : t('create')}
        </button>
      </div>
    </form>
  );
}
