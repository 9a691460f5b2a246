import type { ResolvedFilters } from '../analytics/filters.js';
import type { SurveySelection } from '../analytics/surveys.js';
import type { Database } from '../db/schema.js';

/**
 * The units expected to survey for a survey selection: every unit holding a live link (QR) of one of
 * its surveys, and every school of a level one of its surveys is written for. A unit expected to
 * survey that nobody answered still gets a row ("không khảo sát", 0 points) instead of vanishing.
 */
export interface ExpectedUnit {
  id: number;
  code: string;
  name: string;
  level: string | null;
  ward: string | null;
  enrolment: number | null;
}

export async function expectedUnits(
  db: Database,
  group: SurveySelection,
  scope: ResolvedFilters['scope'],
): Promise<ExpectedUnit[]> {
  const surveyIds = group.surveys.map((s) => s.id);
  const levels = group.surveys.map((s) => s.level).filter((l): l is string => l !== null);
  let q = db
    .selectFrom('units as u')
    .select(['u.id', 'u.code', 'u.name', 'u.level', 'u.ward', 'u.enrolment'])
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('links as l')
            .select('l.id')
            .whereRef('l.unit_id', '=', 'u.id')
            .where('l.survey_id', 'in', surveyIds)
            .where('l.retired_at', 'is', null),
        ),
        ...(levels.length > 0
          ? [eb.and([eb('u.kind', '=', 'school'), eb('u.level', 'in', levels as Array<'mam_non'>)])]
          : []),
      ]),
    );
  if (scope) q = q.where('u.id', 'in', scope);
  return q.orderBy('u.name').execute();
}
