import type { Database } from '../db/schema.js';

export interface SurveyWithVersions {
  id: number;
  slug: string;
  family: string | null;
  kind: string;
  level: string | null;
  title: { vi: string; en: string | null };
  target: number;
  currentVersion: number | null;
  versions: Array<{ id: number; number: number; contentHash: string; publishedAt: Date; sourceFile: string }>;
}

export async function listSurveys(db: Database): Promise<SurveyWithVersions[]> {
  const surveys = await db.selectFrom('surveys').selectAll().orderBy('slug').execute();
  const versions = await db
    .selectFrom('survey_versions')
    .select(['id', 'survey_id', 'number', 'content_hash', 'published_at', 'source_file', 'retired_at'])
    .orderBy('survey_id')
    .orderBy('number')
    .execute();
  return surveys.map((s) => {
    const own = versions.filter((v) => v.survey_id === s.id);
    const current = own.filter((v) => !v.retired_at).at(-1);
    return {
      id: s.id,
      slug: s.slug,
      family: s.family,
      kind: s.kind,
      level: s.level,
      title: { vi: s.title_vi, en: s.title_en },
      target: s.target,
      currentVersion: current?.number ?? null,
      versions: own.map((v) => ({
        id: v.id,
        number: v.number,
        contentHash: v.content_hash,
        publishedAt: v.published_at,
        sourceFile: v.source_file,
      })),
    };
  });
}

/** The newest version that is not retired: what a link opens. */
export async function currentVersion(db: Database, surveyId: number) {
  return db
    .selectFrom('survey_versions')
    .selectAll()
    .where('survey_id', '=', surveyId)
    .where('retired_at', 'is', null)
    .orderBy('number', 'desc')
    .limit(1)
    .executeTakeFirst();
}
