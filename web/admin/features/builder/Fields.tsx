import { createContext, useContext } from 'react';
import { Field } from '../../components/Field.js';
import { cleanText, type Text } from './model.js';

/** The draft's problems by path (e.g. "questions[2].text.vi"), from the same check the server runs. */
export const ProblemsContext = createContext<Map<string, string>>(new Map());
export const useProblem = (path: string) => useContext(ProblemsContext).get(path);

/** Path to a field's id: "questions[2].text.vi" → "b-questions-2-text-vi". */
export const fieldId = (path: string) => `b-${path.replace(/[[\].]+/g, '-').replace(/-$/, '')}`;

export function TextInput(props: {
  path: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  hint?: string;
  multiline?: boolean;
}) {
  const error = useProblem(props.path);
  return (
    <Field id={fieldId(props.path)} label={props.label} error={error} hint={props.hint}>
      {(aria) =>
        props.multiline ? (
          <textarea {...aria} rows={2} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
        ) : (
          <input {...aria} value={props.value} onChange={(e) => props.onChange(e.target.value)} />
        )
      }
    </Field>
  );
}

/** Vietnamese and English text side by side; an optional text is left out while both are empty. */
export function TextPair(props: {
  path: string;
  labels: [string, string];
  value: Text | undefined;
  onChange: (v: Text | undefined) => void;
  optional?: boolean;
  multiline?: boolean;
}) {
  const value = props.value ?? { vi: '' };
  const set = (next: Text) => props.onChange(props.optional && !next.vi && !next.en ? undefined : cleanText(next));
  const whole = useProblem(props.path);
  return (
    <div className="b-pair">
      <TextInput
        path={`${props.path}.vi`}
        label={props.labels[0]}
        value={value.vi}
        multiline={props.multiline}
        onChange={(vi) => set({ ...value, vi })}
      />
      <TextInput
        path={`${props.path}.en`}
        label={props.labels[1]}
        value={value.en ?? ''}
        multiline={props.multiline}
        onChange={(en) => set({ ...value, en })}
      />
      {whole && <p className="field-error">{whole}</p>}
    </div>
  );
}

export function NumberInput(props: {
  path: string;
  label: string;
  value: number | undefined;
  onChange: (v: number | undefined) => void;
  hint?: string;
  step?: string;
}) {
  const error = useProblem(props.path);
  return (
    <Field id={fieldId(props.path)} label={props.label} error={error} hint={props.hint}>
      {(aria) => (
        <input
          {...aria}
          type="number"
          inputMode="decimal"
          step={props.step ?? 'any'}
          value={props.value ?? ''}
          onChange={(e) => props.onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      )}
    </Field>
  );
}

export function CheckInput(props: { path: string; label: string; value: boolean; onChange: (v: boolean) => void }) {
  const error = useProblem(props.path);
  const id = fieldId(props.path);
  return (
    <div className={`field b-check${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>
        <input id={id} type="checkbox" checked={props.value} onChange={(e) => props.onChange(e.target.checked)} />{' '}
        {props.label}
      </label>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}
