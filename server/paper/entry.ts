import { formatLocalDateTime } from '../../domain/periods.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';
import { enterStaffAnswer } from '../responses/staff-entry.js';
import { findSheet } from './queries.js';

export interface PaperEntryInput {
  id: string;
  batchId: number;
  serial: number;
  answers: Record<string, unknown>;
  comment?: string | null | undefined;
}

export type EntryOutcome =
  | { status: 200 | 201 }
  | { refused: 'invalid'; fields: FieldError[] }
  | { refused: 'serial_entered'; message: string }
  | { refused: 'id_conflict' | 'link_retired' };

const enteredMessage = (serial: number, at: Date | null) =>
  `Phiếu số ${serial} đã được nhập${at ? ` lúc ${formatLocalDateTime(at)}` : ''}; mỗi phiếu giấy chỉ nhập một lần`;

/**
 * Store one typed paper sheet against the batch's 'paper' link (responses/staff-entry.ts), so the
 * answer carries channel 'paper' and the operator; the serial is bound in the same transaction, so
 * a serial is never bound without its answer nor an answer stored twice for one serial.
 */
export async function enterSheet(
  db: Database,
  batch: { id: number; versionId: number; linkCode: string },
  input: PaperEntryInput,
  ctx: { key: Buffer; ip: string; operatorId: number },
): Promise<EntryOutcome> {
  const id = input.id.toLowerCase();
  const sheet = await findSheet(db, input.serial);
  if (!sheet || sheet.batchId !== batch.id) {
    return {
      refused: 'invalid',
      fields: [{ path: 'serial', message: `Số phiếu ${input.serial} không có trong đợt in này` }],
    };
  }
  // An entry id is one sheet's: the same id sent for another serial is another answer under it.
  const elsewhere = await db
    .selectFrom('paper_sheets')
    .select('serial')
    .where('response_id', '=', id)
    .where('serial', '<>', input.serial)
    .executeTakeFirst();
  if (elsewhere) return { refused: 'id_conflict' };
  if (sheet.responseId !== null && sheet.responseId !== id) {
    return { refused: 'serial_entered', message: enteredMessage(input.serial, sheet.enteredAt) };
  }
  const outcome = await enterStaffAnswer(
    db,
    { id, linkCode: batch.linkCode, versionId: batch.versionId, answers: input.answers, comment: input.comment },
    ctx,
    async (trx) => {
      const bound = await trx
        .updateTable('paper_sheets')
        .set({ response_id: id, entered_by: ctx.operatorId, entered_at: new Date() })
        .where('serial', '=', input.serial)
        .where('response_id', 'is', null)
        .returning('serial')
        .executeTakeFirst();
      return bound !== undefined;
    },
  );
  if (!('refused' in outcome) || outcome.refused !== 'unbound') return outcome;
  // Another entry took the serial first.
  const now = await findSheet(db, input.serial);
  return { refused: 'serial_entered', message: enteredMessage(input.serial, now?.enteredAt ?? null) };
}
