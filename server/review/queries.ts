import { sql } from 'kysely';
import { recordAudit } from '../audit/record.js';
import { answerText, type BothLanguages } from '../../domain/answer-text.js';
import type { AnswerValue } from '../../domain/answers.js';
import type { TSurveyDefinition } from '../../domain/definition.js';
import type { Database, ReviewStatus } from '../db/schema.js';

/**
 * The review queue of flagged responses. A flagged response is kept but left out of every rate
 * until a reviewer accepts it; a decision is recorded on the row (who, when) and in the audit log,
 * in one transaction with the change (the rollup triggers move its answers in or out).
 */

export interface ReviewFilter {
  status: ReviewStatus;
  surveyIds?: number[] | undefined;
  unitId?: number | undefined;
  flag?: string | undefined;
  page: number;
  pageSize: number;
}

export interface ReviewItem {
  id: string;
  submittedAt: Date;
  secondsTaken: number | null;
  survey: { slug: string; title: string };
  version: number;
  unit: { code: string; name: string };
  channel: string;
  flags: string[];
  reviewStatus: ReviewStatus;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  comment: string | null;
  /** The answered version's threshold for the "too fast" flag, so the card can say why it was raised. */
  minSeconds: number;
  /** In question order, worded as the answered version had them, each answer as its label. */
  answers: Array<{
    key: string;
    question: string;
    questionText: BothLanguages;
    value: AnswerValue;
    answer: BothLanguages;
  }>;
}

/** A response's answers in the order and wording of the version the person answered. */
export function answersAsSeen(
  def: TSurveyDefinition | undefined,
  answers: Record<string, AnswerValue>,
): ReviewItem['answers'] {
  const questions = def?.questions ?? [];
  const known = new Set(questions.map((q) => q.key));
  const inOrder = questions
    .filter((q) => answers[q.key] !== undefined)
    .map((q) => {
      const value = answers[q.key]!;
      const questionText = { vi: q.text.vi, en: q.text.en ?? q.text.vi };
      return { key: q.key, question: q.text.vi, questionText, value, answer: answerText(q, value) };
    });
  // A key the version does not know cannot happen for a validated answer; shown last rather than lost.
  const rest = Object.entries(answers)
    .filter(([key]) => !known.has(key))
    .map(([key, value]) => ({
      key,
      question: key,
      questionText: { vi: key, en: key },
      value,
      answer: answerText(undefined, value),
    }));
  return [...inOrder, ...rest];
}

export async function listForReview(
  db: Database,
  f: ReviewFilter,
): Promise<{ total: number; counts: Record<ReviewStatus, number>; items: ReviewItem[] }> {
  let base = db
    .selectFrom('responses as r')
    .where((eb) => eb.or([eb('r.review_status', '<>', 'accepted'), eb(sql`cardinality(r.flags)`, '>', 0)]));
  if (f.surveyIds) base = base.where('r.survey_id', 'in', f.surveyIds);
  if (f.unitId !== undefined) base = base.where('r.unit_id', '=', f.unitId);
  if (f.flag) base = base.where(sql<boolean>`${f.flag} = any(r.flags)`);
  const [counts, rows] = await Promise.all([
    base
      .select(['r.review_status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('r.review_status')
      .execute(),
    base
      .where('r.review_status', '=', f.status)
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .innerJoin('surveys as s', 's.id', 'r.survey_id')
      .innerJoin('survey_versions as v', 'v.id', 'r.version_id')
      .leftJoin('users as ru', 'ru.id', 'r.reviewed_by')
      .select([
        'r.id',
        'r.submitted_at',
        'r.started_at',
        'r.survey_id',
        's.slug',
        's.title_vi',
        'v.number as version',
        'v.definition',
        'u.code as unit_code',
        'u.name as unit_name',
        'r.channel',
        'r.flags',
        'r.review_status',
        'r.reviewed_at',
        'ru.email as reviewer',
        'r.comment',
        'r.answers',
      ])
      .orderBy('r.submitted_at', 'desc')
      .orderBy('r.id')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  const all: Record<ReviewStatus, number> = { accepted: 0, pending: 0, rejected: 0 };
  for (const c of counts) all[c.review_status] = Number(c.n);
  return {
    total: all[f.status],
    counts: all,
    items: rows.map((r) => {
      // Published versions were validated when published and never change.
      const def = r.definition as TSurveyDefinition;
      const answers = r.answers as Record<string, AnswerValue>;
      const started = r.started_at ? new Date(r.started_at) : null;
      return {
        id: r.id,
        submittedAt: r.submitted_at,
        secondsTaken: started ? Math.round((r.submitted_at.getTime() - started.getTime()) / 1000) : null,
        survey: { slug: r.slug, title: r.title_vi },
        version: r.version,
        unit: { code: r.unit_code, name: r.unit_name },
        channel: r.channel,
        flags: r.flags,
        reviewStatus: r.review_status,
        reviewedAt: r.reviewed_at,
        reviewedBy: r.reviewer,
        comment: r.comment,
        minSeconds: def.minSecondsToComplete ?? 0,
        answers: answersAsSeen(def, answers),
      };
    }),
  };
}

export type Decision = 'accept' | 'reject' | 'reopen';
const STATUS_OF: Record<Decision, ReviewStatus> = { accept: 'accepted', reject: 'rejected', reopen: 'pending' };

/** Applies a decision to responses; returns the ids changed. Unknown ids are skipped. */
export async function decide(
  db: Database,
  ids: string[],
  decision: Decision,
  reviewer: { id: number; email: string },
): Promise<Array<{ id: string; previous: ReviewStatus; status: ReviewStatus }>> {
  const status = STATUS_OF[decision];
  return db.transaction().execute(async (trx) => {
    // Lock in id order so two reviewers deciding overlapping batches cannot deadlock. Each id's
    // submitted_at (response_ids, migrations/0160) names its month, so only those partitions are touched.
    const { rows } = await sql<{ id: string; previous: ReviewStatus }>`
      with old as (
        select r.id, r.submitted_at, r.review_status
          from response_ids i join responses r on r.id = i.id and r.submitted_at = i.submitted_at
         where i.id in (${sql.join(ids)}) order by r.id for update of r
      )
      update responses r set review_status = ${status}, reviewed_by = ${reviewer.id}, reviewed_at = now()
      from old where r.id = old.id and r.submitted_at = old.submitted_at
      returning r.id, old.review_status as previous`.execute(trx);
    for (const r of rows) {
      await recordAudit(trx, {
        actorId: reviewer.id,
        actorLabel: reviewer.email,
        action: 'responses.review',
        targetType: 'response',
        targetId: r.id,
        details: { decision, from: r.previous, to: status },
      });
    }
    return rows.map((r) => ({ id: r.id, previous: r.previous, status }));
  });
}
