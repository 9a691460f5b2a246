import { estimateMinutes } from '../../domain/estimate.js';
import type { TSurveyDefinition } from '../../domain/definition.js';
import type { Database } from '../db/schema.js';

/**
 * Minutes each survey takes, from the version its links open now (the newest not retired), so a
 * poster says what the form will say (domain/estimate.ts).
 */
export async function minutesBySurvey(db: Database, surveyIds: number[]): Promise<Map<number, number>> {
  const ids = [...new Set(surveyIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('survey_versions')
    .distinctOn('survey_id')
    .select(['survey_id', 'definition'])
    .where('survey_id', 'in', ids)
    .where('retired_at', 'is', null)
    .orderBy('survey_id')
    .orderBy('number', 'desc')
    .execute();
  return new Map(rows.map((r) => [r.survey_id, estimateMinutes(r.definition as TSurveyDefinition)]));
}
