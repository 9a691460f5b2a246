import { Field } from '../../components/Field.js';
import { CheckInput, fieldId, NumberInput, TextInput, TextPair, useProblem } from './Fields.js';
import { t, tDynamic } from './i18n.js';
import {
  QUESTION_TYPES,
  move,
  replaceAt,
  typeInfo,
  withType,
  type Draft,
  type DraftQuestion,
  type Text,
} from './model.js';

type Option = { value: string; label: Text };

function OptionsEditor(props: { path: string; options: Option[]; onChange: (o: Option[]) => void }) {
  const { path, options, onChange } = props;
  const whole = useProblem(path);
  return (
    <fieldset className="b-options">
      <legend>{t('options')}</legend>
      {whole && <p className="field-error">{whole}</p>}
      {options.map((o, j) => (
        <div className="b-option" key={j}>
          <TextInput
            path={`${path}[${j}].value`}
            label={t('optionValue')}
            value={o.value}
            onChange={(value) => onChange(replaceAt(options, j, { ...o, value }))}
          />
          <TextPair
            path={`${path}[${j}].label`}
            labels={[t('optionVi'), t('optionEn')]}
            value={o.label}
            onChange={(label) => onChange(replaceAt(options, j, { ...o, label: label ?? { vi: '' } }))}
          />
          <button
            type="button"
            className="secondary"
            aria-label={t('removeNamed', { name: o.label.vi || o.value })}
            onClick={() => onChange(options.filter((_, i) => i !== j))}
          >
            {t('remove')}
          </button>
        </div>
      ))}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...options, { value: `opt${options.length + 1}`, label: { vi: '' } }])}
      >
        {t('addOption')}
      </button>
    </fieldset>
  );
}

/** One question: what every type has, then the settings of its type as the definition schema lists them. */
export function QuestionEditor(props: {
  draft: Draft;
  index: number;
  onChange: (questions: Draft['questions']) => void;
}) {
  const { draft, index } = props;
  const q = draft.questions[index]!;
  const path = `questions[${index}]`;
  const set = (next: DraftQuestion) => props.onChange(replaceAt(draft.questions, index, next));
  const field = (name: string, value: unknown) => {
    const next: DraftQuestion = { ...q };
    if (value === undefined) delete next[name];
    else next[name] = value;
    set(next);
  };
  const name = t('question', { n: index + 1 });
  const criterionError = useProblem(`${path}.criterion`);
  const typeError = useProblem(`${path}.type`);
  return (
    <li className="b-card" data-testid="b-question">
      <div className="b-card-head">
        <h3>{name}</h3>
        <div className="b-card-actions">
          <button
            type="button"
            className="secondary"
            aria-label={t('upNamed', { name })}
            disabled={index === 0}
            onClick={() => props.onChange(move(draft.questions, index, index - 1))}
          >
            ↑
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={t('downNamed', { name })}
            disabled={index === draft.questions.length - 1}
            onClick={() => props.onChange(move(draft.questions, index, index + 1))}
          >
            ↓
          </button>
          <button
            type="button"
            className="secondary"
            aria-label={t('removeNamed', { name })}
            onClick={() => props.onChange(draft.questions.filter((_, i) => i !== index))}
          >
            {t('remove')}
          </button>
        </div>
      </div>
      <div className="form-grid">
        <Field id={fieldId(`${path}.type`)} label={t('type')} error={typeError}>
          {(aria) => (
            <select {...aria} value={q.type} onChange={(e) => set(withType(q, e.target.value))}>
              {QUESTION_TYPES.map((x) => (
                <option key={x.type} value={x.type}>
                  {tDynamic(`type_${x.type}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={fieldId(`${path}.criterion`)} label={t('criterion')} error={criterionError}>
          {(aria) => (
            <select {...aria} value={q.criterion} onChange={(e) => field('criterion', e.target.value)}>
              <option value="">{t('chooseCriterion')}</option>
              {draft.criteria.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.title.vi || c.key}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextInput
          path={`${path}.key`}
          label={t('questionKey')}
          hint={t('keyHint')}
          value={q.key}
          onChange={(v) => field('key', v)}
        />
      </div>
      <TextPair
        path={`${path}.text`}
        labels={[t('textVi'), t('textEn')]}
        value={q.text}
        multiline
        onChange={(v) => field('text', v ?? { vi: '' })}
      />
      <TextPair
        path={`${path}.help`}
        labels={[t('helpVi'), t('helpEn')]}
        value={q.help}
        optional
        onChange={(v) => field('help', v)}
      />
      <div className="form-grid">
        <CheckInput
          path={`${path}.required`}
          label={t('required')}
          value={q.required ?? typeInfo(q.type)?.requiredDefault ?? true}
          onChange={(v) => field('required', v)}
        />
        {typeInfo(q.type)
          ?.settings.filter((s) => s.kind === 'boolean')
          .map((s) => (
            <CheckInput
              key={s.name}
              path={`${path}.${s.name}`}
              label={tDynamic(`setting_${s.name}`)}
              value={Boolean(q[s.name] ?? s.defaultValue)}
              onChange={(v) => field(s.name, v)}
            />
          ))}
        {typeInfo(q.type)
          ?.settings.filter((s) => s.kind === 'number')
          .map((s) => (
            <NumberInput
              key={s.name}
              path={`${path}.${s.name}`}
              label={tDynamic(`setting_${s.name}`)}
              value={typeof q[s.name] === 'number' ? (q[s.name] as number) : undefined}
              onChange={(v) => field(s.name, v ?? (s.optional ? undefined : s.defaultValue))}
            />
          ))}
      </div>
      {typeInfo(q.type)
        ?.settings.filter((s) => s.kind === 'text')
        .map((s) => (
          <TextPair
            key={s.name}
            path={`${path}.${s.name}`}
            labels={[
              t('inVi', { label: tDynamic(`setting_${s.name}`) }),
              t('inEn', { label: tDynamic(`setting_${s.name}`) }),
            ]}
            value={q[s.name] as Text | undefined}
            optional={s.optional}
            onChange={(v) => field(s.name, v)}
          />
        ))}
      {typeInfo(q.type)
        ?.settings.filter((s) => s.kind === 'options')
        .map((s) => (
          <OptionsEditor
            key={s.name}
            path={`${path}.${s.name}`}
            options={(q[s.name] as Option[] | undefined) ?? []}
            onChange={(o) => field(s.name, o)}
          />
        ))}
    </li>
  );
}
