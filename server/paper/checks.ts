import { buildAnswersSchema, checkAnswers, COMMENT_MAX_LENGTH, type AnswerValue } from '../../domain/answers.js';
import type { TPaperDifference } from '../../domain/contract/paper.js';
import type { TSurveyDefinition } from '../../domain/definition.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';
import { findSheet } from './queries.js';

export type CheckOutcome =
  | { status: 201; differences: TPaperDifference[] }
  | { refused: 'invalid'; fields: FieldError[] }
  | { refused: 'same_operator' | 'already_checked'; message: string };

type Stored = Record<string, unknown>;

// Ticked options (multiple choice) compare as one list, in the definition's order as stored.
const scalar = (v: unknown): Exclude<AnswerValue, string[]> | null =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : Array.isArray(v) ? v.join(', ') : null;

/** Where two typings of one sheet disagree, question by question, then the comment. */
export function compareTypings(
  def: TSurveyDefinition,
  first: { answers: Stored; comment: string | null },
  second: { answers: Stored; comment: string | null },
): TPaperDifference[] {
  const out: TPaperDifference[] = [];
  def.questions.forEach((q, i) => {
    const a = scalar(first.answers[q.key]);
    const b = scalar(second.answers[q.key]);
    if (a !== b) out.push({ key: q.key, question: `Câu ${i + 1}. ${q.text.vi}`, first: a, second: b });
  });
  const ca = first.comment?.trim() || null;
  const cb = second.comment?.trim() || null;
  if (ca !== cb) out.push({ key: 'comment', question: 'Góp ý', first: ca, second: cb });
  return out;
}

/**
 * Store a second typing of an entered sheet by another operator, validated as the first was, and
 * answer where it differs from the stored answer. It never changes the answer: resolution is a
 * person's decision against the paper.
 */
export async function checkSheet(
  db: Database,
  batch: { id: number; definition: TSurveyDefinition },
  input: { serial: number; answers: Record<string, unknown>; comment?: string | null | undefined },
  operatorId: number,
): Promise<CheckOutcome> {
  const sheet = await findSheet(db, input.serial);
  if (!sheet || sheet.batchId !== batch.id) {
    return {
      refused: 'invalid',
      fields: [{ path: 'serial', message: `Số phiếu ${input.serial} không có trong đợt in này` }],
    };
  }
  if (sheet.responseId === null) {
    return {
      refused: 'invalid',
      fields: [{ path: 'serial', message: `Phiếu số ${input.serial} chưa được nhập lần đầu, chưa thể nhập kiểm tra` }],
    };
  }
  const first = await db
    .selectFrom('responses')
    .select(['answers', 'comment', 'operator_id'])
    .where('id', '=', sheet.responseId)
    .executeTakeFirstOrThrow();
  if (first.operator_id === operatorId) {
    return { refused: 'same_operator', message: 'Lần nhập kiểm tra phải do một người khác với người nhập lần đầu' };
  }
  const checked = checkAnswers(buildAnswersSchema(batch.definition), batch.definition, input.answers);
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  const fields: FieldError[] = checked.ok
    ? []
    : checked.problems.map((p) => ({ path: p.key ? `answers.${p.key}` : 'answers', message: p.message }));
  if (comment.length > COMMENT_MAX_LENGTH)
    fields.push({ path: 'comment', message: `Góp ý tối đa ${COMMENT_MAX_LENGTH} ký tự` });
  if (!checked.ok || fields.length > 0) return { refused: 'invalid', fields };
  const inserted = await db
    .insertInto('paper_checks')
    .values({
      serial: input.serial,
      answers: JSON.stringify(checked.answers),
      comment: comment || null,
      entered_by: operatorId,
    })
    .onConflict((oc) => oc.column('serial').doNothing())
    .returning('serial')
    .executeTakeFirst();
  if (!inserted) return { refused: 'already_checked', message: `Phiếu số ${input.serial} đã được nhập kiểm tra` };
  return {
    status: 201,
    differences: compareTypings(
      batch.definition,
      { answers: first.answers, comment: first.comment },
      { answers: checked.answers, comment: comment || null },
    ),
  };
}

/** Every second typing of a batch compared with its stored answer; only the sheets that differ are listed. */
export async function batchChecks(db: Database, batch: { id: number; definition: TSurveyDefinition }) {
  const rows = await db
    .selectFrom('paper_checks as c')
    .innerJoin('paper_sheets as p', 'p.serial', 'c.serial')
    .innerJoin('responses as r', 'r.id', 'p.response_id')
    .select([
      'c.serial',
      'c.answers as second',
      'c.comment as secondComment',
      'r.answers as first',
      'r.comment as firstComment',
    ])
    .where('p.batch_id', '=', batch.id)
    .orderBy('c.serial')
    .execute();
  const mismatches = rows
    .map((r) => ({
      serial: r.serial,
      differences: compareTypings(
        batch.definition,
        { answers: r.first, comment: r.firstComment },
        { answers: r.second, comment: r.secondComment },
      ),
    }))
    .filter((m) => m.differences.length > 0);
  return { checked: rows.length, mismatches };
}
