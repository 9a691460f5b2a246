import type { TQuestionType } from './definition.js';

/**
 * How long a survey takes, computed from its definition, so the poster ("chỉ mất khoảng N phút")
 * and the form say the same thing (#15.5). No runtime imports: the phone form's bundle uses it.
 *
 * Seconds per answer, from reading the question to tapping: a Likert row is read and tapped, a
 * yes/no is quicker, a list of choices is read through, a free text is typed on a phone keypad.
 */
export const SECONDS_PER_QUESTION: Readonly<Record<TQuestionType, number>> = {
  likert5: 10,
  yes_no: 5,
  single_choice: 10,
  text: 30,
  agreement5: 10,
  multiple_choice: 15,
  number: 10,
};
/** Reading the title, the unit and the introduction. */
export const SECONDS_TO_READ_INTRO = 15;
/** The optional comment box at the end: most people skip it or write a line. */
export const SECONDS_FOR_COMMENT = 20;

interface EstimatedDefinition {
  questions: ReadonlyArray<{ type: TQuestionType }>;
  allowComment?: boolean | undefined;
}

export function estimateSeconds(definition: EstimatedDefinition): number {
  const answering = definition.questions.reduce((sum, q) => sum + SECONDS_PER_QUESTION[q.type], 0);
  return SECONDS_TO_READ_INTRO + answering + (definition.allowComment === false ? 0 : SECONDS_FOR_COMMENT);
}

/** Whole minutes, rounded, at least one: what "khoảng N phút" says. */
export function estimateMinutes(definition: EstimatedDefinition): number {
  return Math.max(1, Math.round(estimateSeconds(definition) / 60));
}

/** "khoảng 4 phút" / "about 4 minutes". */
export function estimateText(definition: EstimatedDefinition, lang: 'vi' | 'en' = 'vi'): string {
  const minutes = estimateMinutes(definition);
  return lang === 'vi' ? `khoảng ${minutes} phút` : `about ${minutes} minute${minutes === 1 ? '' : 's'}`;
}
