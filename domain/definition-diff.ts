import {
  findBreakingChanges,
  type BreakingChange,
  type TCriterion,
  type TQuestion,
  type TSurveyDefinition,
} from './definition.js';

/**
 * What changed between two versions of a survey definition, for people reviewing a new
 * version before and after it is published. A pure function of the two definitions, so the
 * admin screen and the API show exactly the same thing.
 */

export interface FieldChange {
  /** Dotted field name, e.g. "text.vi", "target", "options.often.label.vi". */
  field: string;
  before: unknown;
  after: unknown;
}

export interface QuestionSummary {
  key: string;
  type: TQuestion['type'];
  criterion: string;
  text: TQuestion['text'];
}

export interface ChangedQuestion extends QuestionSummary {
  changes: FieldChange[];
  /** True when the change alters what the key means (type or answer scale). */
  breaking: boolean;
}

export interface ChangedCriterion {
  key: string;
  title: TCriterion['title'];
  changes: FieldChange[];
}

export interface DefinitionDiff {
  /** Survey-level fields: title, description, audience, target, kind, level, family… */
  survey: FieldChange[];
  criteria: { added: TCriterion[]; removed: TCriterion[]; changed: ChangedCriterion[]; reordered: boolean };
  questions: {
    added: QuestionSummary[];
    removed: QuestionSummary[];
    changed: ChangedQuestion[];
    /** Kept questions appear in a different order. */
    reordered: boolean;
  };
  /** Keys kept with a different meaning; publishing refuses these. */
  breaking: BreakingChange[];
  /** No difference at all. */
  identical: boolean;
}

const SURVEY_FIELDS = [
  'slug',
  'family',
  'kind',
  'level',
  'title',
  'description',
  'audience',
  'target',
  'minSecondsToComplete',
  'allowComment',
] as const;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field-by-field changes between two JSON values; nested objects are compared by leaf. */
export function compareFields(before: unknown, after: unknown, prefix = ''): FieldChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => compareFields(before[k], after[k], prefix ? `${prefix}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ field: prefix, before: before ?? null, after: after ?? null }];
}

function summary(q: TQuestion): QuestionSummary {
  return { key: q.key, type: q.type, criterion: q.criterion, text: q.text };
}

/** A question's fields other than its key, with options keyed by value so a reorder is not a change. */
function comparable(q: TQuestion): Record<string, unknown> {
  const { key: _key, ...rest } = q;
  if (rest.type !== 'single_choice' && rest.type !== 'multiple_choice') return rest;
  const { options, ...others } = rest;
  return { ...others, options: Object.fromEntries(options.map((o) => [o.value, { label: o.label }])) };
}

function questionChanges(before: TQuestion, after: TQuestion): FieldChange[] {
  const a = comparable(before);
  const b = comparable(after);
  // A type change makes the type-specific fields incomparable: report the type alone.
  if (before.type !== after.type) {
    return [
      { field: 'type', before: before.type, after: after.type },
      ...compareFields(
        { criterion: a.criterion, required: a.required, text: a.text, help: a.help },
        {
          criterion: b.criterion,
          required: b.required,
          text: b.text,
          help: b.help,
        },
      ),
    ];
  }
  return compareFields(a, b);
}

export function diffDefinitions(from: TSurveyDefinition, to: TSurveyDefinition): DefinitionDiff {
  const survey = SURVEY_FIELDS.flatMap((f) => compareFields(from[f], to[f], f));

  const fromCriteria = new Map(from.criteria.map((c) => [c.key, c]));
  const toCriteria = new Map(to.criteria.map((c) => [c.key, c]));
  const criteria = {
    added: to.criteria.filter((c) => !fromCriteria.has(c.key)),
    removed: from.criteria.filter((c) => !toCriteria.has(c.key)),
    changed: to.criteria.flatMap((c) => {
      const before = fromCriteria.get(c.key);
      if (!before) return [];
      const changes = compareFields(before.title, c.title, 'title');
      return changes.length > 0 ? [{ key: c.key, title: c.title, changes }] : [];
    }),
    reordered:
      from.criteria
        .filter((c) => toCriteria.has(c.key))
        .map((c) => c.key)
        .join('\n') !==
      to.criteria
        .filter((c) => fromCriteria.has(c.key))
        .map((c) => c.key)
        .join('\n'),
  };

  const breaking = findBreakingChanges([from], to);
  const breakingKeys = new Set(breaking.map((b) => b.key));
  const fromQuestions = new Map(from.questions.map((q) => [q.key, q]));
  const toQuestions = new Map(to.questions.map((q) => [q.key, q]));
  const changed: ChangedQuestion[] = [];
  for (const q of to.questions) {
    const before = fromQuestions.get(q.key);
    if (!before) continue;
    const changes = questionChanges(before, q);
    if (changes.length > 0) changed.push({ ...summary(q), changes, breaking: breakingKeys.has(q.key) });
  }
  const keptFrom = from.questions.filter((q) => toQuestions.has(q.key)).map((q) => q.key);
  const keptTo = to.questions.filter((q) => fromQuestions.has(q.key)).map((q) => q.key);
  const questions = {
    added: to.questions.filter((q) => !fromQuestions.has(q.key)).map(summary),
    removed: from.questions.filter((q) => !toQuestions.has(q.key)).map(summary),
    changed,
    reordered: keptFrom.join('\n') !== keptTo.join('\n'),
  };

  const identical =
    survey.length === 0 &&
    criteria.added.length + criteria.removed.length + criteria.changed.length === 0 &&
    questions.added.length + questions.removed.length + questions.changed.length === 0 &&
    !questions.reordered &&
    !criteria.reordered;
  return { survey, criteria, questions, breaking, identical };
}
