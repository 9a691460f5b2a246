import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { TFeedbackCategory, TFeedbackChannel } from '../../domain/contract/feedback-codes.js';
import type { TContact } from '../../domain/contract/feedback.js';
import { localDay } from '../../domain/periods.js';
import { recordAudit } from '../audit/record.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';
import { newFeedbackCode } from './codes.js';
import { decodePhoto, preparePhotos, type PhotoIn } from './photos.js';
import { loadCalendar, loadSettings } from './settings.js';

export interface NewFeedback {
  id: string;
  unit: string | number;
  category: TFeedbackCategory;
  content: string;
  contact?: TContact | null | undefined;
  consent?: boolean | undefined;
  photos?: ReadonlyArray<string | PhotoIn> | undefined;
  responseId?: string | undefined;
  website?: string | undefined;
}

export type IntakeOutcome =
  | { status: 200 | 201; id: string; code: string; contactKept?: boolean }
  | { refused: 'id_conflict' }
  | { refused: 'invalid'; fields: FieldError[] };

/** The unit named by its public code (any case) or its id. */
export async function resolveUnit(db: Database, ref: string | number) {
  let q = db.selectFrom('units').select(['id', 'code', 'name', 'parent_id']);
  q = typeof ref === 'number' ? q.where('id', '=', ref) : q.where(sql`upper(code)`, '=', ref.toUpperCase());
  return q.executeTakeFirst();
}

function hasContact(c: TContact | null | undefined): c is TContact {
  return !!c && Object.values(c).some((v) => typeof v === 'string' && v !== '');
}

/** Handlers' channel: the public page, or the survey's thank-you screen. */
const channelOf = (f: NewFeedback): TFeedbackChannel => (f.responseId ? 'survey' : 'web');

/**
 * Take in one item exactly once. The client's id is the idempotency key, as for answers: the same
 * id and body again is 200 with the same code, another body under that id 409. Every check
 * (unit, consent, each photo's type and size) passes before anything is written, and the item,
 * its photos and its first event are one transaction.
 */
export async function submitFeedback(
  db: Database,
  f: NewFeedback,
  ctx: { now?: Date; channel?: TFeedbackChannel; staffId?: number } = {},
): Promise<IntakeOutcome> {
  const id = f.id.toLowerCase();
  const now = ctx.now ?? new Date();
  const fields: FieldError[] = [];
  const unit = await resolveUnit(db, f.unit);
  if (!unit) fields.push({ path: 'unit', message: 'không tìm thấy đơn vị này' });
  // Contact details are kept only with the person's explicit consent. Without it the item is still
  // taken (the feedback itself needs no consent) but the details are dropped, and the answer says so.
  const offered = hasContact(f.contact);
  const contact = offered && f.consent === true ? (f.contact as TContact) : null;
  const contactKept = contact !== null;
  const photoHashes: string[] = [];
  for (const [i, p] of (f.photos ?? []).entries()) {
    const decoded = decodePhoto(p);
    if ('problem' in decoded) fields.push({ path: `photos.${i}`, message: decoded.problem });
    else photoHashes.push(createHash('sha256').update(decoded.bytes).digest('hex'));
  }
  if (fields.length > 0 || !unit) return { refused: 'invalid', fields };

  const hash = createHash('sha256')
    .update(
      canonicalJson({
        unit: unit.id,
        category: f.category,
        content: f.content,
        contact,
        consent: f.consent === true,
        photos: photoHashes,
        responseId: f.responseId ?? null,
      }),
    )
    .digest('hex');
  const replay = await replayOf(db, id, hash);
  if (replay) return replay;

  const prepared = await preparePhotos(f.photos ?? []);
  if ('fields' in prepared) return { refused: 'invalid', fields: prepared.fields };

  const [settings, calendar] = await Promise.all([loadSettings(db), loadCalendar(db)]);
  const deadline = calendar.addWorkingDays(localDay(now), settings.deadlines[f.category]);
  const channel = ctx.channel ?? channelOf(f);
  const spam = typeof f.website === 'string' && f.website.trim() !== '';

  for (let attempt = 0; attempt < 5; attempt++) {
    const code = newFeedbackCode();
    try {
      const inserted = await db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('feedback_items')
          .values({
            id,
            code,
            body_hash: hash,
            unit_id: unit.id,
            origin_unit_id: unit.id,
            category: f.category,
            content: f.content,
            channel,
            contact: contact ? JSON.stringify(contact) : null,
            consent: f.consent === true,
            deadline,
            spam,
            created_at: now,
            updated_at: now,
            created_by: ctx.staffId ?? null,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('code')
          .executeTakeFirst();
        if (!row) return false;
        if (prepared.photos.length > 0) {
          await trx
            .insertInto('feedback_photos')
            .values(prepared.photos.map((p, i) => ({ feedback_id: id, position: i + 1, mime: p.mime, bytes: p.bytes })))
            .execute();
        }
        await trx
          .insertInto('feedback_events')
          .values({
            feedback_id: id,
            at: now,
            actor_id: ctx.staffId ?? null,
            kind: 'created',
            to_status: 'new',
            unit_id: unit.id,
          })
          .execute();
        await recordAudit(trx, {
          actorId: ctx.staffId ?? null,
          actorLabel: ctx.staffId ? null : 'public',
          action: 'feedback.create',
          targetType: 'feedback',
          targetId: code,
          details: { unit: unit.code, category: f.category, channel, photos: prepared.photos.length, spam },
        });
        return true;
      });
      if (inserted) return { status: 201, id, code, ...(offered ? { contactKept } : {}) };
      // Lost a race with the same id: the committed row decides.
      const again = await replayOf(db, id, hash);
      if (again) return again;
      throw new Error(`feedback ${id} conflicted but is not stored`);
    } catch (err) {
      // A code already taken (one chance in billions): draw another.
      if ((err as { constraint?: string }).constraint === 'feedback_items_code_key') continue;
      throw err;
    }
  }
  throw new Error('no free feedback code after 5 draws');
}

async function replayOf(db: Database, id: string, hash: string): Promise<IntakeOutcome | undefined> {
  const stored = await db
    .selectFrom('feedback_items')
    .select(['code', 'body_hash'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!stored) return undefined;
  return stored.body_hash === hash ? { status: 200, id, code: stored.code } : { refused: 'id_conflict' };
}
