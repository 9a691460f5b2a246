import { CHANNELS, channelOf } from '../../domain/channels.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  BREAKDOWN_DIMENSIONS,
  ZBreakdown,
  ZBucket,
  ZComments,
  ZOptions,
  ZSeriesAnswer,
  ZSummary,
  type THeader,
} from '../../domain/contract/analytics.js';
import { SCHOOL_LEVEL_LABELS, SCHOOL_LEVELS } from '../../domain/contract/units.js';
import { listRecentQuarters, localDay, rangeOf } from '../../domain/periods.js';
import { extraReportPeriods } from '../../domain/report-periods.js';
import { SCORING_METHODS } from '../../domain/methods.js';
import type { Config } from '../config.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import { ZErrorBody } from '../http/schemas.js';
import { ZDistributions } from '../../domain/contract/analytics-distributions.js';
import { computeBreakdown } from './breakdown.js';
import { computeDistributions } from './distributions.js';
import { listComments } from './comments.js';
import { methodInfo } from './figures.js';
import {
  analyticsFilterShape,
  filtersOrHttpError,
  resolveFilterOutcome,
  type AnalyticsFilterInput,
  type ResolvedFilters,
} from './filters.js';
import { familyTitle, loadSurveys } from './surveys.js';
import { computeSummary, buildSeries } from './summary.js';
import { clustersByBucket, likertByKeyAndBucket, respondentsByBucket } from './rollups.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };
const readers = ['admin', 'analyst', 'unit_manager'] as const;

export const analyticsRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const minN = config.MIN_N;

  // The filters' typed outcome mapped to HTTP: 404 for an unknown unit, 400 for the rest.
  const filters = async (user: SessionUser, q: AnalyticsFilterInput): Promise<ResolvedFilters> =>
    filtersOrHttpError(await resolveFilterOutcome(app.read.db, user, q));

  const header = (f: ResolvedFilters): THeader => ({
    survey: {
      selector: f.selector.code,
      kind: f.selector.kind,
      title: f.selector.title,
      slugs: f.surveys.map((s) => s.slug),
      target: f.target,
    },
    period: { code: f.period.code, label: f.period.label, from: f.period.fromDay, to: f.period.lastDay },
    method: methodInfo(f.method),
    target: f.target,
    minN,
  });

  app.get(
    '/api/v1/analytics/summary',
    {
      config: { access: readers },
      schema: {
        tags: ['analytics'],
        summary: 'Satisfaction against the target: overall, per criterion and question, with a time series',
        description:
          'Read from rollups, never from raw responses. Flagged responses not yet accepted are left out. ' +
          'A unit manager sees only their units.',
        querystring: z.object({ ...analyticsFilterShape, bucket: ZBucket.default('month') }),
        response: { 200: ZSummary, ...errors },
      },
    },
    async (request) => {
      const f = await filters(request.user!, request.query);
      return computeSummary(app.read.db, f, { minN, bucket: request.query.bucket });
    },
  );

  app.get(
    '/api/v1/analytics/breakdown',
    {
      config: { access: readers },
      schema: {
        tags: ['analytics'],
        summary:
          'Breakdown by unit (a ranking, units below target first), criterion, level, ward, channel, survey or version',
        querystring: z.object({
          ...analyticsFilterShape,
          by: z.enum(BREAKDOWN_DIMENSIONS).default('unit'),
        }),
        response: { 200: ZBreakdown, ...errors },
      },
    },
    async (request) => {
      const f = await filters(request.user!, request.query);
      const { by } = request.query;
      if (by === 'criterion') {
        const summary = await computeSummary(app.read.db, f, { minN });
        return {
          ...header(f),
          by,
          rows: summary.criteria.map((c) => ({
            key: c.key,
            label: c.title,
            responses: summary.responses.accepted,
            pending: summary.responses.pending,
            figure: c.figure,
          })),
        };
      }
      return { ...header(f), by, rows: await computeBreakdown(app.read.db, f, by, minN) };
    },
  );

  app.get(
    '/api/v1/analytics/series',
    {
      config: { access: readers },
      schema: {
        tags: ['analytics'],
        summary: 'Time series by week, month or quarter (Vietnam local dates)',
        querystring: z.object({ ...analyticsFilterShape, bucket: ZBucket.default('month') }),
        response: { 200: ZSeriesAnswer, ...errors },
      },
    },
    async (request) => {
      const f = await filters(request.user!, request.query);
      const bucket = request.query.bucket;
      const [likert, respondents, clusters] = await Promise.all([
        likertByKeyAndBucket(app.read.db, f, bucket),
        respondentsByBucket(app.read.db, f, bucket),
        clustersByBucket(app.read.db, f, bucket),
      ]);
      return {
        ...header(f),
        series: { unit: bucket, points: buildSeries(f, bucket, likert, respondents, clusters, minN, f.method) },
      };
    },
  );

  app.get(
    '/api/v1/analytics/distributions',
    {
      config: { access: readers },
      schema: {
        tags: ['analytics'],
        summary: 'Multiple-choice shares per option and number quartiles (descriptive questions, in no rate)',
        description:
          'Read from the raw accepted answers (these question types have no rollup). A share counts the ' +
          'respondents who ticked the option among those who answered, so one question adds up to more than 100 %.',
        querystring: z.object(analyticsFilterShape),
        response: { 200: ZDistributions, ...errors },
      },
    },
    async (request) => {
      const f = await filters(request.user!, request.query);
      return { ...header(f), ...(await computeDistributions(app.read.db, f, minN)) };
    },
  );

  app.get(
    '/api/v1/analytics/comments',
    {
      config: { access: readers },
      schema: {
        tags: ['analytics'],
        summary: 'Comments and free-text answers, newest first, paged and searchable; flagged ones hidden by default',
        querystring: z.object({
          ...analyticsFilterShape,
          q: z.string().trim().min(1).max(200).optional(),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(100).default(20),
          includeFlagged: z.enum(['true', 'false']).default('false'),
        }),
        response: { 200: ZComments, ...errors },
      },
    },
    async (request) => {
      const f = await filters(request.user!, request.query);
      const { q, page, pageSize, includeFlagged } = request.query;
      const result = await listComments(app.read.db, f, {
        q,
        page,
        pageSize,
        includeFlagged: includeFlagged === 'true',
      });
      return { ...result, page, pageSize };
    },
  );

  app.get(
    '/api/v1/analytics/options',
    {
      config: { access: readers },
      schema: {
        tags: ['analytics'],
        summary: 'What the analytics filters can take: surveys and families, periods, levels, wards, channels, units',
        response: { 200: ZOptions, ...errors },
      },
    },
    async (request) => {
      const scope = scopedUnitIds(app.read.db, request.user!);
      const surveys = await loadSurveys(app.read.db);
      const versions = await app.read.db
        .selectFrom('survey_versions')
        .select(['survey_id', 'number'])
        .orderBy('number')
        .execute();
      let unitsQuery = app.read.db
        .selectFrom('units as u')
        .leftJoin('units as p', 'p.id', 'u.parent_id')
        .select(['u.code', 'u.name', 'u.kind', 'u.level', 'u.ward', 'p.code as parentCode'])
        .orderBy('u.kind')
        .orderBy('u.name');
      if (scope) unitsQuery = unitsQuery.where('u.id', 'in', scope);
      const units = await unitsQuery.execute();
      const channels = await app.read.db.selectFrom('links').select('channel').distinct().orderBy('channel').execute();
      const families = [...new Set(surveys.map((s) => s.family).filter((x): x is string => x !== null))].map((key) => {
        const members = surveys.filter((s) => s.family === key);
        return {
          key,
          title: familyTitle(key, members),
          slugs: members.map((m) => m.slug),
          target: Math.max(...members.map((m) => m.target)),
        };
      });
      const now = new Date();
      const quarters = listRecentQuarters(now, 8);
      const year = Number(localDay(now).slice(0, 4));
      const halves = [year, year - 1]
        .flatMap((y) => [2, 1].map((h) => rangeOf({ kind: 'half', year: y, half: h as 1 | 2 })))
        .filter((r) => r.from <= now);
      const years = [year, year - 1, year - 2].map((y) => rangeOf({ kind: 'year', year: y }));
      return {
        surveys: surveys.map((s) => ({
          slug: s.slug,
          family: s.family,
          kind: s.kind,
          level: s.level,
          title: s.title,
          target: s.target,
          versions: versions.filter((v) => v.survey_id === s.id).map((v) => v.number),
        })),
        families,
        periods: [
          ...quarters.map((r) => ({ code: r.code, label: r.label, kind: 'quarter' })),
          ...halves.map((r) => ({ code: r.code, label: r.label, kind: 'half' })),
          ...years.map((r) => ({ code: r.code, label: r.label, kind: 'year' })),
          // Nine months and school years (#11.4), for reports as the Sở issues them.
          ...extraReportPeriods(now)
            .filter((r) => r.from <= now)
            .map((r) => ({ code: r.code, label: r.label, kind: r.kind })),
        ],
        levels: SCHOOL_LEVELS.map((key) => ({ key, label: SCHOOL_LEVEL_LABELS[key] })),
        wards: [...new Set(units.map((u) => u.ward).filter((w): w is string => !!w))].sort((a, b) =>
          a.localeCompare(b, 'vi'),
        ),
        // The collection channels (domain/channels.ts) that have a link; a shared link's code is 'link'.
        channels: CHANNELS.filter((c) => channels.some((l) => channelOf(l.channel) === c)),
        units,
        methods: SCORING_METHODS.map((m) => ({ ...methodInfo(m.key), isDefault: m.isDefault })),
        minN,
      };
    },
  );
};
