import { Field } from '../../components/Field.js';
import { SCHOOL_LEVELS, SURVEY_KINDS } from '../../../../domain/definition.js';
import { SCHOOL_LEVEL_LABELS } from '../../../../domain/contract/units.js';
import { currentLang } from '../../../shared/i18n.js';
import { CheckInput, fieldId, NumberInput, TextInput, TextPair, useProblem } from './Fields.js';
import { t, tDynamic } from './i18n.js';
import { freeKey, move, replaceAt, type Draft, type Text } from './model.js';

type SetField = (name: string, value: unknown) => void;

/** The survey's own fields: code, kind and level, texts, target and the comment box. */
export function SurveySection({ draft, set }: { draft: Draft; set: SetField }) {
  const kindError = useProblem('kind');
  const levelError = useProblem('level');
  const target = typeof draft.target === 'number' ? Math.round(draft.target * 1000) / 10 : undefined;
  return (
    <section className="panel" aria-labelledby="b-survey-title">
      <h2 id="b-survey-title">{t('surveyTitle')}</h2>
      <div className="form-grid">
        <TextInput
          path="slug"
          label={t('slug')}
          hint={t('slugHint')}
          value={draft.slug ?? ''}
          onChange={(v) => set('slug', v)}
        />
        <Field id={fieldId('kind')} label={t('kind')} error={kindError}>
          {(aria) => (
            <select {...aria} value={String(draft.kind ?? '')} onChange={(e) => set('kind', e.target.value)}>
              {SURVEY_KINDS.map((k) => (
                <option key={k} value={k}>
                  {tDynamic(`kind_${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field id={fieldId('level')} label={t('level')} error={levelError}>
          {(aria) => (
            <select
              {...aria}
              value={String(draft.level ?? '')}
              onChange={(e) => set('level', e.target.value || undefined)}
            >
              <option value="">{t('noLevel')}</option>
              {SCHOOL_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {SCHOOL_LEVEL_LABELS[l][currentLang()]}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <TextPair
        path="title"
        labels={[t('titleVi'), t('titleEn')]}
        value={draft.title}
        onChange={(v) => set('title', v ?? { vi: '' })}
      />
      <TextPair
        path="description"
        labels={[t('descriptionVi'), t('descriptionEn')]}
        value={draft.description as Text | undefined}
        optional
        multiline
        onChange={(v) => set('description', v)}
      />
      <TextPair
        path="audience"
        labels={[t('audienceVi'), t('audienceEn')]}
        value={draft.audience as Text | undefined}
        onChange={(v) => set('audience', v ?? { vi: '' })}
      />
      <div className="form-grid">
        <NumberInput
          path="target"
          label={t('target')}
          value={target}
          onChange={(v) => set('target', v === undefined ? undefined : v / 100)}
        />
        <NumberInput
          path="minSecondsToComplete"
          label={t('minSeconds')}
          hint={t('minSecondsHint')}
          step="1"
          value={typeof draft.minSecondsToComplete === 'number' ? draft.minSecondsToComplete : undefined}
          onChange={(v) => set('minSecondsToComplete', v)}
        />
        <CheckInput
          path="allowComment"
          label={t('allowComment')}
          value={draft.allowComment !== false}
          onChange={(v) => set('allowComment', v)}
        />
      </div>
    </section>
  );
}

/** Criteria: add, rename, reorder, delete. A renamed key moves its questions along. */
export function CriteriaSection({ draft, onChange }: { draft: Draft; onChange: (next: Draft) => void }) {
  const whole = useProblem('criteria');
  const setCriteria = (criteria: Draft['criteria'], questions = draft.questions) =>
    onChange({ ...draft, criteria, questions });
  return (
    <section className="panel" aria-labelledby="b-criteria-title">
      <h2 id="b-criteria-title">{t('criteriaTitle')}</h2>
      {whole && <p className="field-error">{whole}</p>}
      <ol className="b-list">
        {draft.criteria.map((c, i) => {
          const name = c.title.vi || c.key;
          return (
            <li className="b-card" key={i} data-testid="b-criterion">
              <div className="form-grid">
                <TextInput
                  path={`criteria[${i}].key`}
                  label={t('criterionKey')}
                  value={c.key}
                  onChange={(key) =>
                    setCriteria(
                      replaceAt(draft.criteria, i, { ...c, key }),
                      draft.questions.map((q) => (q.criterion === c.key ? { ...q, criterion: key } : q)),
                    )
                  }
                />
              </div>
              <TextPair
                path={`criteria[${i}].title`}
                labels={[t('criterionVi'), t('criterionEn')]}
                value={c.title}
                onChange={(title) => setCriteria(replaceAt(draft.criteria, i, { ...c, title: title ?? { vi: '' } }))}
              />
              <div className="b-card-actions">
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('upNamed', { name })}
                  disabled={i === 0}
                  onClick={() => setCriteria(move(draft.criteria, i, i - 1))}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('downNamed', { name })}
                  disabled={i === draft.criteria.length - 1}
                  onClick={() => setCriteria(move(draft.criteria, i, i + 1))}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="secondary"
                  aria-label={t('removeNamed', { name })}
                  onClick={() => setCriteria(draft.criteria.filter((_, j) => j !== i))}
                >
                  {t('remove')}
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="secondary"
        onClick={() =>
          setCriteria([
            ...draft.criteria,
            {
              key: freeKey(
                'c',
                draft.criteria.map((c) => c.key),
              ),
              title: { vi: '' },
            },
          ])
        }
      >
        {t('addCriterion')}
      </button>
    </section>
  );
}
