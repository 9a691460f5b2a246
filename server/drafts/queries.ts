import { sql } from 'kysely';
import type { TDraft, TDraftSummary } from '../../domain/contract/drafts.js';
import { ZSurveyDefinition, type TSurveyDefinition } from '../../domain/definition.js';
import { definitionProblems } from '../../domain/draft-problems.js';
import { recordAudit } from '../audit/record.js';
import type { Database } from '../db/schema.js';
import { currentVersion } from '../surveys/queries.js';

/** Survey drafts (#12.8): plain functions of the database, outcomes typed for the routes. */

type Row = {
  id: number;
  slug: string;
  title: string;
  version: number;
  author_label: string;
  updated_at: Date;
  base_slug: string | null;
  base_version: number | null;
  published_version: number | null;
  published_at: Date | null;
};
const SUMMARY = [
  'id',
  'slug',
  'title',
  'version',
  'author_label',
  'updated_at',
  'base_slug',
  'base_version',
  'published_version',
  'published_at',
] as const;

function summary(r: Row): TDraftSummary {
  return {
    id: Number(r.id),
    slug: r.slug,
    title: r.title,
    version: r.version,
    authorLabel: r.author_label,
    updatedAt: r.updated_at.toISOString(),
    baseSlug: r.base_slug,
    baseVersion: r.base_version,
    publishedVersion: r.published_version,
    publishedAt: r.published_at?.toISOString() ?? null,
  };
}

/** Everything that keeps a draft from being published, for the field it concerns (the builder shows the same). */
export const draftProblems = definitionProblems;

/** Slug and title kept beside the JSON, so the list reads them without parsing definitions. */
function labels(definition: Record<string, unknown>): { slug: string; title: string } {
  const slug = typeof definition.slug === 'string' ? definition.slug.slice(0, 100) : '';
  const title = definition.title as { vi?: unknown } | undefined;
  return { slug, title: typeof title?.vi === 'string' ? title.vi.slice(0, 500) : '' };
}

export async function listDrafts(db: Database): Promise<TDraftSummary[]> {
  const rows = await db.selectFrom('survey_drafts').select(SUMMARY).orderBy('updated_at', 'desc').limit(200).execute();
  return rows.map(summary);
}

export async function getDraft(db: Database, id: number): Promise<TDraft | undefined> {
  const row = await db
    .selectFrom('survey_drafts')
    .select([...SUMMARY, 'definition'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const definition = row.definition as Record<string, unknown>;
  return { ...summary(row), definition, problems: draftProblems(definition) };
}

/** A new, empty draft: one criterion and one rated question to start from, both still to be written. */
export function emptyDefinition(): Record<string, unknown> {
  return {
    slug: '',
    kind: 'administrative',
    title: { vi: '', en: '' },
    audience: { vi: '', en: '' },
    target: 0.9,
    minSecondsToComplete: 20,
    allowComment: true,
    criteria: [{ key: 'c1', title: { vi: '', en: '' } }],
    questions: [
      {
        key: 'q1',
        criterion: 'c1',
        type: 'likert5',
        required: true,
        allowNotApplicable: false,
        text: { vi: '', en: '' },
      },
    ],
  };
}

export type CreateOutcome = { status: 'created'; draft: TDraft } | { status: 'survey_not_found' };

export async function createDraft(
  db: Database,
  author: { id: number; email: string },
  from: string | undefined,
): Promise<CreateOutcome> {
  let definition = emptyDefinition();
  let base: { slug: string; version: number } | null = null;
  if (from !== undefined) {
    const survey = await db.selectFrom('surveys').select('id').where('slug', '=', from).executeTakeFirst();
    const version = survey ? await currentVersion(db, survey.id) : undefined;
    if (!version) return { status: 'survey_not_found' };
    definition = version.definition as Record<string, unknown>;
    base = { slug: from, version: version.number };
  }
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('survey_drafts')
      .values({
        ...labels(definition),
        definition: JSON.stringify(definition),
        base_slug: base?.slug ?? null,
        base_version: base?.version ?? null,
        author_id: author.id,
        author_label: author.email,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await auditDraft(trx, author, 'drafts.create', Number(inserted.id), definition, {
      basedOn: base ? `${base.slug} v${base.version}` : null,
    });
    return inserted;
  });
  return { status: 'created', draft: (await getDraft(db, Number(row.id)))! };
}

export type SaveOutcome =
  { status: 'saved'; draft: TDraft } | { status: 'not_found' } | { status: 'stale'; current: number };

/** Save only over the version the editor read: a concurrent save in between makes this one stale. */
export async function saveDraft(
  db: Database,
  author: { id: number; email: string },
  id: number,
  version: number,
  definition: Record<string, unknown>,
): Promise<SaveOutcome> {
  const updated = await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('survey_drafts')
      .set({
        ...labels(definition),
        definition: JSON.stringify(definition),
        version: sql<number>`version + 1`,
        author_id: author.id,
        author_label: author.email,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .returning(['id', 'version'])
      .executeTakeFirst();
    if (row) await auditDraft(trx, author, 'drafts.save', id, definition, { draftVersion: row.version });
    return row;
  });
  if (updated) return { status: 'saved', draft: (await getDraft(db, id))! };
  const row = await db.selectFrom('survey_drafts').select('version').where('id', '=', id).executeTakeFirst();
  return row ? { status: 'stale', current: row.version } : { status: 'not_found' };
}

/** Mark a draft as published, in the publishing transaction; false when it changed meanwhile. */
export async function markPublished(trx: Database, id: number, version: number, number: number): Promise<boolean> {
  const res = await trx
    .updateTable('survey_drafts')
    .set({ published_version: number, published_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return res.numUpdatedRows > 0n;
}

export async function deleteDraft(db: Database, author: { id: number; email: string }, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx.deleteFrom('survey_drafts').where('id', '=', id).returning(['definition']).executeTakeFirst();
    if (!row) return false;
    await auditDraft(trx, author, 'drafts.delete', id, row.definition as Record<string, unknown>, {});
    return true;
  });
}

/**
 * A draft's create, save or delete in the audit log, in the transaction that made it: the survey's
 * slug and Vietnamese title as they stood, and how many questions it had.
 */
async function auditDraft(
  trx: Database,
  author: { id: number; email: string },
  action: 'drafts.create' | 'drafts.save' | 'drafts.delete',
  id: number,
  definition: Record<string, unknown>,
  extra: Record<string, unknown>,
): Promise<void> {
  const { slug, title } = labels(definition);
  const questions = Array.isArray(definition.questions) ? definition.questions.length : 0;
  await recordAudit(trx, {
    actorId: author.id,
    actorLabel: author.email,
    action,
    targetType: 'survey_draft',
    targetId: id,
    details: { survey: slug || null, name: title || null, questions, ...extra },
  });
}

/** A published version as stored, for export; undefined when there is no such version. */
export async function publishedDefinition(
  db: Database,
  slug: string,
  number: number,
): Promise<TSurveyDefinition | undefined> {
  const row = await db
    .selectFrom('survey_versions as v')
    .innerJoin('surveys as s', 's.id', 'v.survey_id')
    .select('v.definition')
    .where('s.slug', '=', slug)
    .where('v.number', '=', number)
    .executeTakeFirst();
  return row ? ZSurveyDefinition.parse(row.definition) : undefined;
}

/** The file survey-definitions/ holds: the definition in the schema's key order, two-space JSON. */
export function definitionFile(definition: TSurveyDefinition): string {
  return `${JSON.stringify(ZSurveyDefinition.parse(definition), null, 2)}\n`;
}
