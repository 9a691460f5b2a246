import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { ZProfile, type TProfile } from '../../../../domain/contract/settings.js';
import { Field } from '../../components/Field.js';
import { errorText, fieldErrors, get, send } from '../../lib/api.js';
import { t } from './i18n.js';

const URL = '/api/v1/settings/profile';

/** One's own name and official title, printed when one certifies (freezes) a report. */
export function ProfileForm() {
  const loaded = useQuery({ queryKey: ['settings', 'profile'], queryFn: ({ signal }) => get(URL, ZProfile, signal) });
  const [form, setForm] = useState<TProfile | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data && !form) setForm(loaded.data);
  }, [loaded.data, form]);
  if (!form)
    return (
      <p className="muted" aria-busy={!loaded.error}>
        {loaded.error ? errorText(loaded.error) : t('loading')}
      </p>
    );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    setMessage(null);
    setBusy(true);
    try {
      setForm(await send('PUT', URL, form, ZProfile));
      setMessage({ ok: true, text: t('saved') });
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Field id="profile-name" label={t('displayName')} error={errors.displayName}>
        {(aria) => (
          <input
            {...aria}
            autoComplete="name"
            value={form.displayName}
            onChange={(e) => setForm({ ...form, displayName: e.target.value })}
          />
        )}
      </Field>
      <Field id="profile-title" label={t('personTitle')} hint={t('personTitleHint')} error={errors.title}>
        {(aria) => (
          <input
            {...aria}
            autoComplete="organization-title"
            value={form.title}
            onChange={(e) => setForm({ ...form, title: e.target.value })}
          />
        )}
      </Field>
      {message && (
        <p className={`notice ${message.ok ? 'ok' : 'bad'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}
