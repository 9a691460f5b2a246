import type { DefinitionDiff, FieldChange, QuestionSummary } from '../../../../domain/definition-diff.js';
import type { TCriterion } from '../../../../domain/definition.js';
import { currentLang } from '../../../shared/i18n.js';
import { fieldLabel, t, typeLabel } from './i18n.js';

function show(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? '✓' : '✗';
  return JSON.stringify(value);
}

function Changes({ changes, caption }: { changes: FieldChange[]; caption: string }) {
  const lang = currentLang();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('field')}</th>
            <th scope="col">{t('before')}</th>
            <th scope="col">{t('after')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">{fieldLabel(c.field, lang)}</th>
              <td className="diff-before">{c.field === 'type' ? typeLabel(String(c.before), lang) : show(c.before)}</td>
              <td className="diff-after">{c.field === 'type' ? typeLabel(String(c.after), lang) : show(c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function QuestionLine({ q }: { q: QuestionSummary }) {
  const lang = currentLang();
  return (
    <>
      <span className="mono">{q.key}</span> · {typeLabel(q.type, lang)} · {t('criterion')}{' '}
      <span className="mono">{q.criterion}</span>: {(lang === 'en' && q.text.en) || q.text.vi}
    </>
  );
}

function CriterionLine({ c }: { c: TCriterion }) {
  const lang = currentLang();
  return (
    <>
      <span className="mono">{c.key}</span>: {(lang === 'en' && c.title.en) || c.title.vi}
    </>
  );
}

/** What changed between two versions (or a draft and the version in use), in words. */
export function DiffView({ diff }: { diff: DefinitionDiff }) {
  if (diff.identical) return <p className="notice ok">{t('identical')}</p>;
  const { criteria, questions } = diff;
  return (
    <div className="diff">
      {diff.breaking.length > 0 && (
        <div className="notice bad" role="alert">
          <strong>{t('breakingTitle')}</strong>
          <ul>
            {diff.breaking.map((b) => (
              <li key={b.key}>{b.message}</li>
            ))}
          </ul>
        </div>
      )}
      {diff.survey.length > 0 && (
        <>
          <h3>{t('surveyChanges')}</h3>
          <Changes changes={diff.survey} caption={t('surveyChanges')} />
        </>
      )}
      {criteria.added.length + criteria.removed.length + criteria.changed.length > 0 || criteria.reordered ? (
        <>
          <h3>{t('criteria')}</h3>
          <ul className="diff-list">
            {criteria.added.map((c) => (
              <li key={`+${c.key}`} className="diff-added">
                <span className="badge ok">{t('added')}</span> <CriterionLine c={c} />
              </li>
            ))}
            {criteria.removed.map((c) => (
              <li key={`-${c.key}`} className="diff-removed">
                <span className="badge bad">{t('removed')}</span> <CriterionLine c={c} />
              </li>
            ))}
            {criteria.changed.map((c) => (
              <li key={`~${c.key}`}>
                <span className="badge warn">{t('changed')}</span> <CriterionLine c={c} />
                <Changes changes={c.changes} caption={c.key} />
              </li>
            ))}
          </ul>
          {criteria.reordered && <p>{t('criteriaReordered')}</p>}
        </>
      ) : null}
      {questions.added.length + questions.removed.length + questions.changed.length > 0 || questions.reordered ? (
        <>
          <h3>{t('questions')}</h3>
          <ul className="diff-list">
            {questions.added.map((q) => (
              <li key={`+${q.key}`} className="diff-added">
                <span className="badge ok">{t('added')}</span> <QuestionLine q={q} />
              </li>
            ))}
            {questions.removed.map((q) => (
              <li key={`-${q.key}`} className="diff-removed">
                <span className="badge bad">{t('removed')}</span> <QuestionLine q={q} />
              </li>
            ))}
            {questions.changed.map((q) => (
              <li key={`~${q.key}`}>
                <span className={`badge ${q.breaking ? 'bad' : 'warn'}`}>{t('changed')}</span> <QuestionLine q={q} />
                <Changes changes={q.changes} caption={q.key} />
              </li>
            ))}
          </ul>
          {questions.reordered && <p>{t('reordered')}</p>}
        </>
      ) : null}
    </div>
  );
}
