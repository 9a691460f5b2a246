import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZFreezeResult, ZFrozenPeriods, ZReportData } from '../../domain/contract/reports.js';
import { parsePeriodCode, PERIOD_CODE_HINT } from '../../domain/periods.js';
import {
  analyticsFilterShape,
  filtersOrHttpError,
  resolveFilterOutcome,
  ZPeriodParam,
  ZSlug,
  ZUnitCode,
} from '../analytics/filters.js';
import type { Config } from '../config.js';
import { ZErrorBody } from '../http/schemas.js';
import { invalidField, validationError } from '../http/validation.js';
import { HttpError } from '../plugins/errors.js';
import { loadOrganisation } from '../settings/queries.js';
import { freezePeriod, listFrozen, loadReport, type ReportRefusal } from './data.js';
import { reportCsv, responsesCsv } from './export.js';
import { reportFileName } from './names.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody };
const readers = ['admin', 'analyst', 'unit_manager'] as const;
const FORMATS = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

function refused(r: ReportRefusal): HttpError {
  if (r.kind === 'invalid') return validationError(r.fields, r.message);
  if (r.kind === 'choose_unit')
    return invalidField('querystring.unit', 'hãy chọn một đơn vị', 'Hãy chọn đơn vị của báo cáo');
  return new HttpError(404, 'not_found', 'Không tìm thấy đơn vị này', [
    { path: 'querystring.unit', message: 'không có đơn vị này' },
  ]);
}

const ZReportQuery = z.object({
  survey: ZSlug.optional().describe('Survey slug or family; all surveys when left out'),
  family: ZSlug.optional(),
  unit: ZUnitCode.optional().describe('Unit code (with its sub-units); the whole Sở when left out'),
});

function attachment(name: string): string {
  const ascii = name.replace(/[^\w.-]+/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const reportRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const minN = config.MIN_N;

  app.get(
    '/api/v1/reports/:file',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'A period report as PDF, DOCX, XLSX or CSV, e.g. /api/v1/reports/Q1-2026.pdf (streamed)',
        description:
          'Quarterly (Q1-2026), half-yearly (H1-2026), nine months (M9-2026), yearly (Y-2026), a school year ' +
          '(NH-2025-2026) or an ad-hoc date range, for the whole Sở or a unit. The PDF and the editable DOCX follow ' +
          'the administrative document layout of Nghị định 30/2020/NĐ-CP, with the figures as an annex. ' +
          'A frozen period is served from its certified snapshot.',
        params: z.object({
          file: z
            .string()
            .max(60)
            .regex(/^.+\.(pdf|docx|xlsx|csv)$/, 'tên tệp dạng <kỳ>.pdf, <kỳ>.docx, <kỳ>.xlsx hoặc <kỳ>.csv')
            .refine(
              (f) => parsePeriodCode(f.slice(0, f.lastIndexOf('.'))) !== null,
              `mã kỳ báo cáo không hợp lệ (vd. ${PERIOD_CODE_HINT})`,
            ),
        }),
        querystring: ZReportQuery,
        response: { 200: z.any().describe('The PDF, DOCX, XLSX or CSV file'), ...errors },
      },
    },
    async (request, reply) => {
      const { file } = request.params;
      const dot = file.lastIndexOf('.');
      const period = file.slice(0, dot);
      const format = file.slice(dot + 1) as keyof typeof FORMATS;
      const outcome = await loadReport(app.db, request.user!, { period, ...request.query }, minN);
      if (outcome.kind !== 'report') throw refused(outcome);
      const data = outcome.data;
      reply
        .header('content-type', FORMATS[format])
        .header('content-disposition', attachment(reportFileName(data, format)))
        .header('cache-control', 'no-store');
      // The PDF, DOCX and XLSX writers load with the first report, not at start (pdfkit, docx, exceljs: see
      // posters/routes.ts).
      if (format === 'pdf') {
        const { renderReportPdf } = await import('./pdf.js');
        return reply.send(renderReportPdf(data, await loadOrganisation(app.db)));
      }
      if (format === 'docx') {
        const { renderReportDocx } = await import('./docx.js');
        return reply.send(await renderReportDocx(data, await loadOrganisation(app.db)));
      }
      if (format === 'xlsx') {
        const { reportWorkbook } = await import('./xlsx.js');
        return reply.send(reportWorkbook(data));
      }
      return reply.send(reportCsv(data));
    },
  );

  app.get(
    '/api/v1/reports/:period/data',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'The figures of a period report as JSON (what the PDF and XLSX show)',
        params: z.object({ period: ZPeriodParam }),
        querystring: ZReportQuery,
        response: { 200: ZReportData, ...errors },
      },
    },
    async (request) => {
      const outcome = await loadReport(
        app.db,
        request.user!,
        { period: request.params.period, ...request.query },
        minN,
      );
      if (outcome.kind !== 'report') throw refused(outcome);
      return outcome.data;
    },
  );

  app.post(
    '/api/v1/reports/:period/freeze',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['reports'],
        summary: 'Certify (freeze) a finished period: its reports no longer change when late answers arrive',
        params: z.object({ period: ZPeriodParam }),
        body: z.object({ survey: ZSlug.optional(), family: ZSlug.optional() }).default({}),
        response: { 201: ZFreezeResult, ...errors },
      },
    },
    async (request, reply) => {
      const outcome = await freezePeriod(
        app.db,
        request.user!,
        { period: request.params.period, ...request.body },
        minN,
      );
      if (outcome.kind === 'period_not_over') {
        throw new HttpError(409, 'period_not_over', `Chưa thể chốt số liệu: ${outcome.label} chưa kết thúc`);
      }
      if (outcome.kind === 'already_frozen') {
        throw new HttpError(409, 'already_frozen', `Số liệu ${outcome.label} đã được chốt trước đó`);
      }
      if (outcome.kind !== 'frozen') throw refused(outcome);
      const result = outcome.result;
      return reply.status(201).send({ ...result, frozenAt: result.frozenAt.toISOString() });
    },
  );

  app.get(
    '/api/v1/reports/frozen',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'Frozen (certified) periods: when and by whom',
        response: { 200: ZFrozenPeriods, ...errors },
      },
    },
    async () => ({
      periods: (await listFrozen(app.db)).map((r) => ({ ...r, frozenAt: r.frozenAt.toISOString() })),
    }),
  );

  app.get(
    '/api/v1/exports/responses.csv',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'Raw responses as CSV, one row per response and a column per question key (streamed)',
        querystring: z.object({ ...analyticsFilterShape, includeFlagged: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.any().describe('CSV (UTF-8 with BOM)'), ...errors },
      },
    },
    async (request, reply) => {
      // Exports read the replica when there is one (DATABASE_READ_URL): they may lag it by a moment.
      const f = filtersOrHttpError(await resolveFilterOutcome(app.read.db, request.user!, request.query));
      const stream = await responsesCsv(app.read.db, app.read.pool, f, {
        includeFlagged: request.query.includeFlagged === 'true',
      });
      return reply
        .header('content-type', FORMATS.csv)
        .header(
          'content-disposition',
          attachment(`phieu-tra-loi-${f.selector.code.replace(':', '-')}-${f.period.code}.csv`),
        )
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );
};
