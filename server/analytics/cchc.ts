import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZCchcSettings,
  ZCchcTable,
  type TCchcRow,
  type TCchcSettings,
  type TCchcTable,
} from '../../domain/contract/cchc.js';
import { STATUS_TEXT } from '../../domain/contract/status.js';
import { cchcPoints, type CchcScale } from '../../domain/scoring.js';
import { recordAudit } from '../audit/record.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { ZErrorBody } from '../http/schemas.js';
import { HttpError } from '../plugins/errors.js';
import { reportGroups, selectorOf } from '../reports/data.js';
import { CSV_BOM, csvRow } from '../reports/safe-cells.js';
import { streamWorkbook } from '../reports/xlsx.js';
import { computeBreakdown } from './breakdown.js';
import { loadSurveys, localDay, resolvePeriod, ZSlug, type ResolvedFilters } from './filters.js';

/**
 * CCHC scores: the satisfaction part of the yearly administrative-reform assessment of each unit.
 * The points scale changes from year to year, so it is a setting (analytics_settings 'cchc'), and
 * can be overridden per request to compare scales.
 */

const DEFAULT_SETTINGS: TCchcSettings = { maxPoints: 1, scale: { kind: 'proportional' } };

export async function cchcSettings(db: Database): Promise<TCchcSettings> {
  const row = await db.selectFrom('analytics_settings').select('value').where('name', '=', 'cchc').executeTakeFirst();
  const parsed = ZCchcSettings.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** "0.95:1,0.9:0.75,0.8:0.5" → steps; null when malformed. */
export function parseSteps(text: string): Array<{ minRate: number; points: number }> | null {
  const steps = text.split(',').map((part) => {
    const m = /^\s*(0(?:\.\d+)?|1(?:\.0+)?)\s*:\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    return m ? { minRate: Number(m[1]), points: Number(m[2]) } : null;
  });
  return steps.length > 0 && steps.every((s) => s !== null)
    ? (steps as Array<{ minRate: number; points: number }>)
    : null;
}

const ZCchcQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  survey: ZSlug.optional(),
  family: ZSlug.optional(),
  maxPoints: z.coerce.number().min(0).max(100).optional(),
  scale: z.enum(['proportional', 'steps']).optional(),
  steps: z.string().max(400).optional().describe('For scale=steps: "minRate:points" pairs, e.g. 0.95:1,0.9:0.75'),
});

export const cchcRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  async function table(request: { user: SessionUser; query: z.infer<typeof ZCchcQuery> }): Promise<TCchcTable> {
    const q = request.query;
    const defaults = await cchcSettings(app.db);
    const maxPoints = q.maxPoints ?? defaults.maxPoints;
    let scale: CchcScale = defaults.scale;
    if (q.scale === 'proportional') scale = { kind: 'proportional' };
    if (q.scale === 'steps' || (q.steps && !q.scale)) {
      const steps = q.steps ? parseSteps(q.steps) : defaults.scale.kind === 'steps' ? defaults.scale.steps : null;
      if (!steps || steps.some((s) => s.points > maxPoints)) {
        throw new HttpError(400, 'validation_failed', 'Thang điểm không hợp lệ', [
          {
            path: 'querystring.steps',
            message: `dạng "tỷ lệ:điểm" cách nhau bằng dấu phẩy, điểm không quá ${maxPoints} (vd. 0.95:1,0.9:0.75)`,
          },
        ]);
      }
      scale = { kind: 'steps', steps };
    }
    const year = q.year ?? Number(localDay(new Date()).slice(0, 4));
    const period = resolvePeriod(`Y-${year}`);
    const all = await loadSurveys(app.db);
    const selector = selectorOf(all, q.survey, q.family);
    const rows: TCchcRow[] = [];
    for (const g of reportGroups(all, selector)) {
      const f: ResolvedFilters = {
        selector: g.selector,
        surveys: g.surveys,
        target: g.target,
        period,
        unit: null,
        level: null,
        ward: null,
        channel: null,
        version: null,
        versionIds: null,
        method: 'top2_pooled',
        scope: scopedUnitIds(app.db, request.user),
      };
      for (const r of await computeBreakdown(app.db, f, 'unit', config.MIN_N)) {
        if (!r.unit) continue;
        const p = cchcPoints(r.figure.value, g.target, maxPoints, scale);
        rows.push({
          survey: g.selector.code,
          surveyTitle: g.selector.title,
          target: g.target,
          unit: { code: r.unit.code, name: r.unit.name, level: r.unit.level, ward: r.unit.ward },
          responses: r.responses,
          figure: r.figure,
          points: Math.round(p.points * 1000) / 1000,
          maxPoints,
          noData: p.noData,
        });
      }
    }
    return { year, period: { code: period.code, label: period.label }, maxPoints, scale, rows };
  }

  const columns = [
    'Phiếu khảo sát',
    'Mã đơn vị',
    'Đơn vị',
    'Số phiếu',
    'n',
    'Tỷ lệ',
    'KTC 95 % thấp',
    'KTC 95 % cao',
    'Chỉ tiêu',
    'Trạng thái',
    'Điểm',
    'Điểm tối đa',
  ];
  const cells = (r: TCchcRow) => [
    r.survey,
    r.unit.code,
    r.unit.name,
    r.responses,
    r.figure.n,
    r.figure.value,
    r.figure.n ? r.figure.interval.low : null,
    r.figure.n ? r.figure.interval.high : null,
    r.target,
    STATUS_TEXT[r.figure.status].vi,
    r.points,
    r.maxPoints,
  ];

  app.get(
    '/api/v1/analytics/cchc',
    {
      config: { access: ['admin', 'analyst', 'unit_manager'] },
      schema: {
        tags: ['analytics'],
        summary: 'CCHC (administrative reform) scores per unit for a year: rate, n, interval, status and points',
        querystring: ZCchcQuery,
        response: { 200: ZCchcTable, 400: ZErrorBody },
      },
    },
    async (request) => table({ user: request.user!, query: request.query }),
  );

  app.get(
    '/api/v1/analytics/cchc.csv',
    {
      config: { access: ['admin', 'analyst', 'unit_manager'] },
      schema: {
        tags: ['analytics'],
        summary: 'CCHC scores as CSV',
        querystring: ZCchcQuery,
        response: { 200: z.any(), 400: ZErrorBody },
      },
    },
    async (request, reply) => {
      const t = await table({ user: request.user!, query: request.query });
      const body = CSV_BOM + csvRow(columns) + t.rows.map((r) => csvRow(cells(r))).join('');
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="diem-cchc-${t.year}.csv"`)
        .send(body);
    },
  );

  app.get(
    '/api/v1/analytics/cchc.xlsx',
    {
      config: { access: ['admin', 'analyst', 'unit_manager'] },
      schema: {
        tags: ['analytics'],
        summary: 'CCHC scores as XLSX',
        querystring: ZCchcQuery,
        response: { 200: z.any(), 400: ZErrorBody },
      },
    },
    async (request, reply) => {
      const t = await table({ user: request.user!, query: request.query });
      const scaleText =
        t.scale.kind === 'proportional'
          ? `Thang điểm: đủ ${t.maxPoints} điểm khi đạt chỉ tiêu, tỷ lệ thuận khi dưới chỉ tiêu`
          : `Thang điểm theo mức: ${t.scale.steps.map((s) => `từ ${s.minRate * 100} %: ${s.points} điểm`).join('; ')}`;
      const stream = streamWorkbook(
        [
          {
            name: `CCHC ${t.year}`,
            preamble: [`Điểm chỉ số cải cách hành chính — sự hài lòng, năm ${t.year}`, scaleText],
            columns: columns.map((header, i) => ({
              header,
              width: [34, 14, 44, 10, 8, 10, 13, 13, 10, 24, 8, 10][i]!,
              ...(i >= 5 && i <= 8 ? { numFmt: '0.0%' } : {}),
            })),
            rows: t.rows.map(cells),
          },
        ],
        { title: `CCHC ${t.year}` },
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="diem-cchc-${t.year}.xlsx"`)
        .send(stream);
    },
  );

  app.put(
    '/api/v1/analytics/settings/cchc',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['analytics'],
        summary: 'Set the default CCHC points scale',
        body: ZCchcSettings,
        response: { 200: ZCchcSettings, 400: ZErrorBody },
      },
    },
    async (request) => {
      const value = request.body;
      if (value.scale.kind === 'steps' && value.scale.steps.some((s) => s.points > value.maxPoints)) {
        throw new HttpError(400, 'validation_failed', 'Thang điểm không hợp lệ', [
          { path: 'body.scale.steps', message: `điểm mỗi mức không quá ${value.maxPoints}` },
        ]);
      }
      await app.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('analytics_settings')
          .values({ name: 'cchc', value: JSON.stringify(value), updated_by: request.user!.id })
          .onConflict((oc) =>
            oc
              .column('name')
              .doUpdateSet({ value: JSON.stringify(value), updated_by: request.user!.id, updated_at: new Date() }),
          )
          .execute();
        await recordAudit(trx, {
          actorId: request.user!.id,
          actorLabel: request.user!.email,
          action: 'settings.update',
          targetType: 'setting',
          targetId: 'cchc',
          details: value,
        });
      });
      return value;
    },
  );
};
