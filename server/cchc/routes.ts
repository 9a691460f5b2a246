import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { CchcScale } from '../../domain/cchc.js';
import {
  CCHC_STATE_TEXT,
  ZCchcSettings,
  ZCchcTable,
  ZPeriodBasis,
  type TCchcRow,
  type TCchcTable,
} from '../../domain/contract/cchc.js';
import { STATUS_TEXT } from '../../domain/contract/status.js';
import { localDay } from '../../domain/periods.js';
import { ZSlug } from '../analytics/filters.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { CSV_BOM, csvRow } from '../sheets/safe-cells.js';
import { streamWorkbook } from '../sheets/workbook.js';
import { cchcSettings, cchcTable, parseSteps, saveCchcSettings } from './queries.js';
import { validationError } from '../http/validation.js';

/** CCHC scores per unit and year as JSON, CSV and XLSX, and the default points scale (queries.ts). */

const ZCchcQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  quarter: z.coerce.number().int().min(1).max(4).optional().describe('One quarter of the year instead of the year'),
  basis: ZPeriodBasis.optional().describe('calendar, or cutoff_09_2019 (15th of the month before to the 14th)'),
  survey: ZSlug.optional(),
  family: ZSlug.optional(),
  maxPoints: z.coerce.number().min(0).max(100).optional(),
  scale: z.enum(['proportional', 'steps']).optional(),
  steps: z.string().max(400).optional().describe('For scale=steps: "minRate:points" pairs, e.g. 0.95:1,0.9:0.75'),
});

/** The feedback component (phản ánh, kiến nghị answered on time) as its own sheet of the workbook. */
function feedbackSheet(t: TCchcTable) {
  const f = t.feedback;
  return {
    name: 'Phản ánh, kiến nghị',
    preamble: [
      `Tiếp nhận, xử lý phản ánh, kiến nghị — ${t.period.label.vi}`,
      `Đủ ${f.maxPoints} điểm khi tỷ lệ trả lời đúng hạn đạt từ ${f.onTimeThreshold * 100} %, tỷ lệ thuận khi thấp hơn; đơn vị không có phản ánh đến hạn được đủ điểm.`,
    ],
    columns: [
      ['Mã đơn vị', 14],
      ['Đơn vị', 44],
      ['Tiếp nhận', 10],
      ['Đến hạn', 10],
      ['Trả lời đúng hạn', 14],
      ['Tỷ lệ đúng hạn', 14],
      ['Trung vị ngày làm việc xử lý', 16],
      ['Đang quá hạn', 12],
      ['Điểm', 8],
      ['Điểm tối đa', 10],
    ].map(([header, width], i) => ({
      header: String(header),
      width: Number(width),
      ...(i === 5 ? { numFmt: '0.0%' } : {}),
    })),
    rows: t.feedbackRows.map((r) => [
      r.unit.code,
      r.unit.name,
      r.received,
      r.due,
      r.answeredOnTime,
      r.onTimeShare,
      r.medianDays,
      r.overdueNow,
      r.points,
      r.maxPoints,
    ]),
  };
}

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
        throw validationError(
          [
            {
              path: 'querystring.steps',
              message: `dạng "tỷ lệ:điểm" cách nhau bằng dấu phẩy, điểm không quá ${maxPoints} (vd. 0.95:1,0.9:0.75)`,
            },
          ],
          'Thang điểm không hợp lệ',
        );
      }
      scale = { kind: 'steps', steps };
    }
    const year = q.year ?? Number(localDay(new Date()).slice(0, 4));
    const scope = scopedUnitIds(app.db, request.user);
    const settings = { ...defaults, maxPoints, scale, periodBasis: q.basis ?? defaults.periodBasis };
    const outcome = await cchcTable(
      app.db,
      { year, quarter: q.quarter ?? null, survey: q.survey, family: q.family, settings, scope },
      config.MIN_N,
    );
    if (outcome.kind === 'invalid') throw validationError(outcome.fields);
    if (outcome.kind === 'consultation') {
      throw validationError(
        [{ path: 'querystring.survey', message: 'phiếu lấy ý kiến dự thảo không tính điểm cải cách hành chính' }],
        'Phiếu lấy ý kiến không tính điểm CCHC',
      );
    }
    return outcome.table;
  }

  const columns = [
    'Phiếu khảo sát',
    'Mã đơn vị',
    'Đơn vị',
    'Số phiếu',
    'Số người trả lời',
    'n (câu trả lời)',
    'Tỷ lệ',
    'KTC 95 % thấp',
    'KTC 95 % cao',
    'Chỉ tiêu',
    'Trạng thái',
    'Tình trạng khảo sát',
    'Điểm',
    'Điểm tối đa',
  ];
  const cells = (r: TCchcRow) => [
    r.survey,
    r.unit.code,
    r.unit.name,
    r.responses,
    r.respondents,
    r.figure.n,
    r.figure.value,
    r.figure.n ? r.figure.interval.low : null,
    r.figure.n ? r.figure.interval.high : null,
    r.target,
    STATUS_TEXT[r.figure.status].vi,
    CCHC_STATE_TEXT[r.state].vi,
    r.points,
    r.maxPoints,
  ];

  app.get(
    '/api/v1/analytics/cchc',
    {
      config: { access: ['admin', 'analyst', 'unit_manager'] },
      schema: {
        tags: ['analytics'],
        summary:
          'CCHC (administrative reform) points of every unit expected to survey, for a year or quarter: rate, respondents, interval, status, points',
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
        .header(
          'content-disposition',
          `attachment; filename="diem-cchc-${t.year}${t.quarter ? `-Q${t.quarter}` : ''}.csv"`,
        )
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
            preamble: [
              `Điểm chỉ số cải cách hành chính — sự hài lòng, ${t.period.label.vi}`,
              scaleText,
              `Đơn vị có dưới ${t.minRespondents} người trả lời được ghi "${CCHC_STATE_TEXT.small_sample.vi}"; đơn vị không có phiếu được ghi "${CCHC_STATE_TEXT.no_survey.vi}" và 0 điểm.`,
            ],
            columns: columns.map((header, i) => ({
              header,
              width: [34, 14, 44, 10, 12, 12, 10, 13, 13, 10, 24, 22, 8, 10][i]!,
              ...(i >= 6 && i <= 9 ? { numFmt: '0.0%' } : {}),
            })),
            rows: t.rows.map(cells),
          },
          ...(t.feedback.enabled ? [feedbackSheet(t)] : []),
        ],
        { title: `CCHC ${t.year}` },
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header(
          'content-disposition',
          `attachment; filename="diem-cchc-${t.year}${t.quarter ? `-Q${t.quarter}` : ''}.xlsx"`,
        )
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
        throw validationError(
          [{ path: 'body.scale.steps', message: `điểm mỗi mức không quá ${value.maxPoints}` }],
          'Thang điểm không hợp lệ',
        );
      }
      await saveCchcSettings(app.db, request.user!, value);
      return value;
    },
  );
};
