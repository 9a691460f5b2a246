import type { TReportData as ReportData, TReportSection as ReportSection } from '../../domain/contract/reports.js';
import type { TOrganisationFields } from '../../domain/contract/settings.js';
import { decimal, figureValue, intervalText, percent } from '../../domain/format.js';
import { channelNote, reportChannels } from '../../domain/channels.js';
import { FLAGGED_NOTE, minNNote, STATUS_NOTE } from '../../domain/notes.js';
import { formatLocalDate, formatLocalDateTime } from '../../domain/periods.js';
import { BLUE, CONTENT_W, createA4Document, INK, M, MUTED, LINE, PAGE_H, Writer } from '../pdf/writer.js';
import { criteriaChart, figureColor, STATUS_COLOR, trendChart } from './charts.js';
import { HEADLINE_LABEL, officialDocument, ratedStatus } from './document.js';
import { letter } from './letter-pdf.js';

/**
 * The period report as a PDF (A4, Be Vietnam Pro embedded, charts drawn as vector shapes; the
 * writer and fonts are server/pdf/, the charts charts.ts): the report itself in the layout of an
 * administrative document (letter-pdf.ts, text from document.ts), and the figures as its annex.
 */

const statusColor = figureColor;

function header(w: Writer, data: ReportData, annex: ReturnType<typeof officialDocument>['annex']): void {
  w.para(annex.title, 13, { weight: 700, align: 'center', gap: 0 });
  w.para(annex.subtitle, 12, { weight: 700, align: 'center', gap: 0 });
  w.para(annex.reference, 10, { italic: true, align: 'center', gap: 10 });
  w.text('Báo cáo kết quả đo lường sự hài lòng', M, w.y, 16, { weight: 700, color: BLUE });
  w.y += 24;
  w.text(
    `${data.period.label.vi} (từ ${formatLocalDate(data.period.from)} đến ${formatLocalDate(data.period.to)})`,
    M,
    w.y,
    11,
    {
      weight: 700,
    },
  );
  w.y += 16;
  w.text(
    `Phạm vi: ${data.unit ? `${data.unit.name} (${data.unit.code}) và các đơn vị trực thuộc` : 'Toàn Sở'}`,
    M,
    w.y,
    10,
  );
  w.y += 14;
  w.text(`Lập lúc ${formatLocalDateTime(data.generatedAt)} · Phương pháp: ${data.method.label.vi}`, M, w.y, 9, {
    color: MUTED,
  });
  w.y += 16;
  if (data.frozen) {
    const h = 30;
    w.doc.save().roundedRect(M, w.y, CONTENT_W, h, 4).fillAndStroke('#e8f3ec', STATUS_COLOR.met).restore();
    w.text(
      `Số liệu đã được chốt (chứng nhận) lúc ${formatLocalDateTime(data.frozen.at)}${data.frozen.by ? ` bởi ${data.frozen.by}` : ''}; phiếu gửi muộn không làm thay đổi báo cáo này.`,
      M + 8,
      w.y + 10,
      9,
      { weight: 700, color: STATUS_COLOR.met },
    );
    w.y += h + 10;
  }
}

const COLS = [
  { title: 'STT', w: 24, align: 'right' as const },
  { title: 'Đơn vị', w: 160, align: 'left' as const },
  { title: 'Người TL', w: 38, align: 'right' as const },
  { title: 'n', w: 38, align: 'right' as const },
  { title: 'Tỷ lệ', w: 52, align: 'right' as const },
  { title: 'KTC 95 %', w: 100, align: 'center' as const },
  { title: 'Trạng thái', w: CONTENT_W - 412, align: 'left' as const },
];

function unitsTable(w: Writer, section: ReportSection, minN: number): void {
  const rowH = 16;
  const drawHeader = () => {
    w.doc.save().rect(M, w.y, CONTENT_W, rowH).fill('#eef2f7').restore();
    let x = M;
    for (const c of COLS) {
      w.text(c.title, x + 3, w.y + 4, 8, { weight: 700, align: c.align, width: c.w - 6 });
      x += c.w;
    }
    w.y += rowH;
  };
  w.ensure(rowH * 3);
  drawHeader();
  section.units.forEach((u, i) => {
    if (w.y + rowH > PAGE_H - M) {
      w.doc.addPage();
      w.y = M;
      drawHeader();
    }
    const f = u.figure;
    const cells = [
      String(i + 1),
      w.fit(u.label.vi, 8, COLS[1]!.w - 6),
      `${f.respondents}${f.smallSample ? '*' : ''}`,
      String(f.n),
      figureValue(f),
      intervalText(f),
      w.fit(ratedStatus(f, minN, true), 8, COLS[6]!.w - 6),
    ];
    let x = M;
    cells.forEach((cell, j) => {
      const c = COLS[j]!;
      w.text(cell, x + 3, w.y + 4, 8, {
        align: c.align,
        width: c.w - 6,
        color: j === 6 || j === 4 ? statusColor(f) : INK,
        weight: j === 4 ? 700 : 400,
      });
      x += c.w;
    });
    w.doc
      .save()
      .moveTo(M, w.y + rowH)
      .lineTo(M + CONTENT_W, w.y + rowH)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke()
      .restore();
    w.y += rowH;
  });
  if (section.units.length === 0) {
    w.text('Chưa có đơn vị nào có câu trả lời trong kỳ.', M + 3, w.y + 4, 8, { color: MUTED });
    w.y += rowH;
  }
  w.y += 4;
  w.text(
    `* ít người trả lời: dưới ${minN} người, chỉ hiển thị, không xếp loại. Người TL: số người trả lời được tính; n: số câu trả lời thang 5 mức được tính.`,
    M,
    w.y,
    7.5,
    {
      color: MUTED,
    },
  );
  w.y += 16;
}

function section(w: Writer, s: ReportSection, data: ReportData): void {
  const sum = s.summary;
  w.ensure(120);
  w.doc
    .save()
    .moveTo(M, w.y)
    .lineTo(M + CONTENT_W, w.y)
    .lineWidth(1)
    .strokeColor(BLUE)
    .stroke()
    .restore();
  w.y += 8;
  w.para(s.title.vi, 13, { weight: 700, color: BLUE, gap: 2 });
  w.text(
    w.fit(`Chỉ tiêu: ${percent(s.target, 0)} · Phiếu khảo sát: ${sum.survey.slugs.join(', ')}`, 9, CONTENT_W),
    M,
    w.y,
    9,
    {
      color: MUTED,
    },
  );
  w.y += 18;
  const o = sum.overall;
  w.text(HEADLINE_LABEL, M, w.y, 10);
  w.text(figureValue(o), M + 140, w.y - 6, 22, { weight: 700, color: statusColor(o) });
  w.text(w.fit(ratedStatus(o, data.minN), 11, CONTENT_W - 260, 700), M + 260, w.y, 11, {
    weight: 700,
    color: statusColor(o),
  });
  w.y += 22;
  w.text(
    w.fit(
      `Khoảng tin cậy 95 %: ${intervalText(o)} · n = ${o.n} câu trả lời của ${o.respondents} người trả lời ` +
        `(hệ số thiết kế ${decimal(o.designEffect)})${o.smallSample ? ' · ít người trả lời' : ''}`,
      9,
      CONTENT_W,
    ),
    M,
    w.y,
    9,
  );
  w.y += 13;
  // The other methods, labelled, for comparison (the headline is the official index).
  const p = sum.methods.top2_pooled;
  const c = sum.methods.comprehensive;
  for (const line of [
    `Tỷ lệ gộp mọi câu trả lời 4–5: ${figureValue(p)} (${intervalText(p)}, ${p.n} câu trả lời)`,
    `Tỷ lệ hài lòng toàn diện (hài lòng ở mọi câu hỏi): ${figureValue(c)} (${intervalText(c)}, ${c.n} người trả lời)`,
  ]) {
    w.text(w.fit(line, 9, CONTENT_W), M, w.y, 9, { color: MUTED });
    w.y += 13;
  }
  if (sum.responses.pending + sum.responses.rejected > 0) {
    w.text(
      `Không tính: ${sum.responses.pending} phiếu đang chờ duyệt, ${sum.responses.rejected} phiếu bị loại.`,
      M,
      w.y,
      9,
      {
        color: MUTED,
      },
    );
    w.y += 13;
  }
  w.y += 6;
  w.text('Theo tiêu chí', M, w.y, 10, { weight: 700 });
  w.y += 16;
  criteriaChart(
    w,
    [{ label: HEADLINE_LABEL, figure: o }, ...sum.criteria.map((cr) => ({ label: cr.title.vi, figure: cr.figure }))],
    s.target,
  );
  w.ensure(170);
  w.text('Theo tháng', M, w.y, 10, { weight: 700 });
  w.y += 16;
  trendChart(w, sum.series.points, s.target);
  w.ensure(60);
  w.text(data.unit ? 'Các đơn vị' : 'Các đơn vị so với chỉ tiêu (đơn vị chưa đạt xếp trước)', M, w.y, 10, {
    weight: 700,
  });
  w.y += 16;
  unitsTable(w, s, data.minN);
}

/** Renders the report; the caller pipes the returned document (a readable stream) and it ends itself. */
export function renderReportPdf(data: ReportData, org: TOrganisationFields): PDFKit.PDFDocument {
  const official = officialDocument(data, org);
  const doc = createA4Document({
    Title: `Báo cáo sự hài lòng ${data.period.label.vi}`,
    Author: org.name,
    Subject: data.unit ? data.unit.name : 'Toàn Sở',
  });
  const w = new Writer(doc);
  letter(w, official);
  doc.addPage();
  w.y = M;
  header(w, data, official.annex);
  if (data.sections.length === 0) {
    w.para('Chưa có câu trả lời nào trong kỳ này.', 11, { color: MUTED });
  }
  for (const s of data.sections) section(w, s, data);
  w.ensure(120);
  w.text('Phương pháp và lưu ý', M, w.y, 11, { weight: 700 });
  w.y += 18;
  w.para(`${data.method.label.vi}: ${data.method.description.vi}`, 8.5);
  w.para(`Nguồn: ${data.method.source.vi}`, 8.5);
  w.para(STATUS_NOTE, 8.5);
  w.para(minNNote(data.minN), 8.5);
  w.para(FLAGGED_NOTE, 8.5);
  w.para(channelNote(reportChannels(data)).vi, 8.5, { weight: 700 });
  doc.end();
  return doc;
}
