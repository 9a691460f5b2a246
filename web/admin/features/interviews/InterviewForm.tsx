import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { TQuestion } from '../../../../domain/definition.js';
import { paperChoices } from '../../../../domain/paper-keys.js';
import { ZInterviewResponseResult } from '../../../../domain/contract/interviews.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';
import { listQuery } from './queries.js';

type Chosen = Record<string, string>;

/** The answer of a question from what was marked: an option's index, or the words written down. */
function answerOf(q: TQuestion, chosen: string | undefined): unknown {
  if (chosen === undefined || chosen.trim() === '') return undefined;
  const choices = paperChoices(q);
  if (!choices) return chosen.trim();
  return choices[Number(chosen)]?.value;
}

/**
 * The interviewer's form: big text, each question with a "read aloud" line and its options in the
 * order they are to be read, numbered. One id per interview, made when the form opens, so a retried
 * save (the network dropped the reply) is a replay, never a second answer.
 */
export function InterviewForm(props: { listId: number; contactId: number; onDone: () => void }) {
  const lang = currentLang();
  const queryClient = useQueryClient();
  const { data: list, error: loadError } = useQuery(listQuery(props.listId));
  const [chosen, setChosen] = useState<Chosen>({});
  const [comment, setComment] = useState('');
  const id = useRef(crypto.randomUUID());
  const startedAt = useRef(new Date().toISOString());
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      send('POST', '/api/v1/interviews/responses', body, ZInterviewResponseResult),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['interviews'] });
      props.onDone();
    },
  });

  if (loadError) return <p className="field-error">{errorText(loadError)}</p>;
  if (!list) return <p>{t('loading')}</p>;
  const contact = list.contacts.find((c) => c.id === props.contactId);
  if (!contact) return <p className="field-error">{t('empty')}</p>;
  const questions = list.definition.questions;
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(save.error)))
    errors[path.replace(/^answers\./, '')] = message;

  const submit = () => {
    const answers: Record<string, unknown> = {};
    for (const q of questions) {
      const a = answerOf(q, chosen[q.key]);
      if (a !== undefined) answers[q.key] = a;
    }
    save.mutate({
      id: id.current,
      contactId: contact.id,
      answers,
      comment: comment.trim() || null,
      startedAt: startedAt.current,
    });
  };

  return (
    <section className="iv-form" aria-labelledby="iv-form-title">
      <h2 id="iv-form-title">{t('formTitle', { label: contact.label })}</h2>
      <p>{t('formLead')}</p>
      {contact.contact && (
        <p>
          <a href={`tel:${contact.contact.replace(/[^\d+]/g, '')}`}>{contact.contact}</a>
        </p>
      )}
      {save.error && (
        <p className="field-error" role="alert">
          {Object.keys(errors).length ? t('invalid') : errorText(save.error)}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <ol className="iv-questions">
          {questions.map((q, n) => {
            const choices = paperChoices(q);
            const error = errors[q.key];
            const name = `iv-q-${q.key}`;
            return (
              <li key={q.key} className={`iv-question${error ? ' has-error' : ''}`}>
                <fieldset aria-describedby={error ? `${name}-error` : undefined}>
                  <legend>
                    <span className="iv-qn">{t('questionOf', { n: n + 1, total: questions.length })}</span>{' '}
                    {!q.required && <span className="field-hint">{t('optional')}</span>}
                    <span className="iv-read">
                      <span className="iv-cue">{t('read')}</span> {q.text[lang] ?? q.text.vi}
                    </span>
                  </legend>
                  {choices ? (
                    <>
                      <p className="iv-cue">{t('readOptions')}</p>
                      <div className="iv-options">
                        {choices.map((c, i) => (
                          <label key={c.key} className="iv-option">
                            <input
                              type="radio"
                              name={name}
                              value={String(i)}
                              checked={chosen[q.key] === String(i)}
                              onChange={() => setChosen((prev) => ({ ...prev, [q.key]: String(i) }))}
                            />
                            <span>
                              {i + 1}. {c.label[lang]}
                            </span>
                          </label>
                        ))}
                      </div>
                    </>
                  ) : (
                    <label className="iv-text">
                      <span className="iv-cue">{t('answerText')}</span>
                      <textarea
                        rows={2}
                        value={chosen[q.key] ?? ''}
                        onChange={(e) => setChosen((prev) => ({ ...prev, [q.key]: e.target.value }))}
                      />
                    </label>
                  )}
                  {error && (
                    <p className="field-error" id={`${name}-error`}>
                      {error}
                    </p>
                  )}
                </fieldset>
              </li>
            );
          })}
        </ol>
        {list.definition.allowComment && (
          <label className="iv-text">
            <span className="iv-cue">{t('comment')}</span>
            <textarea rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
            {errors.comment && <span className="field-error">{errors.comment}</span>}
          </label>
        )}
        <div className="row-actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? t('saving') : t('submit')}
          </button>
          <button type="button" className="secondary" onClick={props.onDone}>
            {t('cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
