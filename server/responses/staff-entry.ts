import { z } from 'zod';
import type { SessionUser } from '../auth/queries.js';
import { canAccessUnit, type scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { ZErrorBody } from '../http/schemas.js';
import { validationError } from '../http/validation.js';
import { ensureLinks } from '../links/queries.js';
import { HttpError, type FieldError } from '../plugins/errors.js';
import { insertResponses } from './insert.js';
import { submitResponse, type Submission } from './submit.js';

/**
 * What the staff-entered channels (paper/, interviews/) share: where a new batch or list goes, the
 * unit's link that carries the channel, and storing a typed answer through the phone's submission
 * service, bound to its sheet or person in the same transaction.
 */

/** Who reads batches and lists (their progress and figures), and who prints, types answers in and interviews. */
export const READERS = ['admin', 'analyst', 'unit_manager'] as const;
export const OPERATORS = ['admin', 'unit_manager'] as const;

/** As the phone's limit: far more than any definition's answers and a full comment. */
export const ANSWER_BODY_LIMIT = 64 * 1024;

/** The filter of the batch and list pages: a survey's slug, a unit's code. */
export const ZListFilter = z.object({
  survey: z.string().trim().min(1).max(80).optional(),
  unit: z.string().trim().min(1).max(40).optional(),
});

export type UnitScope = ReturnType<typeof scopedUnitIds>;

/** A survey's current version (the newest not retired) and a unit, by slug and code. */
export async function findTarget(db: Database, surveySlug: string, unitCode: string) {
  const survey = await db
    .selectFrom('surveys as s')
    .innerJoin('survey_versions as v', 'v.survey_id', 's.id')
    .select(['s.id as surveyId', 'v.id as versionId', 's.level'])
    .where('s.slug', '=', surveySlug)
    .where('v.retired_at', 'is', null)
    .orderBy('v.number', 'desc')
    .limit(1)
    .executeTakeFirst();
  const unit = await db.selectFrom('units').select(['id', 'level']).where('code', '=', unitCode).executeTakeFirst();
  // A per-level survey (e.g. the THCS parents' questionnaire) only fits schools of that level.
  const levelMismatch = !!survey?.level && !!unit && unit.level !== survey.level;
  return { survey, unitId: unit?.id, levelMismatch };
}

export interface StaffTarget {
  surveyId: number;
  versionId: number;
  unitId: number;
}

/** The target of a new batch or list, or the body fields that make it unacceptable for this user. */
export async function resolveTarget(
  db: Database,
  user: SessionUser,
  body: { survey: string; unit: string },
): Promise<{ target: StaffTarget } | { fields: FieldError[] }> {
  const { survey, unitId, levelMismatch } = await findTarget(db, body.survey, body.unit);
  const fields: FieldError[] = [];
  if (!survey) fields.push({ path: 'body.survey', message: 'Không có khảo sát đang mở với mã này' });
  if (unitId === undefined || !(await canAccessUnit(db, user, unitId))) {
    fields.push({ path: 'body.unit', message: 'Không có đơn vị này trong phạm vi của bạn' });
  } else if (levelMismatch) {
    fields.push({ path: 'body.unit', message: 'Phiếu khảo sát này dành cho trường thuộc cấp học khác' });
  }
  if (!survey || unitId === undefined || fields.length > 0) return { fields };
  return { target: { surveyId: survey.surveyId, versionId: survey.versionId, unitId } };
}

/**
 * The unit's link of a staff channel (made once, never printed nor shared: it only carries the
 * channel onto the answers), created when missing.
 */
export async function staffLinkId(
  db: Database,
  input: { surveyId: number; unitId: number; channel: string; createdBy: number | null },
): Promise<number> {
  await ensureLinks(db, {
    surveyId: input.surveyId,
    channel: input.channel,
    unitIds: [input.unitId],
    createdBy: input.createdBy,
  });
  const link = await db
    .selectFrom('links')
    .select('id')
    .where('survey_id', '=', input.surveyId)
    .where('unit_id', '=', input.unitId)
    .where('channel', '=', input.channel)
    .where('retired_at', 'is', null)
    .executeTakeFirstOrThrow();
  return link.id;
}

/** `unbound`: the binding step found its sheet or person taken meanwhile, and the answer was rolled back. */
export type StaffEntryOutcome =
  | { status: 200 | 201 }
  | { refused: 'invalid'; fields: FieldError[] }
  | { refused: 'id_conflict' | 'link_retired' }
  | { refused: 'unbound' };

/** Thrown by the insert step when the binding fails: rolls the answer back. */
class Unbound extends Error {}

/**
 * Store an answer typed in by staff through the phone's submission service (same validation, same
 * idempotency by id), against the batch's or list's link so it carries that channel. The same
 * transaction records the staff member as operator and runs `bind` (bind the serial, close the
 * person); when `bind` returns false the answer is rolled back, so an answer is never stored
 * without its binding nor bound twice.
 */
export async function enterStaffAnswer(
  db: Database,
  submission: Pick<Submission, 'id' | 'linkCode' | 'versionId' | 'answers' | 'comment' | 'startedAt'>,
  ctx: { key: Buffer; ip: string; operatorId: number },
  bind: (trx: Database) => Promise<boolean>,
): Promise<StaffEntryOutcome> {
  try {
    const outcome = await db.transaction().execute((trx) =>
      submitResponse(trx, submission, {
        key: ctx.key,
        ip: ctx.ip,
        insert: async (row) => {
          const inserted = await insertResponses(trx, [{ ...row, operator_id: ctx.operatorId }]);
          if (!inserted.has(row.id)) return false;
          if (!(await bind(trx))) throw new Unbound();
          return true;
        },
      }),
    );
    if (!('refused' in outcome)) return { status: outcome.status };
    if (outcome.refused === 'invalid') return outcome;
    // The staff link's code is the server's own: not found means it is gone, as retired.
    return { refused: outcome.refused === 'link_not_found' ? 'link_retired' : outcome.refused };
  } catch (err) {
    if (err instanceof Unbound) return { refused: 'unbound' };
    throw err;
  }
}

/** A staff entry's statuses: 201 stored, 200 a replay, and the refusals of entryError and the feature's own. */
export const entryResponses = <T extends z.ZodType>(result: T) => ({
  200: result,
  201: result,
  400: ZErrorBody,
  404: ZErrorBody,
  409: ZErrorBody,
  410: ZErrorBody,
});

/** The HTTP error of the refusals every staff entry shares; `invalid` is the form's overall message. */
export function entryError(
  outcome: { refused: 'invalid'; fields: FieldError[] } | { refused: 'id_conflict' | 'link_retired' },
  texts: { invalid: string; idConflict: string },
): HttpError {
  switch (outcome.refused) {
    case 'invalid':
      return validationError(
        outcome.fields.map((f) => ({ ...f, path: `body.${f.path}` })),
        texts.invalid,
      );
    case 'id_conflict':
      return new HttpError(409, 'id_conflict', texts.idConflict);
    case 'link_retired':
      return new HttpError(410, 'link_retired', 'Khảo sát này của đơn vị đã đóng, không nhận thêm phiếu');
  }
}
