import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type KeyboardEvent } from 'react';
import type { TQuestion } from '../../../../domain/definition.js';
import { paperAnswer, paperChoices } from '../../../../domain/paper-keys.js';
import { ZPaperCheckResult, ZPaperEntryResult, type TPaperDifference } from '../../../../domain/contract/paper.js';
import { errorText, fieldErrors, send } from '../../lib/api.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';
import { Mismatches, differenceText } from './Mismatches.js';
import { batchQuery } from './queries.js';

/** What the operator typed per question (the printed box number, or words for a text question). */
type Typed = Record<string, string>;

function answersOf(questions: TQuestion[], typed: Typed): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of questions) {
    // An unknown key is sent as typed: the server refuses it with the question's own message.
    const value = paperAnswer(q, typed[q.key] ?? '');
    if (value !== undefined) out[q.key] = value;
  }
  return out;
}

/** The labels of the boxes typed for a question, or null when a typed key is not printed on it. */
function labelsTyped(q: TQuestion, raw: string, lang: 'vi' | 'en'): string | null | undefined {
  const choices = paperChoices(q);
  if (!choices || raw.trim() === '') return undefined;
  const value = paperAnswer(q, raw);
  const values = Array.isArray(value) ? value : [value];
  const labels = values.map((v) => choices.find((c) => c.value === v)?.label[lang]);
  return labels.every((l) => l !== undefined) ? labels.join('; ') : null;
}

/**
 * Keyboard-only entry of a stack of paper sheets: the serial, then one small field per question
 * taking the printed box number; Enter moves on, Enter on the last field saves, and the form
 * starts over at the serial for the next sheet. One client-made id per sheet makes a retried
 * save a replay, never a second answer.
 */
export function EntryForm({ batchId, check, onClose }: { batchId: number; check: boolean; onClose: () => void }) {
  const lang = currentLang();
  const queryClient = useQueryClient();
  const { data: batch, error: loadError } = useQuery(batchQuery(batchId));
  const [serial, setSerial] = useState('');
  const [typed, setTyped] = useState<Typed>({});
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  const [differences, setDifferences] = useState<TPaperDifference[]>([]);
  const sheetId = useRef<string>(crypto.randomUUID());
  const form = useRef<HTMLFormElement>(null);

  const fields = () => Array.from(form.current?.querySelectorAll<HTMLInputElement>('input[data-entry]') ?? []);
  const focusField = (name: string) => form.current?.querySelector<HTMLInputElement>(`[data-entry="${name}"]`)?.focus();

  const save = useMutation({
    // Double entry (check) stores a second typing and answers the differences; it never changes the answer.
    mutationFn: async (body: Record<string, unknown> & { serial: number }) =>
      check
        ? send('POST', '/api/v1/paper/checks', body, ZPaperCheckResult)
        : { ...(await send('POST', '/api/v1/paper/entries', body, ZPaperEntryResult)), differences: [] },
    onSuccess: async (res) => {
      const left = (batch?.pending.length ?? 1) - 1;
      setNotice(
        check
          ? t(res.differences.length ? 'checkDiffers' : 'checkMatches', { serial: res.serial })
          : t('saved', { serial: res.serial, left: Math.max(left, 0) }),
      );
      setDifferences(res.differences);
      setSerial('');
      setTyped({});
      setComment('');
      setErrors({});
      sheetId.current = crypto.randomUUID();
      await queryClient.invalidateQueries({ queryKey: ['paper'] });
      focusField('serial');
    },
    onError: (err) => {
      const byField = fieldErrors(err);
      const mapped: Record<string, string> = {};
      for (const [path, message] of Object.entries(byField)) mapped[path.replace(/^answers\./, '')] = message;
      if (Object.keys(mapped).length === 0) mapped.form = errorText(err);
      setErrors(mapped);
      setNotice('');
      setDifferences([]);
      const first = fields().find((f) => mapped[f.dataset.entry ?? '']);
      first?.focus();
    },
  });

  if (loadError) return <p className="field-error">{errorText(loadError)}</p>;
  if (!batch) return <p>{t('loading')}</p>;
  const questions = batch.definition.questions;

  // A first entry takes a pending serial; a check takes one already entered.
  const acceptable = (n: number) =>
    Number.isInteger(n) && n >= batch.firstSerial && n <= batch.lastSerial && batch.pending.includes(n) !== check;
  const submit = () => {
    const n = Number(serial);
    if (!acceptable(n)) {
      setErrors({ serial: t(check ? 'serialNotEntered' : 'serialUnknown', { serial }) });
      focusField('serial');
      return;
    }
    save.mutate({
      id: sheetId.current,
      batchId,
      serial: n,
      answers: answersOf(questions, typed),
      comment: comment || null,
    });
  };

  // Enter moves to the next field (as Tab does); on the last field it saves the sheet.
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    const all = fields();
    const i = all.indexOf(e.currentTarget);
    if (e.currentTarget.dataset.entry === 'serial') {
      const n = Number(serial);
      if (!acceptable(n)) {
        setErrors({ serial: t(check ? 'serialNotEntered' : 'serialUnknown', { serial }) });
        return;
      }
      setErrors({});
    }
    if (i === all.length - 1) submit();
    else all[i + 1]?.focus();
  };

  return (
    <section className="paper-entry" aria-labelledby="paper-entry-title">
      <h2 id="paper-entry-title">{t(check ? 'checkTitle' : 'entryTitle', { id: batch.id })}</h2>
      <p>
        {batch.survey.title} — {batch.unit.name}. {t('remaining', { n: batch.pending.length })}
      </p>
      <p className="field-hint">{t('entryHelp')}</p>
      {notice && (
        <p role="status" className="paper-notice">
          {notice}
        </p>
      )}
      {differences.length > 0 && (
        <ul className="paper-differences">
          {differences.map((d) => (
            <li key={d.key}>{differenceText(d)}</li>
          ))}
        </ul>
      )}
      {errors.form && (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      )}
      <form
        ref={form}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className={`field${errors.serial ? ' has-error' : ''}`}>
          <label htmlFor="paper-serial">{t('serial')}</label>
          <input
            id="paper-serial"
            data-entry="serial"
            inputMode="numeric"
            autoComplete="off"
            autoFocus
            value={serial}
            aria-invalid={!!errors.serial}
            aria-describedby={errors.serial ? 'paper-serial-error' : undefined}
            onChange={(e) => setSerial(e.target.value.replace(/\D/g, ''))}
            onKeyDown={onKeyDown}
          />
          {errors.serial && (
            <p className="field-error" id="paper-serial-error" role="alert">
              {errors.serial}
            </p>
          )}
        </div>
        <ol className="paper-questions">
          {questions.map((q, n) => {
            const choices = paperChoices(q);
            const many = q.type === 'multiple_choice';
            const raw = typed[q.key] ?? '';
            const chosen = labelsTyped(q, raw, lang);
            const keys = choices?.map((c) => c.key).join(', ') ?? '';
            const id = `paper-q-${q.key}`;
            const error = errors[q.key] ?? (chosen === null ? t(many ? 'badKeyMany' : 'badKey', { keys }) : undefined);
            return (
              <li key={q.key} className={`paper-question${error ? ' has-error' : ''}`}>
                <label htmlFor={id}>
                  <span className="paper-qn">{t('question', { n: n + 1 })}.</span> {q.text[lang] ?? q.text.vi}
                  {!q.required && <span className="field-hint"> {t('optional')}</span>}
                </label>
                <div className="paper-answer">
                  <input
                    id={id}
                    data-entry={q.key}
                    className={choices ? 'paper-key' : 'paper-text'}
                    inputMode={choices || q.type === 'number' ? (q.type === 'number' ? 'decimal' : 'numeric') : 'text'}
                    autoComplete="off"
                    maxLength={choices && !many ? (choices.length > 9 ? 2 : 1) : undefined}
                    value={raw}
                    aria-invalid={!!error}
                    aria-describedby={`${id}-said`}
                    onChange={(e) => {
                      // Several ticked boxes are typed one after another ("135"), or spaced beyond 9 options.
                      const keep = many ? /[^\d ,]/g : /\D/g;
                      const value = choices ? e.target.value.replace(keep, '') : e.target.value;
                      setTyped((prev) => ({ ...prev, [q.key]: value }));
                    }}
                    onFocus={(e) => e.currentTarget.select()}
                    onKeyDown={onKeyDown}
                  />
                  <span id={`${id}-said`} className={error ? 'field-error' : 'paper-said'}>
                    {error ??
                      (chosen ||
                        (choices
                          ? t(many ? 'keysMany' : 'keys', { keys })
                          : q.type === 'number'
                            ? t('numberHint')
                            : ''))}
                  </span>
                </div>
              </li>
            );
          })}
        </ol>
        {batch.definition.allowComment && (
          <div className={`field${errors.comment ? ' has-error' : ''}`}>
            <label htmlFor="paper-comment">{t('comment')}</label>
            <input
              id="paper-comment"
              data-entry="comment"
              autoComplete="off"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              onKeyDown={onKeyDown}
            />
            {errors.comment && <p className="field-error">{errors.comment}</p>}
          </div>
        )}
        <div className="row-actions">
          <button type="submit" disabled={save.isPending}>
            {save.isPending ? t('saving') : t('save')}
          </button>
          <button type="button" className="secondary" onClick={onClose}>
            {t('close')}
          </button>
        </div>
      </form>
      {check && <Mismatches batchId={batchId} />}
    </section>
  );
}
