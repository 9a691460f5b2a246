import { Field } from '../../components/Field.js';
import { UnitPicker } from '../../components/UnitPicker.js';
import { ROLES, ZRole } from '../../../../domain/contract/roles.js';
import { roleLabel, t, type RoleInput } from './i18n.js';

/** A list of roles, each with its unit when it is a unit manager's. */
export function RolesEditor(props: {
  id: string;
  roles: RoleInput[];
  onChange: (roles: RoleInput[]) => void;
  errors: Record<string, string>;
}) {
  const { roles, onChange, errors } = props;
  const update = (i: number, change: Partial<RoleInput>) =>
    onChange(roles.map((r, j) => (j === i ? { ...r, ...change } : r)));
  return (
    <fieldset className="roles-editor">
      <legend>{t('roles')}</legend>
      {roles.length === 0 && <p className="field-hint">{t('noRoles')}</p>}
      {errors.roles && <p className="field-error">{errors.roles}</p>}
      {roles.map((r, i) => (
        <div key={i} className="form-grid role-row">
          <Field id={`${props.id}-role-${i}`} label={t('role')} error={errors[`roles.${i}.role`]}>
            {(aria) => (
              <select
                {...aria}
                value={r.role}
                onChange={(e) => update(i, { role: ZRole.parse(e.target.value), unitCode: '' })}
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {roleLabel(role)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {r.role === 'unit_manager' && (
            <UnitPicker
              id={`${props.id}-unit-${i}`}
              label={t('unit')}
              value={r.unitCode}
              onChange={(unitCode) => update(i, { unitCode })}
              error={errors[`roles.${i}.unitCode`]}
              required
            />
          )}
          <div className="actions">
            <button
              type="button"
              className="small secondary"
              onClick={() => onChange(roles.filter((_, j) => j !== i))}
              aria-label={`${t('removeRole')} ${i + 1}`}
            >
              {t('removeRole')}
            </button>
          </div>
        </div>
      ))}
      <button
        type="button"
        className="small secondary"
        onClick={() => onChange([...roles, { role: 'unit_manager', unitCode: '' }])}
      >
        {t('addRole')}
      </button>
    </fieldset>
  );
}
