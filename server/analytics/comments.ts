import { sql } from 'kysely';
import type { TCommentItem } from '../../domain/contract/analytics.js';
import type { Database, ReviewStatus } from '../db/schema.js';
import { mergedDefinition } from './definitions.js';
import { responsesWhere } from './conditions.js';
import type { ResolvedFilters } from './filters.js';

/**
 * Comments and free-text answers, newest first. Flagged responses that are not accepted are left
 * out unless asked for; `q` searches the comment and the free-text answers (case-insensitive).
 */
export async function listComments(
  db: Database,
  f: ResolvedFilters,
  options: { q?: string | undefined; page: number; pageSize: number; includeFlagged: boolean },
): Promise<{ total: number; items: TCommentItem[] }> {
  const definition = await mergedDefinition(
    db,
    f.surveys.map((s) => s.id),
  );
  const textKeys = definition.questions.filter((q) => q.type === 'text').map((q) => q.key);
  const keysArray = sql`array[${sql.join(textKeys.length > 0 ? textKeys : [''])}]::text[]`;
  const conds = [responsesWhere(db, f, 'r'), sql`(r.comment is not null or r.answers ?| ${keysArray})`];
  if (!options.includeFlagged) conds.push(sql`r.review_status = 'accepted'`);
  if (options.q) {
    const like = `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conds.push(sql`(r.comment ilike ${like} or exists (
      select 1 from jsonb_each_text(r.answers) e where e.key = any(${keysArray}) and e.value ilike ${like}))`);
  }
  const where = sql.join(conds, sql` and `);
  const [count, rows] = await Promise.all([
    sql<{ total: number }>`select count(*)::int8 as total from responses r where ${where}`.execute(db),
    sql<{
      id: string;
      submitted_at: Date;
      slug: string;
      unit_code: string;
      unit_name: string;
      channel: string;
      comment: string | null;
      answers: Record<string, unknown>;
      flags: string[];
      review_status: ReviewStatus;
    }>`
      select r.id, r.submitted_at, s.slug, u.code as unit_code, u.name as unit_name, r.channel, r.comment,
        r.answers, r.flags, r.review_status
      from responses r
      join units u on u.id = r.unit_id
      join surveys s on s.id = r.survey_id
      where ${where}
      order by r.submitted_at desc, r.id
      limit ${options.pageSize} offset ${(options.page - 1) * options.pageSize}`.execute(db),
  ]);
  const questionText = new Map(definition.questions.map((q) => [q.key, q.text]));
  return {
    total: Number(count.rows[0]?.total ?? 0),
    items: rows.rows.map((r) => ({
      id: r.id,
      submittedAt: r.submitted_at.toISOString(),
      survey: r.slug,
      unit: { code: r.unit_code, name: r.unit_name },
      channel: r.channel,
      comment: r.comment,
      texts: textKeys
        .filter((k) => typeof r.answers[k] === 'string' && (r.answers[k] as string).length > 0)
        .map((k) => ({ key: k, question: questionText.get(k)!, text: r.answers[k] as string })),
      flags: r.flags,
      reviewStatus: r.review_status,
    })),
  };
}
