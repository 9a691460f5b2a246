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
  /** A number question's unit, e.g. "năm" / "years". */
  unit?: { vi: string; en: string };
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

type Text = { vi: string; en: string };

/**
 * The wording of a key across the surveys of a family (#11.8): the preferred survey's (the level
 * being viewed), else the wording most surveys use (a family's shared, neutral title, e.g. "Hoạt
 * động giáo dục" rather than the preschool "Hoạt động nuôi dưỡng, chăm sóc và giáo dục trẻ"), on a
 * tie the shorter.
 */
export function familyWording(bySurvey: ReadonlyArray<{ surveyId: number; text: Text }>, prefer?: number): Text {
  const preferred = bySurvey.find((x) => x.surveyId === prefer);
  if (preferred) return preferred.text;
  const votes = new Map<string, { text: Text; n: number }>();
  for (const x of bySurvey) {
    const e = votes.get(x.text.vi) ?? { text: x.text, n: 0 };
    e.n += 1;
    votes.set(x.text.vi, e);
  }
  let best: { text: Text; n: number } | null = null;
  // Ties go to the shorter wording, the more general one ("Hoạt động giáo dục" over a level's own).
  for (const v of votes.values())
    if (!best || v.n > best.n || (v.n === best.n && v.text.vi.length < best.text.vi.length)) best = v;
  return best!.text;
}

/**
 * Newest versions first; surveys in the order given (the first survey's criteria order wins).
 * Titles and question texts across surveys follow familyWording, `prefer` being a survey id.
 */
export async function mergedDefinition(db: Database, surveyIds: number[], prefer?: number): Promise<MergedDefinition> {
  const versions = await loadDefinitions(db, surveyIds);
  versions.sort((a, b) => surveyIds.indexOf(a.surveyId) - surveyIds.indexOf(b.surveyId) || b.number - a.number);
  const criteria = new Map<string, { key: string; title: Text }>();
  const questions = new Map<string, MergedQuestion>();
  // Per key, the wording of each survey's newest version that has it.
  const titles = new Map<string, Array<{ surveyId: number; text: Text }>>();
  const texts = new Map<string, Array<{ surveyId: number; text: Text }>>();
  const note = (m: Map<string, Array<{ surveyId: number; text: Text }>>, key: string, surveyId: number, text: Text) => {
    const list = m.get(key) ?? [];
    if (!list.some((x) => x.surveyId === surveyId)) list.push({ surveyId, text });
    m.set(key, list);
  };
  for (const { definition, surveyId } of versions) {
    for (const c of definition.criteria) note(titles, c.key, surveyId, loc(c.title));
    for (const q of definition.questions) note(texts, q.key, surveyId, loc(q.text));
  }
  for (const { definition } of versions) {
    for (const c of definition.criteria)
      if (!criteria.has(c.key)) criteria.set(c.key, { key: c.key, title: familyWording(titles.get(c.key)!, prefer) });
    for (const q of definition.questions) {
      if (questions.has(q.key)) continue;
      questions.set(q.key, {
        key: q.key,
        criterion: q.criterion,
        type: q.type,
        text: familyWording(texts.get(q.key)!, prefer),
        ...(q.type === 'single_choice' || q.type === 'multiple_choice'
          ? { options: q.options.map((o) => ({ value: o.value, label: loc(o.label) })) }
          : {}),
        ...(q.type === 'number' && q.unit ? { unit: loc(q.unit) } : {}),
      });
    }
  }
  return {
    criteria: [...criteria.values()],
    questions: [...questions.values()],
    versions: versions.map((v) => ({ id: v.id, surveyId: v.surveyId, number: v.number })),
  };
}
