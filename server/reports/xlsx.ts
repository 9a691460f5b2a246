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
          { header: 'n', width: 8 },
          { header: 'Hài lòng (4–5)', width: 12 },
          { header: 'Tỷ lệ', width: 10, numFmt: PCT },
          { header: 'KTC 95 % thấp', width: 13, numFmt: PCT },
          { header: 'KTC 95 % cao', width: 13, numFmt: PCT },
          { header: 'Trạng thái', width: 24 },
          { header: 'Ít phiếu', width: 9 },
          { header: 'Số phiếu', width: 10 },
        ],
        rows: data.sections.flatMap((s) => [
          [
            s.title.vi,
            HEADLINE_LABEL,
            s.target,
            s.summary.overall.n,
            s.summary.overall.satisfied,
            s.summary.overall.value,
            s.summary.overall.interval.low,
            s.summary.overall.interval.high,
            status(s.summary.overall),
            yesNo(s.summary.overall.smallSample),
            s.summary.responses.accepted,
          ],
          [
            s.title.vi,
            'Tỷ lệ gộp mọi câu trả lời 4–5',
            s.target,
            s.summary.methods.top2_pooled.n,
            s.summary.methods.top2_pooled.satisfied,
            s.summary.methods.top2_pooled.value,
            s.summary.methods.top2_pooled.interval.low,
            s.summary.methods.top2_pooled.interval.high,
            status(s.summary.methods.top2_pooled),
            yesNo(s.summary.methods.top2_pooled.smallSample),
            s.summary.responses.accepted,
          ],
          [
            s.title.vi,
            'Tỷ lệ hài lòng toàn diện (theo người trả lời)',
            s.target,
            s.summary.methods.comprehensive.n,
            s.summary.methods.comprehensive.satisfied,
            s.summary.methods.comprehensive.value,
            s.summary.methods.comprehensive.interval.low,
            s.summary.methods.comprehensive.interval.high,
            status(s.summary.methods.comprehensive),
            yesNo(s.summary.methods.comprehensive.smallSample),
            s.summary.responses.accepted,
          ],
          ...s.summary.criteria.map((c) => [
            s.title.vi,
            c.title.vi,
            s.target,
            c.figure.n,
            c.figure.satisfied,
            c.figure.value,
            c.figure.interval.low,
            c.figure.interval.high,
            status(c.figure),
            yesNo(c.figure.smallSample),
            null,
          ]),
        ]),
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
          { header: 'n', width: 8 },
          { header: 'Hài lòng (4–5)', width: 12 },
          { header: 'Tỷ lệ', width: 10, numFmt: PCT },
          { header: 'KTC 95 % thấp', width: 13, numFmt: PCT },
          { header: 'KTC 95 % cao', width: 13, numFmt: PCT },
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
            u.figure.n,
            u.figure.satisfied,
            u.figure.value,
            u.figure.interval.low,
            u.figure.interval.high,
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
          { header: 'n', width: 8 },
          { header: 'Hài lòng (4–5)', width: 12 },
          { header: 'Tỷ lệ', width: 10, numFmt: PCT },
          { header: 'KTC 95 % thấp', width: 13, numFmt: PCT },
          { header: 'KTC 95 % cao', width: 13, numFmt: PCT },
          { header: 'Không áp dụng', width: 12 },
        ],
        rows: data.sections.flatMap((s) =>
          s.summary.questions.map((q) => [
            s.title.vi,
            criterionTitle(s, q.criterion),
            q.key,
            q.text.vi,
            q.figure.n,
            q.figure.satisfied,
            q.figure.value,
            q.figure.interval.low,
            q.figure.interval.high,
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
