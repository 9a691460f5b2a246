import { createHash, randomUUID } from 'node:crypto';
import { NOT_APPLICABLE, type TSurveyDefinition } from '../../domain/definition.js';
import type { Answers } from '../../domain/answers.js';
import { pickComment, type CommentKind } from './comments.js';

/** A small seeded PRNG (mulberry32), so demo data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoResponse {
  id: string;
  answers: Answers;
  comment: string | null;
  started_at: Date;
  submitted_at: Date;
  device_hash: string;
  flags: string[];
  review_status: 'accepted' | 'pending';
}

/**
 * Realistic answers for one link: a unit has an underlying quality that drifts slightly
 * upward over the year, questions differ a little, and a few answers are flagged "too fast".
 */
export function generateResponses(options: {
  definition: TSurveyDefinition;
  count: number;
  from: Date;
  to: Date;
  quality: number;
  random: () => number;
}): DemoResponse[] {
  const { definition, count, from, to, quality, random } = options;
  const span = to.getTime() - from.getTime();
  const questionBias = new Map(definition.questions.map((q) => [q.key, (random() - 0.5) * 0.08]));
  const out: DemoResponse[] = [];
  for (let i = 0; i < count; i++) {
    const at = random();
    const day = new Date(from.getTime() + at * span);
    day.setUTCHours(0, 0, 0, 0);
    // UTC midnight is 07:00 in Vietnam, so 0–13 h after it is 07:00–20:00 local.
    const submitted = new Date(day.getTime() + random() * 13 * 3600_000);
    // The demo is the same at any hour it is loaded: this draw is taken whether used or not (taken
    // only for answers past `to`, it moved the stream, and every count drawn after it, with the
    // clock), and the drift follows the draws rather than the dates, so the answers do not change.
    const redraw = random();
    if (submitted > to || submitted < from) submitted.setTime(from.getTime() + redraw * span);
    const progress = at;
    const p = Math.min(0.995, quality + 0.03 * (progress - 0.5));
    const tooFast = random() < 0.015;
    const seconds = tooFast ? 3 + random() * 4 : 45 + random() * 300;
    const answers: Answers = {};
    for (const q of definition.questions) {
      const pq = Math.min(0.998, Math.max(0.3, p + (questionBias.get(q.key) ?? 0)));
      if (!q.required && q.type !== 'likert5' && q.type !== 'agreement5' && random() < 0.4) continue;
      switch (q.type) {
        case 'likert5':
        case 'agreement5': {
          const naShare = q.criterion === 'feedback' ? 0.45 : 0.06;
          if (q.allowNotApplicable && random() < naShare) {
            answers[q.key] = NOT_APPLICABLE;
          } else if (!q.required && random() < 0.1) {
            continue;
          } else if (random() < pq) {
            answers[q.key] = random() < 0.45 ? 5 : 4;
          } else {
            const r = random();
            answers[q.key] = r < 0.6 ? 3 : r < 0.9 ? 2 : 1;
          }
          break;
        }
        case 'yes_no':
          answers[q.key] = random() < Math.min(0.99, pq + 0.04);
          break;
        case 'single_choice': {
          const weights = q.options.map((_, j) => 1 / (j + 1));
          let r = random() * weights.reduce((a, b) => a + b, 0);
          const index = weights.findIndex((w) => (r -= w) < 0);
          answers[q.key] = q.options[Math.max(0, index)]!.value;
          break;
        }
        case 'multiple_choice': {
          const max = q.maxSelections ?? q.options.length;
          const picked = q.options.filter((_, j) => random() < 0.6 / (j + 1));
          const some = picked.length >= q.minSelections ? picked : q.options.slice(0, q.minSelections);
          answers[q.key] = some.slice(0, max).map((o) => o.value);
          break;
        }
        case 'number': {
          const min = q.min ?? 0;
          const max = q.max ?? min + 10;
          const v = min + (max - min) * random() * random();
          answers[q.key] = q.integer ? Math.round(v) : Math.round(v * 10) / 10;
          break;
        }
        case 'text':
          // Written after the ratings below, so the text can follow them.
          break;
      }
    }
    const say = () => commentFor(definition, answers, random);
    for (const q of definition.questions) {
      if (q.type === 'text' && (q.required || random() < 0.08)) answers[q.key] = say();
    }
    const comment = definition.allowComment && random() < 0.12 ? say() : null;
    const id = randomUUID();
    out.push({
      id,
      answers,
      comment,
      started_at: new Date(submitted.getTime() - seconds * 1000),
      submitted_at: submitted,
      device_hash: createHash('sha256')
        .update(`demo-device-${Math.floor(random() * 1e9)}`)
        .digest('base64url'),
      flags: tooFast ? ['too_fast'] : [],
      review_status: tooFast ? 'pending' : 'accepted',
    });
  }
  return out;
}

/**
 * What this respondent would write: about the criterion of their lowest rating when it was 1-3,
 * otherwise praise for one they rated 5 (or 4).
 */
function commentFor(definition: TSurveyDefinition, answers: Answers, random: () => number): string {
  const kind = definition.kind as CommentKind;
  const rated = definition.questions
    .filter(
      (q) =>
        (q.type === 'likert5' || q.type === 'agreement5') &&
        q.criterion !== 'overall' &&
        typeof answers[q.key] === 'number',
    )
    .map((q) => ({ key: q.key, criterion: q.criterion, value: answers[q.key] as number }));
  const min = Math.min(...rated.map((r) => r.value));
  const lowestAll = rated.filter((r) => r.value === min);
  // Both drawn whether used or not, so the stream does not depend on the ratings.
  const [u, v] = [random(), random()];
  const lowest = lowestAll[Math.floor(u * lowestAll.length)];
  const low = lowest !== undefined && lowest.value <= 3;
  const fives = rated.filter((r) => r.value === 5);
  const praised = fives.length > 0 ? fives : rated;
  const pick = low ? lowest : praised[Math.floor(v * praised.length)];
  return pickComment(kind, pick?.criterion ?? 'access', low, random, { meals: pick?.key === 'meals_nutrition' });
}
