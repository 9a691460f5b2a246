import type { TSurveyDefinition } from '../domain/definition.js';
import { paperChoices } from '../domain/paper-keys.js';
import { enterSheet } from '../server/paper/entry.js';
import { createBatch, findBatch } from '../server/paper/queries.js';
import { findTarget } from '../server/responses/staff-entry.js';
import { integrityKey } from '../server/responses/secrets.js';
import { randomUUID } from 'node:crypto';
import { createUser, type TestApp } from './helpers/app.js';
import { surveyVersion } from './helpers/schools.js';

/** A printed batch of one unit, its serials, and answers that pass validation (for route tests). */
export interface PaperFixture {
  batchId: number;
  serials: number[];
  /** Serials already entered (by an operator of their own), ready for a double-entry check. */
  entered: number[];
  answers: Record<string, unknown>;
}

/** Every required question answered with its box number `pick` (or the last box). */
export function paperAnswers(def: TSurveyDefinition, pick = 0): Record<string, unknown> {
  return Object.fromEntries(
    def.questions.flatMap((q) => {
      const choices = paperChoices(q);
      return choices && q.required ? [[q.key, choices[Math.min(pick, choices.length - 1)]!.value]] : [];
    }),
  );
}

export async function seedPaperBatch(
  t: TestApp,
  survey: string,
  unit: string,
  sheets: number,
  preEntered = 0,
): Promise<PaperFixture> {
  const target = await findTarget(t.db, survey, unit);
  if (!target.survey || target.unitId === undefined) throw new Error(`no survey ${survey} or unit ${unit}`);
  const creator = await t.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const batchId = await createBatch(t.db, {
    surveyId: target.survey.surveyId,
    versionId: target.survey.versionId,
    unitId: target.unitId,
    sheets,
    createdBy: creator?.id ?? null,
  });
  const serials = await t.db
    .selectFrom('paper_sheets')
    .select('serial')
    .where('batch_id', '=', batchId)
    .orderBy('serial')
    .execute();
  const answers = paperAnswers((await surveyVersion(t, survey)).definition, 3);
  const entered = serials.slice(-preEntered || serials.length).map((s) => s.serial);
  if (preEntered > 0) {
    const operator = await createUser(t.db, [{ role: 'admin' }]);
    const batch = (await findBatch(t.db, batchId, null))!;
    const key = await integrityKey(t.db);
    for (const serial of entered) {
      await enterSheet(
        t.db,
        { id: batchId, versionId: batch.versionId, linkCode: batch.linkCode },
        { id: randomUUID(), batchId, serial, answers },
        { key, ip: '127.0.0.1', operatorId: operator.id },
      );
    }
  }
  return { batchId, serials: serials.map((s) => s.serial), entered: preEntered > 0 ? entered : [], answers };
}
