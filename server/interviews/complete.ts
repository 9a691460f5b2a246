import type { TInterviewContact } from '../../domain/contract/interviews.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';
import { submitResponse } from '../responses/submit.js';
import { contactOut, findContact, recordAttempt, type ContactRow } from './queries.js';

export interface InterviewAnswer {
  id: string;
  answers: Record<string, unknown>;
  comment?: string | null | undefined;
  startedAt?: string | undefined;
}

export type CompleteOutcome =
  | { status: 200 | 201; contact: TInterviewContact }
  | { refused: 'invalid'; fields: FieldError[] }
  | { refused: 'contact_closed'; message: string }
  | { refused: 'id_conflict' | 'link_retired' };

/** Thrown inside the transaction when the person was closed meanwhile: rolls the answer back. */
class ContactClosed extends Error {}

const closedMessage = (c: Pick<ContactRow, 'status' | 'label'>) =>
  c.status === 'refused'
    ? `"${c.label}" đã từ chối trả lời; không nhận phiếu phỏng vấn cho người này`
    : `"${c.label}" đã có phiếu phỏng vấn; mỗi người được chọn chỉ trả lời một lần`;

/**
 * Store the answer of a completed interview. It goes through the phone's submission service (same
 * validation, same idempotency by id) against the list's 'interview' link, so the answer carries
 * channel 'interview'; the same transaction records the interviewer as operator and closes the
 * person as completed, so a person never has two answers, nor an answer without being closed.
 */
export async function completeInterview(
  db: Database,
  list: { versionId: number; linkCode: string },
  contact: ContactRow,
  input: InterviewAnswer,
  ctx: { key: Buffer; ip: string; operatorId: number },
): Promise<CompleteOutcome> {
  const id = input.id.toLowerCase();
  // An answer id is one person's: the same id sent for another person would be another answer under it.
  const elsewhere = await db
    .selectFrom('interview_contacts')
    .select('id')
    .where('response_id', '=', id)
    .where('id', '<>', contact.id)
    .executeTakeFirst();
  if (elsewhere) return { refused: 'id_conflict' };
  if (contact.status === 'refused' || (contact.status === 'completed' && contact.responseId !== id)) {
    return { refused: 'contact_closed', message: closedMessage(contact) };
  }
  try {
    const outcome = await db.transaction().execute(async (trx) =>
      submitResponse(
        trx,
        {
          id,
          linkCode: list.linkCode,
          versionId: list.versionId,
          answers: input.answers,
          comment: input.comment,
          startedAt: input.startedAt,
        },
        {
          key: ctx.key,
          ip: ctx.ip,
          insert: async (row) => {
            const inserted = await trx
              .insertInto('responses')
              .values({ ...row, operator_id: ctx.operatorId })
              .onConflict((oc) => oc.column('id').doNothing())
              .returning('id')
              .executeTakeFirst();
            if (!inserted) return false;
            const closed = await recordAttempt(trx, {
              contactId: contact.id,
              outcome: 'completed',
              interviewerId: ctx.operatorId,
              responseId: id,
            });
            if (!closed) throw new ContactClosed();
            return true;
          },
        },
      ),
    );
    if ('refused' in outcome) {
      if (outcome.refused === 'invalid') return outcome;
      if (outcome.refused === 'link_not_found') return { refused: 'link_retired' };
      return { refused: outcome.refused };
    }
    const now = await findContact(db, contact.id, null);
    return { status: outcome.status, contact: contactOut(now!) };
  } catch (err) {
    if (!(err instanceof ContactClosed)) throw err;
    const now = await findContact(db, contact.id, null);
    return { refused: 'contact_closed', message: closedMessage(now ?? contact) };
  }
}
