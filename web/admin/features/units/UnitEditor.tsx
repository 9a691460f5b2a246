import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Field } from '../../components/Field.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { SCHOOL_LEVELS, UNIT_KINDS } from '../../../../domain/contract/units.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { ZUnitOne, type TUnit } from '../../../../domain/contract/units.js';
import { kindLabel, levelLabel, t } from './i18n.js';

/** Edit one unit (administrators). The server applies the same rules as the CSV import. */
export function UnitEditor(props: { unit: TUnit; onSaved: (unit: TUnit) => void; onCancel: () => void }) {
  const { unit } = props;
  const [form, setForm] = useState({
    name: unit.name,
    kind: unit.kind,
    level: unit.level ?? '',
    parentCode: unit.parentCode ?? '',
    ward: unit.ward ?? '',
    enrolment: unit.enrolment === null ? '' : String(unit.enrolment),
  });
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      send('PATCH', `/api/v1/units/${encodeURIComponent(unit.code)}`, body, ZUnitOne),
    onSuccess: async (res) => {
      // Every list, unit and unit picker may show the change.
      await queryClient.invalidateQueries({ queryKey: ['units'] });
      props.onSaved(res.unit);
    },
  });
  const errors = fieldErrors(save.error);
  const busy = save.isPending;

  function submit(e: FormEvent) {
    e.preventDefault();
    const enrolment = form.enrolment.trim() === '' ? null : Number(form.enrolment);
    save.mutate({
      name: form.name,
      kind: form.kind,
      level: form.level || null,
      parentCode: form.parentCode || null,
      ward: form.ward.trim() || null,
      enrolment: Number.isNaN(enrolment) ? -1 : enrolment,
    });
  }

  return (
    <form className="panel" onSubmit={submit} noValidate aria-labelledby="unit-editor-title">
      <h2 id="unit-editor-title">{t('editTitle', { code: unit.code })}</h2>
      {save.error && (
        <p className="notice bad" role="alert">
          {errorText(save.error)}
        </p>
      )}
      <div className="form-grid">
        <Field id="unit-name" label={t('name')} error={errors.name}>
          {(aria) => <input {...aria} value={form.name} onChange={(e) => set('name')(e.target.value)} required />}
        </Field>
        <Field id="unit-kind" label={t('kind')} error={errors.kind}>
          {(aria) => (
            <select {...aria} value={form.kind} onChange={(e) => set('kind')(e.target.value)}>
              {UNIT_KINDS.map((k) => (
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
              {SCHOOL_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {levelLabel(l)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <UnitPicker
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
