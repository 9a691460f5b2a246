import { useQuery } from '@tanstack/react-query';
import { unitsQuery } from '../lib/queries.js';
import { Field } from './Field.js';

/**
 * A unit chosen by code, with the names the user may pick from offered as they type (only
 * the units the user can see: the API scopes the list).
 */
export function UnitInput(props: {
  id: string;
  label: string;
  value: string;
  onChange: (code: string) => void;
  error?: string | undefined;
  hint?: string | undefined;
  placeholder?: string;
  required?: boolean;
}) {
  const { data } = useQuery(unitsQuery());
  const listId = `${props.id}-options`;
  const chosen = data?.units.find((u) => u.code === props.value);
  return (
    <Field id={props.id} label={props.label} error={props.error} hint={chosen ? chosen.name : props.hint}>
      {(aria) => (
        <>
          <input
            {...aria}
            list={listId}
            value={props.value}
            placeholder={props.placeholder}
            required={props.required}
            autoComplete="off"
            onChange={(e) => props.onChange(e.target.value.trim())}
          />
          <datalist id={listId}>
            {data?.units.map((u) => (
              <option key={u.code} value={u.code}>
                {u.name}
              </option>
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}
