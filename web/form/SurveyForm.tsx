import { useEffect, useMemo, useRef } from 'react';
import { useForm, useWatch, type Control, type FieldErrors } from 'react-hook-form';
import type { TSurveyDefinition } from '../../domain/definition.js';
import { makeT, type Catalog, type Lang } from '../shared/i18n.js';
import { formCatalog, type FormKey } from './i18n.js';
import { loc, Question } from './Question.js';
import { answeredCount, answersResolver, emptyValues, toAnswers, type FormValues } from './values.js';
import './SurveyForm.css';

export interface SurveyFormResult {
  /** Typed answers, as POST /api/v1/public/responses takes them. */
  answers: Record<string, unknown>;
  comment: string;
  /** The honeypot's content (empty for people). */
  website: string;
}

export interface SurveyFormProps {
  definition: TSurveyDefinition;
  lang: Lang;
  onSubmit?: (result: SurveyFormResult) => void | Promise<void>;
  /** Show the form but never submit it (the admin app's preview of a draft definition). */
  preview?: boolean;
  defaultValues?: FormValues;
  /** Called on every change, e.g. to keep a draft. */
  onValuesChange?: (values: FormValues) => void;
  submitting?: boolean;
  /** Field errors from the server, by question key ("comment" for the comment box). */
  serverErrors?: Array<{ key: string; message: string }>;
  /** Prefix for element ids, when more than one form is on a page. */
  idPrefix?: string;
}

type T = (key: FormKey, vars?: Record<string, string | number>) => string;

/**
 * The survey form: questions grouped by criterion, scale answers as labelled choices, a
 * progress indicator, messages next to the questions and focus on the first one to fix.
 * Validation is the domain schema (domain/answers.ts), the same the server applies.
 */
export function SurveyForm(props: SurveyFormProps) {
  const { definition, lang, preview = false, submitting = false, idPrefix = 'hl-' } = props;
  const t: T = useMemo(() => makeT(formCatalog as Catalog<FormKey>, lang), [lang]);
  const resolver = useMemo(() => answersResolver(definition, lang), [definition, lang]);
  const { register, handleSubmit, control, setError, subscribe, formState } = useForm<FormValues>({
    resolver,
    defaultValues: props.defaultValues ?? emptyValues(),
    shouldFocusError: false,
  });
  const { errors, submitCount } = formState;

  const groups = useMemo(() => {
    const out = definition.criteria
      .map((c) => ({ criterion: c, questions: definition.questions.filter((q) => q.criterion === c.key) }))
      .filter((g) => g.questions.length > 0);
    return out;
  }, [definition]);
  const ordered = useMemo(() => groups.flatMap((g) => g.questions), [groups]);

  const focusFirstError = (errs: FieldErrors<FormValues>) => {
    const first = ordered.find((q) => errs.a?.[q.key]);
    const target = first ? `${idPrefix}${first.key}-0` : errs.comment ? `${idPrefix}comment` : undefined;
    if (target) document.getElementById(target)?.focus();
  };

  const onValuesChange = useRef(props.onValuesChange);
  useEffect(() => {
    onValuesChange.current = props.onValuesChange;
  }, [props.onValuesChange]);
  useEffect(
    () =>
      subscribe({
        formState: { values: true },
        callback: ({ values }) => onValuesChange.current?.(values),
      }),
    [subscribe],
  );

  const { serverErrors } = props;
  useEffect(() => {
    if (!serverErrors || serverErrors.length === 0) return;
    const errs: FieldErrors<FormValues> = {};
    for (const e of serverErrors) {
      if (e.key === 'comment') {
        setError('comment', { type: 'server', message: e.message });
        errs.comment = { type: 'server', message: e.message };
      } else if (definition.questions.some((q) => q.key === e.key)) {
        setError(`a.${e.key}`, { type: 'server', message: e.message });
        errs.a = { ...errs.a, [e.key]: { type: 'server', message: e.message } };
      }
    }
    focusFirstError(errs);
    // Only new server errors should move the focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverErrors]);

  const submit = handleSubmit(async (values) => {
    if (preview) return;
    await props.onSubmit?.({
      answers: toAnswers(definition, values.a),
      comment: values.comment.trim(),
      website: values.website,
    });
  }, focusFirstError);

  const errorCount = Object.keys(errors.a ?? {}).length + (errors.comment ? 1 : 0);
  let number = 0;

  return (
    <form className="hl-form" noValidate onSubmit={submit} lang={lang}>
      <Progress control={control} definition={definition} t={t} />
      <p className="hl-note">{t('requiredNote')}</p>
      {submitCount > 0 && errorCount > 0 && (
        <p className="hl-summary" role="alert">
          {t('errorSummary', { n: errorCount })}
        </p>
      )}
      {groups.map((g, gi) => (
        <section key={g.criterion.key} className="hl-section" aria-labelledby={`${idPrefix}sec-${g.criterion.key}`}>
          <h2 id={`${idPrefix}sec-${g.criterion.key}`}>
            <span className="hl-part">{t('part', { n: gi + 1, total: groups.length })}</span>
            {loc(g.criterion.title, lang)}
          </h2>
          {g.questions.map((q) => (
            <Question
              key={q.key}
              q={q}
              n={++number}
              lang={lang}
              t={t}
              register={register}
              error={errors.a?.[q.key]?.message}
              idPrefix={idPrefix}
            />
          ))}
        </section>
      ))}
      {definition.allowComment && (
        <div className="hl-q hl-text">
          <label className="hl-qtext" htmlFor={`${idPrefix}comment`}>
            {t('commentLabel')}
          </label>
          <p className="hl-help" id={`${idPrefix}comment-help`}>
            {t('commentHelp')}
          </p>
          {errors.comment?.message && (
            <p className="hl-err" id={`${idPrefix}comment-err`}>
              {errors.comment.message}
            </p>
          )}
          <textarea
            id={`${idPrefix}comment`}
            rows={4}
            maxLength={2000}
            aria-invalid={errors.comment ? true : undefined}
            aria-describedby={`${idPrefix}comment-help${errors.comment ? ` ${idPrefix}comment-err` : ''}`}
            {...register('comment')}
          />
        </div>
      )}
      {/* A field people never see or reach; software that fills every field fills it. */}
      <div className="hl-hp" aria-hidden="true">
        <label htmlFor={`${idPrefix}website`}>{t('honeypot')}</label>
        <input id={`${idPrefix}website`} type="text" tabIndex={-1} autoComplete="off" {...register('website')} />
      </div>
      <button className="hl-submit" type="submit" disabled={preview || submitting} aria-busy={submitting || undefined}>
        {submitting ? t('sending') : t('submit')}
      </button>
      {preview && <p className="hl-note">{t('preview')}</p>}
    </form>
  );
}

function Progress({ control, definition, t }: { control: Control<FormValues>; definition: TSurveyDefinition; t: T }) {
  const answers = useWatch({ control, name: 'a' });
  const total = definition.questions.length;
  const done = answeredCount(definition, answers);
  const text = t('progress', { done, total });
  return (
    <div className="hl-progress">
      <span aria-hidden="true">{text}</span>
      <progress max={total} value={done} aria-label={t('progressLabel')} aria-valuetext={text} />
    </div>
  );
}
