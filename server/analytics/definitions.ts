import type { TQuestion, TSurveyDefinition } from '../../domain/definition.js';
import type { Database } from '../db/schema.js';

/**
 * Questions and criteria for analytics, merged by stable key over every version of the selected
 * surveys: answers to a key count together whichever version they came from, and the wording and
 * criterion shown are the newest version's.
 */

// Versions are immutable, so their definitions can be cached for the life of the process.
const definitionCache = new Map<number, TSurveyDefinition>();

export interface MergedQuestion {
  key: string;
  criterion: string;
  type: TQuestion['type'];
  text: { vi: string; en: string };
  options?: Array<{ value: string; label: { vi: string; en: string } }>;
}

export interface MergedDefinition {
  criteria: Array<{ key: string; title: { vi: string; en: string } }>;
  questions: MergedQuestion[];
  versions: Array<{ id: number; surveyId: number; number: number }>;
}

export async function loadDefinitions(
  db: Database,
  surveyIds: number[],
): Promise<Array<{ id: number; surveyId: number; number: number; definition: TSurveyDefinition }>> {
  if (surveyIds.length === 0) return [];
  const versions = await db
    .selectFrom('survey_versions')
    .select(['id', 'survey_id', 'number'])
    .where('survey_id', 'in', surveyIds)
    .orderBy('number', 'desc')
    .orderBy('survey_id')
    .execute();
  const missing = versions.filter((v) => !definitionCache.has(v.id)).map((v) => v.id);
  if (missing.length > 0) {
    const rows = await db
      .selectFrom('survey_versions')
      .select(['id', 'definition'])
      .where('id', 'in', missing)
      .execute();
    for (const r of rows) definitionCache.set(r.id, r.definition as TSurveyDefinition);
  }
  return versions.map((v) => ({
    id: v.id,
    surveyId: v.survey_id,
    number: v.number,
    definition: definitionCache.get(v.id)!,
  }));
}

const loc = (t: { vi: string; en?: string | undefined }) => ({ vi: t.vi, en: t.en ?? t.vi });

/** Newest versions first; surveys in the order given (the first survey's criteria order wins). */
export async function mergedDefinition(db: Database, surveyIds: number[]): Promise<MergedDefinition> {
  const versions = await loadDefinitions(db, surveyIds);
  versions.sort((a, b) => surveyIds.indexOf(a.surveyId) - surveyIds.indexOf(b.surveyId) || b.number - a.number);
  const criteria = new Map<string, { key: string; title: { vi: string; en: string } }>();
  const questions = new Map<string, MergedQuestion>();
  for (const { definition } of versions) {
    for (const c of definition.criteria)
      if (!criteria.has(c.key)) criteria.set(c.key, { key: c.key, title: loc(c.title) });
    for (const q of definition.questions) {
      if (questions.has(q.key)) continue;
      questions.set(q.key, {
        key: q.key,
        criterion: q.criterion,
        type: q.type,
        text: loc(q.text),
        ...(q.type === 'single_choice'
          ? { options: q.options.map((o) => ({ value: o.value, label: loc(o.label) })) }
          : {}),
      });
    }
  }
  return {
    criteria: [...criteria.values()],
    questions: [...questions.values()],
    versions: versions.map((v) => ({ id: v.id, surveyId: v.surveyId, number: v.number })),
  };
}
