import { createList } from '../server/interviews/queries.js';
import { findTarget } from '../server/responses/staff-entry.js';
import { createUser, type TestApp } from './helpers/app.js';
import { surveyVersion } from './helpers/schools.js';
import { paperAnswers } from './paper-fixtures.js';

/** An interview list of one unit, its people's ids in order, and answers that pass validation. */
export interface InterviewFixture {
  listId: number;
  contactIds: number[];
  answers: Record<string, unknown>;
}

export async function seedInterviewList(
  t: TestApp,
  survey: string,
  unit: string,
  people: number,
): Promise<InterviewFixture> {
  const target = await findTarget(t.db, survey, unit);
  if (!target.survey || target.unitId === undefined) throw new Error(`no survey ${survey} or unit ${unit}`);
  const creator = await createUser(t.db, [{ role: 'admin' }]);
  const listId = await createList(t.db, {
    surveyId: target.survey.surveyId,
    versionId: target.survey.versionId,
    unitId: target.unitId,
    label: 'Danh sách thử',
    mode: 'phone',
    contacts: Array.from({ length: people }, (_, i) => ({ label: `Người được chọn ${i + 1}`, contact: `0900${i}` })),
    createdBy: creator.id,
  });
  const contacts = await t.db
    .selectFrom('interview_contacts')
    .select('id')
    .where('list_id', '=', listId)
    .orderBy('position')
    .execute();
  const { definition } = await surveyVersion(t, survey);
  return { listId, contactIds: contacts.map((c) => c.id), answers: paperAnswers(definition, 3) };
}
