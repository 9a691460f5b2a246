import type { Answers } from '../../domain/answers.js';
import type { TSurveyDefinition } from '../../domain/definition.js';

/**
 * A complete, valid answer: `likert` on every 1–5 scale, yes, the first option(s), the smallest number;
 * optional text, ticks and numbers left out.
 */
export function validAnswers(def: TSurveyDefinition, likert: number = 4): Answers {
  const answers: Answers = {};
  for (const q of def.questions) {
    if (q.type === 'likert5' || q.type === 'agreement5') answers[q.key] = likert;
    else if (q.type === 'yes_no') answers[q.key] = true;
    else if (q.type === 'single_choice') answers[q.key] = q.options[0]!.value;
    else if (q.type === 'multiple_choice') {
      if (q.required) answers[q.key] = q.options.slice(0, q.minSelections).map((o) => o.value);
    } else if (q.type === 'number') {
      if (q.required) answers[q.key] = q.min ?? 0;
    } else if (q.required) answers[q.key] = 'Ý kiến';
  }
  return answers;
}
