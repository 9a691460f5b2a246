import { OPEN_STATUSES, type TFeedbackStatus } from '../../domain/contract/feedback-codes.js';
import type { TFeedbackAction } from '../../domain/contract/feedback.js';
import { recordAudit } from '../audit/record.js';
import type { SessionUser } from '../auth/queries.js';
import { canAccessUnit } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';
import { resolveUnit } from './intake.js';

export type HandleOutcome =
  | { ok: true; status: TFeedbackStatus }
  | { refused: 'not_found' }
  | { refused: 'wrong_state'; status: TFeedbackStatus }
  | { refused: 'invalid'; fields: FieldError[] };

/** From which states each step may be taken, and where it leads (null: the state stays). */
const STEPS: Record<
  TFeedbackAction['action'],
  { from: readonly TFeedbackStatus[] | 'any'; to: TFeedbackStatus | null }
> = {
  accept: { from: ['new', 'transferred'], to: 'accepted' },
  start: { from: ['new', 'accepted', 'transferred'], to: 'in_progress' },
  reply: { from: [...OPEN_STATUSES, 'answered'], to: 'answered' },
  close: { from: ['answered', 'not_competent'], to: 'closed' },
  transfer: { from: OPEN_STATUSES, to: 'transferred' },
  not_competent: { from: OPEN_STATUSES, to: 'not_competent' },
  note: { from: 'any', to: null },
};

/** The history's name for each step. */
const EVENT_KIND: Record<TFeedbackAction['action'], string> = {
  accept: 'accepted',
  start: 'in_progress',
  reply: 'answered',
  close: 'closed',
  transfer: 'transferred',
  not_competent: 'not_competent',
  note: 'note',
};

/** May this user handle items of this unit? Admins everywhere; unit managers within their scope. */
export async function canHandleUnit(db: Database, user: SessionUser, unitId: number): Promise<boolean> {
  if (user.roles.some((r) => r.role === 'admin')) return true;
  if (!user.roles.some((r) => r.role === 'unit_manager')) return false;
  return canAccessUnit(db, user, unitId);
}

/**
 * One handling step, with its event and audit entry in the same transaction. The row is locked
 * first, so two handlers pressing at once take turns and the second sees the new state.
 */
export async function handleFeedback(
  db: Database,
  user: SessionUser,
  code: string,
  step: TFeedbackAction,
  now = new Date(),
): Promise<HandleOutcome> {
  let target: { id: number; code: string } | undefined;
  if (step.action === 'transfer') {
    const unit = await resolveUnit(db, step.unit);
    if (!unit) return { refused: 'invalid', fields: [{ path: 'unit', message: 'không tìm thấy đơn vị này' }] };
    target = unit;
  }
  return db.transaction().execute(async (trx): Promise<HandleOutcome> => {
    const item = await trx
      .selectFrom('feedback_items')
      .select(['id', 'code', 'status', 'unit_id', 'escalated_to'])
      .where('code', '=', code.toUpperCase())
      .where('spam', '=', false)
      .forUpdate()
      .executeTakeFirst();
    // Out of scope reads as unknown, so codes of other units' items are not confirmed.
    if (!item || !(await canHandleUnit(trx, user, item.unit_id))) return { refused: 'not_found' };
    const status = item.status as TFeedbackStatus;
    const rule = STEPS[step.action];
    if (rule.from !== 'any' && !rule.from.includes(status)) return { refused: 'wrong_state', status };
    if (target && target.id === item.unit_id) {
      return { refused: 'invalid', fields: [{ path: 'unit', message: 'phản ánh đang thuộc đơn vị này' }] };
    }
    const next = rule.to ?? status;
    const text = 'text' in step ? (step.text ?? null) : null;
    await trx
      .updateTable('feedback_items')
      .set({
        status: next,
        updated_at: now,
        ...(step.action === 'reply' || step.action === 'not_competent' ? { reply: text, replied_at: now } : {}),
        ...(step.action === 'close' ? { closed_at: now } : {}),
        // A transfer hands the item to the new unit, which starts from a clean slate.
        ...(target ? { unit_id: target.id, escalated_at: null, escalated_to: null } : {}),
      })
      .where('id', '=', item.id)
      .execute();
    await trx
      .insertInto('feedback_events')
      .values({
        feedback_id: item.id,
        at: now,
        actor_id: user.id,
        kind: EVENT_KIND[step.action],
        from_status: rule.to ? status : null,
        to_status: rule.to,
        unit_id: target?.id ?? item.unit_id,
        text,
      })
      .execute();
    await recordAudit(trx, {
      actorId: user.id,
      action: 'feedback.handle',
      targetType: 'feedback',
      targetId: item.code,
      // The audit log says what happened, not the text (it may quote the citizen).
      details: { step: step.action, from: status, to: next, ...(target ? { unit: target.code } : {}) },
    });
    return { ok: true, status: next };
  });
}

/** "Bạn nói, chúng tôi làm": publish the reviewed texts of an answered or closed item. */
export async function publishFeedback(
  db: Database,
  user: SessionUser,
  code: string,
  texts: { issue: string; action: string } | null,
  now = new Date(),
): Promise<HandleOutcome> {
  return db.transaction().execute(async (trx): Promise<HandleOutcome> => {
    const item = await trx
      .selectFrom('feedback_items')
      .select(['id', 'code', 'status', 'unit_id'])
      .where('code', '=', code.toUpperCase())
      .where('spam', '=', false)
      .forUpdate()
      .executeTakeFirst();
    if (!item || !(await canHandleUnit(trx, user, item.unit_id))) return { refused: 'not_found' };
    const status = item.status as TFeedbackStatus;
    if (texts && status !== 'closed' && status !== 'answered') return { refused: 'wrong_state', status };
    await trx
      .updateTable('feedback_items')
      .set(
        texts
          ? { published_issue: texts.issue, published_action: texts.action, published_at: now, published_by: user.id }
          : { published_issue: null, published_action: null, published_at: null, published_by: null },
      )
      .where('id', '=', item.id)
      .execute();
    await trx
      .insertInto('feedback_events')
      .values({
        feedback_id: item.id,
        at: now,
        actor_id: user.id,
        kind: 'published',
        text: texts ? 'published' : 'withdrawn',
      })
      .execute();
    await recordAudit(trx, {
      actorId: user.id,
      action: 'feedback.publish',
      targetType: 'feedback',
      targetId: item.code,
      details: { published: texts !== null },
    });
    return { ok: true, status };
  });
}
