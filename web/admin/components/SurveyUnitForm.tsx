import { useState, type ReactNode } from 'react';
import { errorText } from '../lib/api.js';
import { SurveySelect } from './SurveySelect.js';
import { UnitPicker } from './UnitPicker.js';

/** The survey and unit chosen in a SurveyUnitForm (slug and unit code; '' for none). */
export function useSurveyUnit() {
  const [survey, setSurvey] = useState('');
  const [unit, setUnit] = useState('');
  return { survey, setSurvey, unit, setUnit };
}

/**
 * The card that starts a staff-run collection for one survey at one unit (a paper batch, an
 * interview list, a kiosk): its title, the survey and unit pickers, the feature's own fields, the
 * error that belongs to no field, and the submit button. Ids are `${id}-survey`, `${id}-unit`, `${id}-title`.
 */
export function SurveyUnitForm(props: {
  id: string;
  className: string;
  title: string;
  submit: string;
  /** The feature's words for the pickers. */
  t: (key: 'survey' | 'chooseSurvey' | 'unit') => string;
  target: ReturnType<typeof useSurveyUnit>;
  /** The submit (a TanStack mutation): its non-field error is shown here. */
  mutation: { error: Error | null; isPending: boolean; mutate: (variables: void) => void };
  /** Field errors of the last submit (fieldErrors), by path. */
  errors: Record<string, string>;
  /** The key of the unit's error: the API names the field it takes (unit or unitId). */
  unitField?: string;
  /** The feature's own fields, after the unit. */
  children: ReactNode;
  /** What the last submit made, above the button. */
  status?: ReactNode;
  /** Below the form, still in the card. */
  footer?: ReactNode;
}) {
  const { id, errors, t, target, mutation } = props;
  return (
    <section aria-labelledby={`${id}-title`} className={props.className}>
      <h2 id={`${id}-title`}>{props.title}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          mutation.mutate();
        }}
      >
        <SurveySelect
          id={`${id}-survey`}
          label={t('survey')}
          placeholder={t('chooseSurvey')}
          value={target.survey}
          onChange={target.setSurvey}
          error={errors.survey}
        />
        <UnitPicker
          id={`${id}-unit`}
          label={t('unit')}
          value={target.unit}
          onChange={target.setUnit}
          error={errors[props.unitField ?? 'unit']}
        />
        {props.children}
        {mutation.error && !Object.keys(errors).length && <p className="field-error">{errorText(mutation.error)}</p>}
        {props.status}
        <button type="submit" disabled={mutation.isPending}>
          {props.submit}
        </button>
      </form>
      {props.footer}
    </section>
  );
}
