import { useState, type FormEvent } from 'react';
import { api } from '../../api.js';
import { Field } from '../../components/Field.js';
import { UnitInput } from '../../components/UnitInput.js';
import { fieldErrors } from '../../components/useFetch.js';
import { KINDS, kindLabel, LEVELS, levelLabel, t, type Unit } from './i18n.js';

/** Edit one unit (administrators). The server applies the same rules as the CSV import. */
export function UnitEditor(props: { unit: Unit; onSaved: (unit: Unit) => void; onCancel: () => void }) {
  const { unit } = props;
  const [form, setForm] = useState({
    name: unit.name,
    kind: unit.kind,
    level: unit.level ?? '',
    parentCode: unit.parentCode ?? '',
    ward: unit.ward ?? '',
    enrolment: unit.enrolment === null ? '' : String(unit.enrolment),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setMessage(null);
    const enrolment = form.enrolment.trim() === '' ? null : Number(form.enrolment);
    try {
      const res = await api<{ unit: Unit }>(`/api/v1/units/${encodeURIComponent(unit.code)}`, {
        method: 'PATCH',
        body: {
          name: form.name,
          kind: form.kind,
          level: form.level || null,
          parentCode: form.parentCode || null,
          ward: form.ward.trim() || null,
          enrolment: Number.isNaN(enrolment) ? -1 : enrolment,
        },
      });
      props.onSaved(res.unit);
    } catch (err) {
      setErrors(fieldErrors(err));
      setMessage((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="unit-editor-title">
      <h2 id="unit-editor-title">{t('editTitle', { code: unit.code })}</h2>
      {message && (
        <p className="notice bad" role="alert">
          {message}
        </p>
      )}
      <div className="form-grid">
        <Field id="unit-name" label={t('name')} error={errors.name}>
          {(aria) => <input {...aria} value={form.name} onChange={(e) => set('name')(e.target.value)} required />}
        </Field>
        <Field id="unit-kind" label={t('kind')} error={errors.kind}>
          {(aria) => (
            <select {...aria} value={form.kind} onChange={(e) => set('kind')(e.target.value)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {kindLabel(k)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id="unit-level" label={t('level')} error={errors.level}>
          {(aria) => (
            <select {...aria} value={form.level} onChange={(e) => set('level')(e.target.value)}>
              <option value="">—</option>
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(l)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <UnitInput
          id="unit-parent"
          label={t('parent')}
          value={form.parentCode}
          onChange={set('parentCode')}
          error={errors.parentCode}
          hint={t('noParent')}
        />
        <Field id="unit-ward" label={t('ward')} error={errors.ward}>
          {(aria) => <input {...aria} value={form.ward} onChange={(e) => set('ward')(e.target.value)} />}
        </Field>
        <Field id="unit-enrolment" label={t('enrolment')} error={errors.enrolment}>
          {(aria) => (
            <input
              {...aria}
              inputMode="numeric"
              value={form.enrolment}
              onChange={(e) => set('enrolment')(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          {busy ? t('saving') : t('save')}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          {t('cancel')}
        </button>
      </div>
    </form>
  );
}
