import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZDiffAnswer, ZPublished, ZValidation, ZVersionAnswer } from '../../domain/contract/definitions.js';
import { diffDefinitions } from '../../domain/definition-diff.js';
import type { TSurveyDefinition } from '../../domain/definition.js';
import { recordAudit } from '../audit/record.js';
import type { Database } from '../db/schema.js';
import { ZErrorBody } from '../http/schemas.js';
import { HttpError } from '../plugins/errors.js';
import { currentVersion } from '../surveys/queries.js';
import { parseDefinitionFiles, publishDefinitions, PublishError, type DefinitionProblem } from './publish.js';

const ZDraft = z.object({
  fileName: z
    .string()
    .trim()
    .regex(
      /^[A-Za-z0-9][\w.-]{0,99}\.json$/,
      'tên tệp chỉ gồm chữ không dấu, số, ".", "_", "-" và kết thúc bằng .json',
    ),
  definition: z.unknown().refine((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
    message: 'định nghĩa phải là một đối tượng JSON',
  }),
});

async function findVersion(db: Database, slug: string, number: number) {
  return db
    .selectFrom('survey_versions as v')
    .innerJoin('surveys as s', 's.id', 'v.survey_id')
    .select([
      's.slug',
      's.title_vi',
      's.title_en',
      'v.id',
      'v.number',
      'v.content_hash',
      'v.published_at',
      'v.published_by',
      'v.source_file',
      'v.retired_at',
      'v.definition',
    ])
    .where('s.slug', '=', slug)
    .where('v.number', '=', number)
    .executeTakeFirst();
}

const problemPath = (p: DefinitionProblem) =>
  `body.definition${p.path ? (p.path.startsWith('[') ? '' : '.') + p.path : ''}`;

/**
 * Survey definitions: read any published version, compare two, and (administrators) check
 * and publish a draft uploaded from the admin app. Publishing goes through the same
 * publishDefinitions as the command line, so both refuse exactly the same drafts.
 */
export const definitionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/surveys/:slug/versions/:number',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['definitions'],
        summary: 'One published version of a survey, with its definition JSON',
        params: z.object({
          slug: z.string().trim().min(1).max(100),
          number: z.coerce.number({ message: 'số phiên bản không hợp lệ' }).int().positive().max(1_000_000),
        }),
        response: {
          200: ZVersionAnswer,
          404: ZErrorBody,
        },
      },
    },
    async (request) => {
      const v = await findVersion(app.db, request.params.slug, request.params.number);
      if (!v) throw new HttpError(404, 'not_found', 'Không tìm thấy phiên bản này');
      return {
        survey: { slug: v.slug, title: { vi: v.title_vi, en: v.title_en } },
        version: {
          id: v.id,
          number: v.number,
          contentHash: v.content_hash,
          publishedAt: v.published_at.toISOString(),
          publishedBy: v.published_by,
          sourceFile: v.source_file,
          retiredAt: v.retired_at?.toISOString() ?? null,
        },
        definition: v.definition as Record<string, unknown>,
      };
    },
  );

  app.get(
    '/api/v1/surveys/:slug/diff',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['definitions'],
        summary: 'What changed between two versions: added, removed and changed questions and criteria',
        params: z.object({ slug: z.string().trim().min(1).max(100) }),
        querystring: z.object({
          from: z.coerce.number({ message: 'cần số phiên bản' }).int().positive().max(1_000_000),
          to: z.coerce.number({ message: 'cần số phiên bản' }).int().positive().max(1_000_000),
        }),
        response: { 200: ZDiffAnswer, 404: ZErrorBody },
      },
    },
    async (request) => {
      const { slug } = request.params;
      const { from, to } = request.query;
      const [a, b] = await Promise.all([findVersion(app.db, slug, from), findVersion(app.db, slug, to)]);
      if (!a || !b) throw new HttpError(404, 'not_found', `Không tìm thấy phiên bản ${!a ? from : to}`);
      return {
        from,
        to,
        diff: diffDefinitions(a.definition as TSurveyDefinition, b.definition as TSurveyDefinition),
      };
    },
  );

  app.post(
    '/api/v1/definitions/validate',
    {
      config: { access: ['admin'] },
      bodyLimit: 1024 * 1024,
      schema: {
        tags: ['definitions'],
        summary:
          'Check a draft definition without publishing: its problems, the breaking changes publishing would refuse, and the diff against the current version',
        body: ZDraft,
        response: {
          200: ZValidation,
        },
      },
    },
    async (request) => {
      const { fileName, definition: raw } = request.body;
      const files = [{ file: fileName, text: JSON.stringify(raw) }];
      const parsed = parseDefinitionFiles(files);
      const empty = { slug: null, currentVersion: null, nextVersion: null, breakingChanges: [], diff: null };
      if (parsed.problems.length > 0) {
        const slug = (raw as { slug?: unknown }).slug;
        return {
          ...empty,
          status: 'invalid' as const,
          publishable: false,
          slug: typeof slug === 'string' ? slug : null,
          problems: parsed.problems.map((p) => ({ path: p.path, message: p.message })),
          definition: null,
        };
      }
      const definition = parsed.definitions[0]!.definition;
      const survey = await app.db
        .selectFrom('surveys')
        .select('id')
        .where('slug', '=', definition.slug)
        .executeTakeFirst();
      const current = survey ? await currentVersion(app.db, survey.id) : undefined;
      const diff = current ? diffDefinitions(current.definition as TSurveyDefinition, definition) : null;
      const base = {
        slug: definition.slug,
        currentVersion: current?.number ?? null,
        problems: [],
        diff,
        definition,
      };
      try {
        const [outcome] = await publishDefinitions(app.db, files, { dryRun: true });
        return {
          ...base,
          status:
            outcome!.status === 'unchanged'
              ? ('unchanged' as const)
              : survey
                ? ('new_version' as const)
                : ('new_survey' as const),
          publishable: outcome!.status === 'published',
          nextVersion: outcome!.status === 'published' ? outcome!.number : null,
          breakingChanges: [],
        };
      } catch (err) {
        if (!(err instanceof PublishError)) throw err;
        return {
          ...base,
          status: 'refused' as const,
          publishable: false,
          nextVersion: null,
          breakingChanges: err.problems.map((p) => ({
            path: p.path,
            message: p.message,
            ...(p.key ? { key: p.key } : {}),
          })),
        };
      }
    },
  );

  app.post(
    '/api/v1/definitions/publish',
    {
      config: { access: ['admin'] },
      bodyLimit: 1024 * 1024,
      schema: {
        tags: ['definitions'],
        summary:
          'Publish a draft as a new immutable version. 400 when it is invalid; 409 when it keeps a question key but changes its meaning (type or scale).',
        body: ZDraft,
        response: {
          200: ZPublished,
          201: ZPublished,
          400: ZErrorBody,
          409: ZErrorBody,
        },
      },
    },
    async (request, reply) => {
      const me = request.user!;
      const { fileName, definition: raw } = request.body;
      const files = [{ file: fileName, text: JSON.stringify(raw) }];
      const parsed = parseDefinitionFiles(files);
      if (parsed.problems.length > 0) {
        throw new HttpError(
          400,
          'invalid_definition',
          'Định nghĩa phiếu khảo sát chưa hợp lệ; chưa công bố gì',
          parsed.problems.map((p) => ({ path: problemPath(p), message: p.message })),
        );
      }
      try {
        const [outcome] = await publishDefinitions(app.db, files, {
          publishedBy: me.email,
          onPublished: async (trx, outcomes) => {
            for (const o of outcomes.filter((x) => x.status === 'published')) {
              await recordAudit(trx, {
                actorId: me.id,
                actorLabel: me.email,
                action: 'definitions.publish',
                targetType: 'survey',
                targetId: o.slug,
                details: { version: o.number, contentHash: o.contentHash, file: o.file },
              });
            }
          },
        });
        const { slug, number } = outcome!;
        if (outcome!.status === 'unchanged')
          return reply.status(200).send({ outcome: { slug, number, status: 'unchanged' } });
        return reply.status(201).send({ outcome: { slug, number, status: 'published' } });
      } catch (err) {
        if (!(err instanceof PublishError)) throw err;
        throw new HttpError(
          409,
          'breaking_change',
          'Không công bố: phiên bản mới giữ mã câu hỏi cũ nhưng đổi ý nghĩa của nó, nên số liệu các phiên bản không còn so sánh được. Hãy đặt mã câu hỏi mới cho câu đã đổi.',
          err.problems.map((p) => ({ path: problemPath(p), message: p.message })),
        );
      }
    },
  );
};
