import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalJson } from '../../domain/canonical-json.js';
import {
  findBreakingChanges,
  formatIssuePath,
  ZSurveyDefinition,
  type TSurveyDefinition,
} from '../../domain/definition.js';
import type { Database } from '../db/schema.js';
import { lockForTransaction } from '../db/locks.js';

export const DEFINITIONS_DIR = path.resolve(import.meta.dirname, '..', '..', 'survey-definitions');

export interface DefinitionProblem {
  file: string;
  /** Where in the file, e.g. questions[3].type; empty for whole-file problems. */
  path: string;
  message: string;
  key?: string;
}

export class PublishError extends Error {
  constructor(public readonly problems: DefinitionProblem[]) {
    super(
      'Nothing was published:\n' +
        problems.map((p) => `  ${p.file}${p.path ? ` at ${p.path}` : ''}: ${p.message}`).join('\n'),
    );
    this.name = 'PublishError';
  }
}

export interface PublishOutcome {
  file: string;
  slug: string;
  status: 'published' | 'unchanged';
  number: number;
  contentHash: string;
}

export interface DefinitionFile {
  file: string;
  text: string;
}

export function contentHash(def: TSurveyDefinition): string {
  return createHash('sha256').update(canonicalJson(def)).digest('hex');
}

/** Parse and validate files; returns the definitions or every problem found. */
export function parseDefinitionFiles(files: DefinitionFile[]): {
  definitions: Array<{ file: string; definition: TSurveyDefinition }>;
  problems: DefinitionProblem[];
} {
  const problems: DefinitionProblem[] = [];
  const definitions: Array<{ file: string; definition: TSurveyDefinition }> = [];
  const slugs = new Map<string, string>();
  for (const { file, text } of files) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (err) {
      problems.push({ file, path: '', message: `không phải JSON hợp lệ: ${(err as Error).message}` });
      continue;
    }
    const parsed = ZSurveyDefinition.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({ file, path: formatIssuePath(issue.path), message: issue.message });
      }
      continue;
    }
    const other = slugs.get(parsed.data.slug);
    if (other) {
      problems.push({ file, path: 'slug', message: `slug "${parsed.data.slug}" đã dùng trong ${other}` });
      continue;
    }
    slugs.set(parsed.data.slug, file);
    definitions.push({ file, definition: parsed.data });
  }
  return { definitions, problems };
}

export async function readDefinitionFiles(dir = DEFINITIONS_DIR): Promise<DefinitionFile[]> {
  const names = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(names.map(async (file) => ({ file, text: await readFile(path.join(dir, file), 'utf8') })));
}

/**
 * Publish every definition file as an immutable version, all in one transaction: either
 * every changed file gets a new version or, on any problem, nothing is written.
 */
export async function publishDefinitions(
  db: Database,
  files: DefinitionFile[],
  options: {
    publishedBy?: string;
    /** Check everything a publish would, then roll back: what would be published, or the refusal. */
    dryRun?: boolean;
    /** Runs in the publishing transaction, e.g. to write the audit entry with the versions. */
    onPublished?: (trx: Database, outcomes: PublishOutcome[]) => Promise<void>;
  } = {},
): Promise<PublishOutcome[]> {
  const { definitions, problems } = parseDefinitionFiles(files);
  if (problems.length > 0) throw new PublishError(problems);

  if (options.dryRun) {
    const rollback = Symbol('dry run');
    let outcomes: PublishOutcome[] = [];
    try {
      await publishDefinitions(db, files, {
        ...options,
        dryRun: false,
        onPublished: async (_trx, result) => {
          outcomes = result;
          throw rollback;
        },
      });
    } catch (err) {
      if (err !== rollback) throw err;
    }
    return outcomes;
  }

  return db.transaction().execute(async (trx) => {
    // Serialise publishers so two can never both take the same version number.
    await lockForTransaction(trx, 'publishDefinitions');
    const outcomes: PublishOutcome[] = [];
    const refusals: DefinitionProblem[] = [];
    // Surveys of one family (e.g. the per-level parent surveys) are pooled by key, so a key
    // must mean the same in all of them, not only across one survey's versions.
    const familyVersions = await trx
      .selectFrom('survey_versions as v')
      .innerJoin('surveys as s', 's.id', 'v.survey_id')
      .select(['s.family', 's.slug', 'v.definition'])
      .where('s.family', 'is not', null)
      .execute();
    const sameFamily = (def: TSurveyDefinition): TSurveyDefinition[] =>
      def.family
        ? [
            ...familyVersions
              .filter((v) => v.family === def.family && v.slug !== def.slug)
              .map((v) => v.definition as TSurveyDefinition),
            ...definitions
              .filter((d) => d.definition.family === def.family && d.definition.slug !== def.slug)
              .map((d) => d.definition),
          ]
        : [];
    for (const { file, definition } of definitions) {
      const hash = contentHash(definition);
      const survey = await trx
        .selectFrom('surveys')
        .select(['id'])
        .where('slug', '=', definition.slug)
        .executeTakeFirst();
      const versions = survey
        ? await trx
            .selectFrom('survey_versions')
            .select(['number', 'content_hash', 'definition'])
            .where('survey_id', '=', survey.id)
            .orderBy('number')
            .execute()
        : [];
      const same = versions.find((v) => v.content_hash === hash);
      if (same) {
        outcomes.push({ file, slug: definition.slug, status: 'unchanged', number: same.number, contentHash: hash });
        continue;
      }
      const breaking = findBreakingChanges(
        [...sameFamily(definition), ...versions.map((v) => v.definition as TSurveyDefinition)],
        definition,
      );
      for (const change of breaking) {
        const index = definition.questions.findIndex((q) => q.key === change.key);
        refusals.push({ file, path: `questions[${index}]`, key: change.key, message: change.message });
      }
      if (breaking.length > 0) continue;

      const surveyFields = {
        family: definition.family ?? null,
        kind: definition.kind,
        level: definition.level ?? null,
        title_vi: definition.title.vi,
        title_en: definition.title.en ?? null,
        target: definition.target,
      };
      const surveyId = survey
        ? (await trx.updateTable('surveys').set(surveyFields).where('id', '=', survey.id).execute(), survey.id)
        : (
            await trx
              .insertInto('surveys')
              .values({ slug: definition.slug, ...surveyFields })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
      const number = (versions.at(-1)?.number ?? 0) + 1;
      await trx
        .insertInto('survey_versions')
        .values({
          survey_id: surveyId,
          number,
          content_hash: hash,
          definition: JSON.stringify(definition),
          source_file: file,
          published_by: options.publishedBy ?? null,
        })
        .execute();
      outcomes.push({ file, slug: definition.slug, status: 'published', number, contentHash: hash });
    }
    // Throwing rolls the whole transaction back, including versions of other files.
    if (refusals.length > 0) throw new PublishError(refusals);
    await options.onPublished?.(trx, outcomes);
    return outcomes;
  });
}
