import type { TDraftReview } from '../../domain/contract/drafts.js';
import { diffDefinitions } from '../../domain/definition-diff.js';
import { ZSurveyDefinition, type TSurveyDefinition } from '../../domain/definition.js';
import { describeChanges } from '../../domain/draft-changes.js';
import type { Database } from '../db/schema.js';
import { publishDefinitions, PublishError, type DefinitionFile } from '../definitions/publish.js';
import { currentVersion } from '../surveys/queries.js';
import { draftProblems } from './queries.js';

export const draftFileName = (slug: string) => `${slug}.json`;
export const draftFiles = (definition: TSurveyDefinition): DefinitionFile[] => [
  { file: draftFileName(definition.slug), text: JSON.stringify(definition) },
];

/**
 * What publishing a draft would do: its problems, the refusals of the publish path itself (a kept key
 * whose meaning changed), and its changes against the current version in words, with whether any of
 * them needs a confirmation. The dry run is the real publish rolled back, so it refuses exactly what
 * publishing would.
 */
export async function reviewDraft(
  db: Database,
  raw: unknown,
): Promise<TDraftReview & { definition: TSurveyDefinition | null }> {
  const problems = draftProblems(raw);
  const base = { refusals: [], changes: [], needsConfirmation: false, currentVersion: null };
  if (problems.length > 0) {
    const slug = (raw as { slug?: unknown }).slug;
    return {
      ...base,
      status: 'invalid',
      slug: typeof slug === 'string' ? slug : null,
      problems,
      definition: null,
    };
  }
  const definition = ZSurveyDefinition.parse(raw);
  const survey = await db.selectFrom('surveys').select('id').where('slug', '=', definition.slug).executeTakeFirst();
  const current = survey ? await currentVersion(db, survey.id) : undefined;
  const changes = current ? describeChanges(diffDefinitions(current.definition as TSurveyDefinition, definition)) : [];
  const review = {
    ...base,
    slug: definition.slug,
    currentVersion: current?.number ?? null,
    problems: [],
    changes,
    needsConfirmation: changes.some((c) => c.breaksComparability),
    definition,
  };
  try {
    const [outcome] = await publishDefinitions(db, draftFiles(definition), { dryRun: true });
    const status = outcome!.status === 'unchanged' ? 'unchanged' : survey ? 'new_version' : 'new_survey';
    return { ...review, status, needsConfirmation: status !== 'unchanged' && review.needsConfirmation };
  } catch (err) {
    if (!(err instanceof PublishError)) throw err;
    return {
      ...review,
      status: 'refused',
      refusals: err.problems.map((p) => ({ path: p.path, message: p.message })),
    };
  }
}
