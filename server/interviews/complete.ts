import type { TInterviewContact } from '../../domain/contract/interviews.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';
import { enterStaffAnswer } from '../responses/staff-entry.js';
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
  | { refused: 'list_closed' }
  | { refused: 'id_conflict' | 'link_retired' };

const closedMessage = (c: Pick<ContactRow, 'status' | 'label'>) =>
  c.status === 'refused'
    ? `"${c.label}" đã từ chối trả lời; không nhận phiếu phỏng vấn cho người này`
    : `"${c.label}" đã có phiếu phỏng vấn; mỗi người được chọn chỉ trả lời một lần`;

/**
 * Store the answer of a completed interview against the list's 'interview' link
 * (responses/staff-entry.ts), so it carries channel 'interview' and the interviewer as operator;
 * the same transaction closes the person as completed, so a person never has two answers, nor an
 * answer without being closed.
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
  const replay = contact.status === 'completed' && contact.responseId === id;
  if (contact.status === 'refused' || (contact.status === 'completed' && !replay)) {
    return { refused: 'contact_closed', message: closedMessage(contact) };
  }
  // A replay of a stored answer stays 200 after the list closed (an outbox may retry late).
  if (contact.listClosedAt && !replay) return { refused: 'list_closed' };
  const outcome = await enterStaffAnswer(
    db,
    {
      id,
      linkCode: list.linkCode,
      versionId: list.versionId,
      answers: input.answers,
      comment: input.comment,
      startedAt: input.startedAt,
    },
    ctx,
    async (trx) => {
      const recorded = await recordAttempt(trx, {
        contactId: contact.id,
        outcome: 'completed',
        interviewerId: ctx.operatorId,
        responseId: id,
      });
      return 'contact' in recorded;
    },
  );
  if ('refused' in outcome && outcome.refused !== 'unbound') return outcome;
  const now = await findContact(db, contact.id, null);
  // Unbound: the list was closed meanwhile, or the person by another interviewer's answer or refusal.
  if ('refused' in outcome) {
    if (now?.listClosedAt) return { refused: 'list_closed' };
    return { refused: 'contact_closed', message: closedMessage(now ?? contact) };
  }
  return { status: outcome.status, contact: contactOut(now!) };
}
