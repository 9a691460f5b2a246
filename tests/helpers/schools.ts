import type { TSurveyDefinition } from '../../domain/definition.js';
import { publishDefinitions, readDefinitionFiles } from '../../server/definitions/publish.js';
import { importUnits } from '../../server/units/import.js';
import type { TestApp } from './app.js';

/**
 * The survey definitions and the smallest unit tree of the staff screens: the department and
 * school A (THCS, 800 pupils), then `more` rows of the units CSV. Unit ids by code.
 */
export async function seedSchools(t: TestApp, more: string[] = []): Promise<Record<string, number>> {
  await publishDefinitions(t.db, await readDefinitionFiles());
  await importUnits(
    t.db,
    [
      'code,name,kind,level,parent_code,ward,enrolment',
      'SO,Sở Giáo dục và Đào tạo,department,,,,',
      'THCS-AAA,Trường THCS Alpha,school,thcs,SO,Phường 1,800',
      ...more,
    ].join('\n'),
  );
  const units = await t.db.selectFrom('units').select(['id', 'code']).execute();
  return Object.fromEntries(units.map((u) => [u.code, u.id]));
}

/** A published survey's id, its current version and that version's definition. */
export async function surveyVersion(t: TestApp, slug: string) {
  const row = await t.db
    .selectFrom('surveys as s')
    .innerJoin('survey_versions as v', 'v.survey_id', 's.id')
    .select(['s.id', 'v.id as versionId', 'v.definition'])
    .where('s.slug', '=', slug)
    .where('v.retired_at', 'is', null)
    .orderBy('v.number', 'desc')
    .executeTakeFirstOrThrow();
  return { ...row, definition: row.definition as TSurveyDefinition };
}
