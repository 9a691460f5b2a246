import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { t } from './i18n.js';

/** Change one's own password: the current one, the new one twice. */
export function ChangePasswordForm(props: { onChanged: () => void | Promise<void>; autoFocus?: boolean }) {
  const [form, setForm] = useState({ current: '', next: '', confirm: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [k]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    setDone(false);
    if (form.next !== form.confirm) {
      setErrors({ confirm: t('mismatch') });
      return;
    }
    setBusy(true);
    try {
      await send('POST', '/api/v1/auth/password', { currentPassword: form.current, newPassword: form.next });
      setForm({ current: '', next: '', confirm: '' });
      setDone(true);
      await props.onChanged();
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors({ current: fields.currentPassword ?? '', next: fields.newPassword ?? '' });
      if (!fields.currentPassword && !fields.newPassword) setMessage(errorText(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="password-form">
      {message && (
        <p className="notice bad" role="alert">
          {message}
        </p>
      )}
      {done && (
        <p className="notice ok" role="status">
          {t('changed')}
        </p>
      )}
      <Field id="pw-current" label={t('current')} error={errors.current || undefined}>
        {(aria) => (
          <input
            {...aria}
            type="password"
            autoComplete="current-password"
            autoFocus={props.autoFocus}
            value={form.current}
            onChange={set('current')}
          />
        )}
      </Field>
      <Field id="pw-next" label={t('next')} hint={t('nextHint')} error={errors.next || undefined}>
        {(aria) => (
          <input {...aria} type="password" autoComplete="new-password" value={form.next} onChange={set('next')} />
        )}
      </Field>
      <Field id="pw-confirm" label={t('confirm')} error={errors.confirm}>
        {(aria) => (
          <input {...aria} type="password" autoComplete="new-password" value={form.confirm} onChange={set('confirm')} />
        )}
      </Field>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}
