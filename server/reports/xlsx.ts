import type { Readable } from 'node:stream';
import type { TFigure } from '../../domain/contract/analytics.js';
import type { TFeedbackMetrics } from '../../domain/contract/feedback.js';
import { CATEGORY_TEXT, FEEDBACK_CATEGORIES } from '../../domain/contract/feedback-codes.js';
import type { TReportData, TReportSection } from '../../domain/contract/reports.js';
import { schoolLevelLabel } from '../../domain/contract/units.js';
import { channelLabel, channelNote, reportChannels, samplingLabel } from '../../domain/channels.js';
import { FLAGGED_NOTE, minNNote, STATUS_NOTE } from '../../domain/notes.js';
import { formatLocalDateTime } from '../../domain/periods.js';
import { streamWorkbook } from '../sheets/workbook.js';
import { HEADLINE_LABEL, ratedStatus } from './document.js';

const PCT = '0.0%';

/** Vietnamese words, not codes, in every cell a person reads (#15.3). */
const yesNo = (b: boolean): string => (b ? 'Có' : 'Không');
const levelLabel = (level: string | null | undefined): string | null =>
  level ? (schoolLevelLabel(level)?.vi ?? level) : null;
const criterionTitle = (s: TReportSection, key: string): string =>
  s.summary.criteria.find((c) => c.key === key)?.title.vi ?? key;

/** One figure's columns, alike on every sheet: respondents, satisfied, the share and its 95 % interval. */
const FIGURE_COLUMNS = [
  { header: 'n', width: 8 },
  { header: 'Hài lòng (4–5)', width: 12 },
  { header: 'Tỷ lệ', width: 10, numFmt: PCT },
  { header: 'KTC 95 % thấp', width: 13, numFmt: PCT },
  { header: 'KTC 95 % cao', width: 13, numFmt: PCT },
];
const figureCells = (f: TFigure) => [f.n, f.satisfied, f.value, f.interval.low, f.interval.high];

/** Feedback per unit (section III of the document): received, due, on time, median, overdue, categories. */
function feedbackSheet(m: TFeedbackMetrics, title: string) {
  const row = (unit: string, code: string, r: TFeedbackMetrics['total']) => [
    code,
    unit,
    r.received,
    r.answered,
    r.due,
    r.answeredOnTime,
    r.onTimeShare,
    r.medianDays,
    r.overdueNow,
    ...FEEDBACK_CATEGORIES.map((c) => r.categories[c] ?? 0),
  ];
  return {
    name: 'Phản ánh, kiến nghị',
    preamble: [title, `Tiếp nhận, xử lý phản ánh, kiến nghị từ ${m.from} đến ${m.to}`],
    columns: [
      { header: 'Mã đơn vị', width: 14 },
      { header: 'Đơn vị', width: 44 },
      { header: 'Tiếp nhận', width: 10 },
      { header: 'Đã trả lời', width: 10 },
      { header: 'Đến hạn', width: 10 },
      { header: 'Đúng hạn', width: 10 },
      { header: 'Tỷ lệ đúng hạn', width: 13, numFmt: PCT },
      { header: 'Trung vị ngày làm việc', width: 14 },
      { header: 'Đang quá hạn', width: 12 },
      ...FEEDBACK_CATEGORIES.map((c) => ({ header: CATEGORY_TEXT[c].vi, width: 16 })),
    ],
    rows: [row('Tổng cộng', '', m.total), ...m.units.map((u) => row(u.unit.name, u.unit.code, u))],
  };
}

/** The period report as a workbook: overview, units against the target, questions, method. */
export function reportWorkbook(data: TReportData): Readable {
  const scope = data.unit ? `${data.unit.name} (${data.unit.code})` : 'Toàn Sở';
  const preamble = [
    `Báo cáo kết quả đo lường sự hài lòng — ${data.period.label.vi}`,
    `Phạm vi: ${scope} · Từ ${data.period.from} đến ${data.period.to} · Phương pháp: ${data.method.label.vi}`,
    data.frozen
      ? `Số liệu đã được chốt lúc ${formatLocalDateTime(data.frozen.at)}${data.frozen.by ? ` bởi ${data.frozen.by}` : ''}`
      : `Lập lúc ${formatLocalDateTime(data.generatedAt)} (chưa chốt số liệu)`,
    channelNote(reportChannels(data)).vi,
  ];
  // Under the minimum of respondents a figure is marked, not rated.
  const status = (f: TFigure) => ratedStatus(f, data.minN);
  return streamWorkbook(
    [
      {
        name: 'Tổng hợp',
        preamble,
        columns: [
          { header: 'Phiếu khảo sát', width: 48 },
          { header: 'Tiêu chí', width: 36 },
          { header: 'Chỉ tiêu', width: 10, numFmt: PCT },
          ...FIGURE_COLUMNS,
          { header: 'Trạng thái', width: 24 },
          { header: 'Ít phiếu', width: 9 },
          { header: 'Số phiếu', width: 10 },
        ],
        rows: data.sections.flatMap((s) => {
          // The answers counted are given on the survey's three headline rows, not on each criterion.
          const row = (label: string, f: TFigure, responses: number | null) => [
            s.title.vi,
            label,
            s.target,
            ...figureCells(f),
            status(f),
            yesNo(f.smallSample),
            responses,
          ];
          const accepted = s.summary.responses.accepted;
          return [
            row(HEADLINE_LABEL, s.summary.overall, accepted),
            row('Tỷ lệ gộp mọi câu trả lời 4–5', s.summary.methods.top2_pooled, accepted),
            row('Tỷ lệ hài lòng toàn diện (theo người trả lời)', s.summary.methods.comprehensive, accepted),
            ...s.summary.criteria.map((c) => row(c.title.vi, c.figure, null)),
          ];
        }),
      },
      {
        name: 'Đơn vị',
        preamble: [preamble[0]!, 'Các đơn vị so với chỉ tiêu; đơn vị chưa đạt xếp trước.'],
        columns: [
          { header: 'Phiếu khảo sát', width: 40 },
          { header: 'Mã đơn vị', width: 14 },
          { header: 'Đơn vị', width: 44 },
          { header: 'Cấp học', width: 18 },
          { header: 'Phường/xã', width: 20 },
          { header: 'Số phiếu', width: 10 },
          ...FIGURE_COLUMNS,
          { header: 'Chỉ tiêu', width: 10, numFmt: PCT },
          { header: 'Trạng thái', width: 24 },
          { header: 'Ít phiếu', width: 9 },
          { header: 'Người trả lời', width: 12 },
          { header: 'Hệ số thiết kế', width: 12, numFmt: '0.00' },
        ],
        rows: data.sections.flatMap((s) =>
          s.units.map((u) => [
            s.title.vi,
            u.key,
            u.label.vi,
            levelLabel(u.unit?.level),
            u.unit?.ward ?? null,
            u.responses,
            ...figureCells(u.figure),
            s.target,
            status(u.figure),
            yesNo(u.figure.smallSample),
            u.figure.respondents,
            u.figure.designEffect,
          ]),
        ),
      },
      {
        name: 'Câu hỏi',
        preamble: [preamble[0]!],
        columns: [
          { header: 'Phiếu khảo sát', width: 40 },
          { header: 'Tiêu chí', width: 36 },
          { header: 'Mã câu hỏi', width: 26 },
          { header: 'Câu hỏi', width: 70 },
          ...FIGURE_COLUMNS,
          { header: 'Không áp dụng', width: 12 },
        ],
        rows: data.sections.flatMap((s) =>
          s.summary.questions.map((q) => [
            s.title.vi,
            criterionTitle(s, q.criterion),
            q.key,
            q.text.vi,
            ...figureCells(q.figure),
            q.counts.na,
          ]),
        ),
      },
      ...(data.feedback ? [feedbackSheet(data.feedback, preamble[0]!)] : []),
      {
        name: 'Phương pháp',
        columns: [{ header: 'Phương pháp và lưu ý', width: 120 }],
        rows: [
          [`${data.method.label.vi}: ${data.method.description.vi}`],
          [STATUS_NOTE],
          [minNNote(data.minN)],
          [FLAGGED_NOTE],
          [channelNote(reportChannels(data)).vi],
          ...reportChannels(data).map((c) => [`Kênh ${channelLabel(c)}: ${samplingLabel(c)}`]),
        ],
      },
    ],
    { title: preamble[0]! },
  );
}
