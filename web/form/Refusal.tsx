import type { Ref } from 'react';
import type { TSurveyDefinition } from '../../domain/definition.js';
import type { FormKey } from './i18n.js';
import type { FieldError, Rejection } from './outbox.js';

type T = (key: FormKey, vars?: Record<string, string | number>) => string;

/** "answers.staff" or "body.answers.staff" → "staff"; "comment" stays; anything else undefined. */
export function questionKeyOf(path: string, definition: TSurveyDefinition): string | undefined {
  const key = path.replace(/^(body\.)?(answers\.)?/, '');
  if (key === 'comment') return key;
  return definition.questions.some((q) => q.key === key) ? key : undefined;
}

/** The server's field errors that belong next to a question or the comment box. */
export function fieldErrorsFor(rejection: Rejection, definition: TSurveyDefinition, fallback: string) {
  return rejection.fields.flatMap((f) => {
    const key = questionKeyOf(f.path, definition);
    return key ? [{ key, message: f.message || fallback }] : [];
  });
}

/** The reason in the server's words (its message, then field messages not already shown at a question). */
function reasons(rejection: Rejection, definition: TSurveyDefinition, t: T): { main: string; details: string[] } {
  const main = rejection.message || t('refusedStatus', { status: rejection.status });
  const seen = new Set<string>();
  const details = rejection.fields
    .filter((f: FieldError) => f.message && !questionKeyOf(f.path, definition))
    .map((f) => f.message)
    .filter((m) => !main.toLowerCase().includes(m.toLowerCase()) && !seen.has(m) && seen.add(m));
  return { main, details };
}

/**
 * Says, visibly and in words a person understands, that the server will never take this answer and
 * why. `kept` tells whether the answers are still on the page (a send just now) or whether this was
 * an answer saved earlier that has now left the outbox.
 */
export function RefusalNotice(props: {
  rejection: Rejection;
  definition: TSurveyDefinition;
  t: T;
  kept: boolean;
  headingRef?: Ref<HTMLHeadingElement>;
  level?: 1 | 2;
  onAnswerAgain?: () => void;
}) {
  const { rejection, definition, t, kept, headingRef, level = 2, onAnswerAgain } = props;
  const { main, details } = reasons(rejection, definition, t);
  const Heading = level === 1 ? 'h1' : 'h2';
  return (
    <div className="hl-card hl-refused" role="alert">
      <Heading ref={headingRef} tabIndex={-1}>
        {t('refusedTitle')}
      </Heading>
      <p>{t('refusedReason', { reason: main })}</p>
      {details.length > 0 && (
        <ul>
          {details.map((d) => (
            <li key={d}>{d}</li>
          ))}
        </ul>
      )}
      <p>{t(kept ? 'refusedKept' : 'refusedDropped')}</p>
      {onAnswerAgain && (
        <button type="button" className="hl-button" onClick={onAnswerAgain}>
          {t('answerAgain')}
        </button>
      )}
    </div>
  );
}
