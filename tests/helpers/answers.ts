import type { Answers } from '../../domain/answers.js';
import type { TSurveyDefinition } from '../../domain/definition.js';

/** A complete, valid answer: `likert` on every Likert, yes, the first option; optional text left out. */
export function validAnswers(def: TSurveyDefinition, likert: number = 4): Answers {
  const answers: Answers = {};
  for (const q of def.questions) {
    if (q.type === 'likert5') answers[q.key] = likert;
    else if (q.type === 'yes_no') answers[q.key] = true;
    else if (q.type === 'single_choice') answers[q.key] = q.options[0]!.value;
    else if (q.required) answers[q.key] = 'Ý kiến';
  }
  return answers;
}
