import type { ReactNode } from 'react';
import type { UseFormRegister } from 'react-hook-form';
import type { TQuestion } from '../../domain/definition.js';
import type { Lang } from '../shared/i18n.js';
import type { FormKey } from './i18n.js';
import { rangeText, type FormValues } from './values.js';

type T = (key: FormKey, vars?: Record<string, string | number>) => string;

export const loc = (text: { vi: string; en?: string | undefined } | undefined, lang: Lang) =>
  text ? (lang === 'en' && text.en) || text.vi : '';

const SCALE = [1, 2, 3, 4, 5] as const;

export interface QuestionProps {
  q: TQuestion;
  n: number;
  lang: Lang;
  t: T;
  register: UseFormRegister<FormValues>;
  error: string | undefined;
  idPrefix: string;
}

/** The choices of a question answered by ticking: value, label and the colour cue of a scale. */
function choicesOf(q: TQuestion, t: T, lang: Lang): Array<{ value: string; label: string; className?: string }> {
  switch (q.type) {
    case 'likert5':
    case 'agreement5': {
      const word = q.type === 'likert5' ? 'likert' : 'agree';
      return [
        ...SCALE.map((v) => ({ value: String(v), label: t(`${word}${v}`), className: `hl-l${v}` })),
        ...(q.allowNotApplicable ? [{ value: 'na', label: t('notApplicable'), className: 'hl-na' }] : []),
      ];
    }
    case 'yes_no':
      return [
        { value: 'yes', label: t('yes') },
        { value: 'no', label: t('no') },
      ];
    case 'single_choice':
    case 'multiple_choice':
      return q.options.map((o) => ({ value: o.value, label: loc(o.label, lang) }));
    default:
      return [];
  }
}

/** What a multiple-choice question asks for: "one or more", "at most 3", "2 to 3". */
function selectionHint(q: Extract<TQuestion, { type: 'multiple_choice' }>, t: T): string {
  const max = q.maxSelections ?? q.options.length;
  if (q.minSelections <= 1 && max >= q.options.length) return t('chooseMany');
  if (q.minSelections <= 1) return t('chooseUpTo', { max });
  return t('chooseBetween', { min: q.minSelections, max });
}

/**
 * One question. Each type has the input a phone handles best: radio buttons for one answer,
 * checkboxes for several, a text box with the numeric keypad for a number, a text area for words.
 * Ids end in -0 on the first input, which is where focus goes when the question needs fixing.
 */
export function Question({ q, n, lang, t, register, error, idPrefix }: QuestionProps) {
  const id = `${idPrefix}${q.key}`;
  const hint =
    q.type === 'multiple_choice'
      ? selectionHint(q, t)
      : q.type === 'number' && (q.min !== undefined || q.max !== undefined)
        ? t('numberRange', { range: rangeText(q, lang) })
        : undefined;
  const helpText = [loc(q.help, lang), hint].filter(Boolean).join(' ');
  const helpId = helpText ? `${id}-help` : undefined;
  const errId = error ? `${id}-err` : undefined;
  const describedBy = [helpId, errId].filter(Boolean).join(' ') || undefined;
  const heading = (
    <>
      <span className="hl-qnum">{t('question', { n })}</span> {loc(q.text, lang)}
      {!q.required && <span className="hl-optional"> {t('optional')}</span>}
    </>
  );
  const help = helpText && (
    <p className="hl-help" id={helpId}>
      {helpText}
    </p>
  );
  const message = error && (
    <p className="hl-err" id={errId}>
      {error}
    </p>
  );
  const field = (label: ReactNode, input: ReactNode, className: string) => (
    <div className={`hl-q ${className}`}>
      <label className="hl-qtext" htmlFor={`${id}-0`}>
        {label}
      </label>
      {help}
      {message}
      {input}
    </div>
  );
  const common = {
    id: `${id}-0`,
    'aria-invalid': error ? true : undefined,
    'aria-required': q.required || undefined,
    'aria-describedby': describedBy,
  } as const;

  if (q.type === 'text') {
    return field(
      heading,
      <textarea
        {...common}
        rows={3}
        maxLength={q.maxLength}
        placeholder={t('textPlaceholder')}
        {...register(`a.${q.key}`)}
      />,
      'hl-text',
    );
  }

  if (q.type === 'number') {
    // A text box, not type=number: it takes the Vietnamese decimal comma and never silently
    // empties what it cannot parse; inputMode brings up the numeric keypad.
    const keypad = q.integer && (q.min ?? 0) >= 0 ? 'numeric' : 'decimal';
    const unit = loc(q.unit, lang);
    return field(
      heading,
      <div className="hl-number">
        <input
          {...common}
          type="text"
          inputMode={keypad}
          autoComplete="off"
          placeholder={t('numberPlaceholder')}
          {...register(`a.${q.key}`)}
        />
        {unit && <span className="hl-unit">{unit}</span>}
      </div>,
      'hl-text',
    );
  }

  const multiple = q.type === 'multiple_choice';
  return (
    <fieldset
      className={`hl-q hl-${q.type}`}
      role={multiple ? 'group' : 'radiogroup'}
      aria-labelledby={`${id}-legend`}
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
      aria-required={q.required || undefined}
    >
      <legend id={`${id}-legend`} className="hl-qtext">
        {heading}
      </legend>
      {help}
      {message}
      <div className="hl-options">
        {choicesOf(q, t, lang).map((o, i) => (
          <label key={o.value} className={`hl-opt ${o.className ?? ''}`} htmlFor={`${id}-${i}`}>
            <input
              id={`${id}-${i}`}
              type={multiple ? 'checkbox' : 'radio'}
              value={o.value}
              aria-describedby={errId}
              {...register(`a.${q.key}`)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
