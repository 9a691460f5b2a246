import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react';
import {
  LOGO_MAX_BYTES,
  LOGO_TYPES,
  ZLogoInput,
  ZOrganisation,
  type TLogoInput,
  type TOrganisation,
  type TOrganisationInput,
} from '../../../../domain/contract/settings.js';
import { Field } from '../../components/Field.js';
import { errorText, fieldErrors, get, send } from '../../lib/api.js';
import { t } from './i18n.js';

const URL = '/api/v1/settings/organisation';
const KEY = ['settings', 'organisation'];

type TextKey = 'governingBody' | 'name' | 'nameEn' | 'place' | 'documentSymbol' | 'signerAuthority' | 'signerTitle';
const TEXT_FIELDS: Array<{ key: TextKey; hint?: Parameters<typeof t>[0] }> = [
  { key: 'governingBody', hint: 'governingBodyHint' },
  { key: 'name', hint: 'nameHint' },
  { key: 'nameEn' },
  { key: 'place', hint: 'placeHint' },
  { key: 'documentSymbol', hint: 'documentSymbolHint' },
  { key: 'signerAuthority', hint: 'signerAuthorityHint' },
  { key: 'signerTitle' },
];

interface Draft {
  fields: Omit<TOrganisationInput, 'logo' | 'recipients'> & { recipients: string };
  /** undefined: keep the stored logo; null: remove it. */
  logo: TLogoInput | null | undefined;
}

const draftOf = (o: TOrganisation): Draft => ({
  fields: {
    governingBody: o.governingBody,
    name: o.name,
    nameEn: o.nameEn,
    place: o.place,
    documentSymbol: o.documentSymbol,
    signerAuthority: o.signerAuthority,
    signerTitle: o.signerTitle,
    signerName: o.signerName,
    recipients: o.recipients.join('\n'),
  },
  logo: undefined,
});

/** The file's bytes as base64 (FileReader gives a data: URL; the part after the comma). */
function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

/** The organisation's identity, as printed on reports (Nghị định 30/2020 layout) and the public page. */
export function OrganisationForm() {
  const queryClient = useQueryClient();
  const loaded = useQuery({ queryKey: KEY, queryFn: ({ signal }) => get(URL, ZOrganisation, signal) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (loaded.data && !draft) setDraft(draftOf(loaded.data));
  }, [loaded.data, draft]);
  if (!draft || !loaded.data)
    return (
      <p className="muted" aria-busy={!loaded.error}>
        {loaded.error ? errorText(loaded.error) : t('loading')}
      </p>
    );
  const stored = loaded.data;
  const set = (key: keyof Draft['fields']) => (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
    setDraft({ ...draft, fields: { ...draft.fields, [key]: e.target.value } });

  async function pickLogo(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setErrors((x) => ({ ...x, 'logo.data': '' }));
    if (!file) return;
    const mediaType = ZLogoInput.shape.mediaType.safeParse(file.type);
    if (!mediaType.success) {
      setErrors((x) => ({ ...x, 'logo.data': t('logoWrongType') }));
      return;
    }
    if (file.size > LOGO_MAX_BYTES) {
      setErrors((x) => ({ ...x, 'logo.data': t('logoTooBig') }));
      return;
    }
    const data = await readBase64(file);
    setDraft((d) => d && { ...d, logo: { mediaType: mediaType.data, data } });
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    setErrors({});
    setMessage(null);
    setBusy(true);
    const body: TOrganisationInput = {
      ...draft.fields,
      recipients: draft.fields.recipients
        .split('\n')
        .map((r) => r.trim())
        .filter(Boolean),
      ...(draft.logo !== undefined ? { logo: draft.logo } : {}),
    };
    try {
      const saved = await send('PUT', URL, body, ZOrganisation);
      queryClient.setQueryData(KEY, saved);
      setDraft(draftOf(saved));
      setMessage({ ok: true, text: t('saved') });
    } catch (err) {
      const fields = fieldErrors(err);
      // "recipients.2" → the recipients box.
      for (const k of Object.keys(fields)) if (k.startsWith('recipients.')) fields.recipients ??= fields[k]!;
      setErrors(fields);
      setMessage({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  }

  const showLogo = draft.logo === undefined ? stored.logo !== null : draft.logo !== null;
  return (
    <form onSubmit={submit} noValidate>
      {TEXT_FIELDS.map(({ key, hint }) => (
        <Field key={key} id={`org-${key}`} label={t(key)} hint={hint ? t(hint) : undefined} error={errors[key]}>
          {(aria) => <input {...aria} value={draft.fields[key]} onChange={set(key)} />}
        </Field>
      ))}
      <Field id="org-signerName" label={t('signerName')} error={errors.signerName}>
        {(aria) => <input {...aria} value={draft.fields.signerName} onChange={set('signerName')} />}
      </Field>
      <Field id="org-recipients" label={t('recipients')} hint={t('recipientsHint')} error={errors.recipients}>
        {(aria) => <textarea {...aria} value={draft.fields.recipients} onChange={set('recipients')} />}
      </Field>
      <Field id="org-logo" label={t('logo')} hint={t('logoHint')} error={errors['logo.data'] || undefined}>
        {(aria) => (
          <div className="logo-preview">
            {showLogo && draft.logo === undefined && (
              <img
                src={`/api/v1/public/organisation/logo?v=${encodeURIComponent(stored.updatedAt ?? '')}`}
                alt={t('logoCurrent')}
              />
            )}
            {showLogo && draft.logo && (
              <img src={`data:${draft.logo.mediaType};base64,${draft.logo.data}`} alt={t('logoCurrent')} />
            )}
            {!showLogo && <span className="muted">{t('logoNone')}</span>}
            <input {...aria} type="file" accept={LOGO_TYPES.join(',')} onChange={pickLogo} />
            {showLogo && (
              <button type="button" className="secondary" onClick={() => setDraft({ ...draft, logo: null })}>
                {t('logoRemove')}
              </button>
            )}
          </div>
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
