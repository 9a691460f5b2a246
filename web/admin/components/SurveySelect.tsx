import { useQuery } from '@tanstack/react-query';
import { surveysQuery } from '../lib/queries.js';
import { currentLang } from '../../shared/i18n.js';
import { Field } from './Field.js';

/** A survey chosen from the list by its title (in the page's language); the value is its slug. */
export function SurveySelect(props: {
  id: string;
  label: string;
  /** The first, empty option ("choose a survey"). */
  placeholder: string;
  /** The chosen survey's slug, or '' for none. */
  value: string;
  onChange: (slug: string) => void;
  error?: string | undefined;
}) {
  const lang = currentLang();
  const { data: surveys } = useQuery(surveysQuery);
  return (
    <Field id={props.id} label={props.label} error={props.error}>
      {(aria) => (
        <select {...aria} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
          <option value="">{props.placeholder}</option>
          {surveys?.surveys.map((s) => (
            <option key={s.slug} value={s.slug}>
              {(lang === 'en' ? s.title.en : null) ?? s.title.vi}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
