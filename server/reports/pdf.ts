import PDFDocument from 'pdfkit';
import { registerFonts, segment, textWidth, type Weight } from '../posters/fonts.js';
import type { TFigure as Figure } from '../../domain/contract/analytics.js';
import type { TReportData as ReportData, TReportSection as ReportSection } from '../../domain/contract/reports.js';
import { STATUS_TEXT } from '../../domain/contract/status.js';
import { figureValue, intervalText, percent } from '../../domain/format.js';
import { FLAGGED_NOTE, minNNote, QR_NOTE, STATUS_COLOR, STATUS_NOTE, vnDate, vnDateTime } from './format.js';

/**
 * The period report as a PDF (A4, Be Vietnam Pro embedded, charts drawn as vector shapes). Text is
 * drawn run by run with the font subset that has its glyphs (see posters/fonts.ts), and wrapped
 * here, so Vietnamese diacritics never depend on font fallback.
 */

const PAGE_W = 595.28;
const PAGE_H = 841.89;
const M = 42;
const CONTENT_W = PAGE_W - 2 * M;
const INK = '#1b2430';
const MUTED = '#5b6675';
const LINE = '#d8dee6';
const BLUE = '#0b5cad';

class Writer {
  y = M;
  constructor(readonly doc: PDFKit.PDFDocument) {}

  ensure(height: number): void {
    if (this.y + height > PAGE_H - M) {
      this.doc.addPage();
      this.y = M;
    }
  }

  /** One line of text at (x, y); `width` with align right/center positions it inside a box. */
  text(
    str: string,
    x: number,
    y: number,
    size: number,
    options: { weight?: Weight; color?: string; align?: 'left' | 'right' | 'center'; width?: number } = {},
  ): number {
    const weight = options.weight ?? 400;
    const w = textWidth(str, weight) * size;
    let cx = x;
    if (options.width !== undefined && options.align === 'right') cx = x + options.width - w;
    if (options.width !== undefined && options.align === 'center') cx = x + (options.width - w) / 2;
    this.doc.fillColor(options.color ?? INK);
    for (const run of segment(str, weight)) {
      this.doc.font(run.face.key).fontSize(size).text(run.text, cx, y, { lineBreak: false });
      cx += textWidth(run.text, weight) * size;
    }
    return w;
  }

  fit(str: string, size: number, width: number, weight: Weight = 400): string {
    if (textWidth(str, weight) * size <= width) return str;
    let s = str;
    while (s.length > 1 && textWidth(`${s}…`, weight) * size > width) s = s.slice(0, -1);
    return `${s.trimEnd()}…`;
  }

  wrap(str: string, size: number, width: number, weight: Weight = 400): string[] {
    const lines: string[] = [];
    let line = '';
    for (const word of str.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && textWidth(next, weight) * size > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
    return lines;
  }

  para(
    str: string,
    size: number,
    options: { weight?: Weight; color?: string; x?: number; width?: number; gap?: number } = {},
  ): void {
    const x = options.x ?? M;
    const lineH = size * 1.4;
    for (const line of this.wrap(str, size, options.width ?? CONTENT_W, options.weight)) {
      this.ensure(lineH);
      this.text(line, x, this.y, size, options);
      this.y += lineH;
    }
    this.y += options.gap ?? 4;
  }
}

function statusText(f: Figure): string {
  return STATUS_TEXT[f.status].vi;
}

function header(w: Writer, data: ReportData): void {
  w.text('SỞ GIÁO DỤC VÀ ĐÀO TẠO', M, w.y, 9, { weight: 700, color: MUTED });
  w.y += 16;
  w.text('Báo cáo kết quả đo lường sự hài lòng', M, w.y, 18, { weight: 700, color: BLUE });
  w.y += 26;
  w.text(`${data.period.label.vi} (từ ${vnDate(data.period.from)} đến ${vnDate(data.period.to)})`, M, w.y, 11, {
    weight: 700,
  });
  w.y += 16;
  w.text(
    `Phạm vi: ${data.unit ? `${data.unit.name} (${data.unit.code}) và các đơn vị trực thuộc` : 'Toàn Sở'}`,
    M,
    w.y,
    10,
  );
  w.y += 14;
  w.text(`Lập lúc ${vnDateTime(data.generatedAt)} · Phương pháp: ${data.method.label.vi}`, M, w.y, 9, { color: MUTED });
  w.y += 16;
  if (data.frozen) {
    const h = 30;
    w.doc.save().roundedRect(M, w.y, CONTENT_W, h, 4).fillAndStroke('#e8f3ec', STATUS_COLOR.met).restore();
    w.text(
      `Số liệu đã được chốt (chứng nhận) lúc ${vnDateTime(data.frozen.at)}${data.frozen.by ? ` bởi ${data.frozen.by}` : ''}; phiếu gửi muộn không làm thay đổi báo cáo này.`,
      M + 8,
      w.y + 10,
      9,
      { weight: 700, color: STATUS_COLOR.met },
    );
    w.y += h + 10;
  }
}

/** Horizontal bars with 95 % interval whiskers and the target as a dashed line. */
function criteriaChart(w: Writer, rows: Array<{ label: string; figure: Figure }>, target: number): void {
  const labelW = 170;
  const valueW = 52;
  const x0 = M + labelW;
  const x1 = M + CONTENT_W - valueW;
  const barH = 11;
  const rowH = 20;
  const height = rows.length * rowH + 22;
  w.ensure(height);
  const top = w.y;
  const xOf = (v: number) => x0 + (x1 - x0) * v;
  const doc = w.doc;
  // Axis ticks at 0, 25, 50, 75, 100 %.
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    doc
      .save()
      .moveTo(xOf(t), top)
      .lineTo(xOf(t), top + rows.length * rowH)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke()
      .restore();
    w.text(`${t * 100} %`, xOf(t) - 20, top + rows.length * rowH + 4, 7, { color: MUTED, align: 'center', width: 40 });
  }
  rows.forEach((r, i) => {
    const y = top + i * rowH + (rowH - barH) / 2;
    w.text(w.fit(r.label, 8.5, labelW - 8), M, y + 1, 8.5);
    const f = r.figure;
    if (f.value !== null) {
      doc
        .save()
        .rect(x0, y, xOf(f.value) - x0, barH)
        .fillOpacity(0.35)
        .fill(STATUS_COLOR[f.status])
        .restore();
      const lo = xOf(f.interval.low);
      const hi = xOf(f.interval.high);
      const mid = y + barH / 2;
      doc
        .save()
        .lineWidth(1)
        .strokeColor(INK)
        .moveTo(lo, mid)
        .lineTo(hi, mid)
        .moveTo(lo, mid - 4)
        .lineTo(lo, mid + 4)
        .moveTo(hi, mid - 4)
        .lineTo(hi, mid + 4)
        .stroke()
        .restore();
    }
    w.text(f.value === null ? '—' : percent(f.value), x1 + 4, y + 1, 8.5, {
      weight: 700,
      color: STATUS_COLOR[f.status],
    });
  });
  doc
    .save()
    .moveTo(xOf(target), top - 2)
    .lineTo(xOf(target), top + rows.length * rowH + 2)
    .dash(3, { space: 2 })
    .lineWidth(1.2)
    .strokeColor(STATUS_COLOR.below)
    .stroke()
    .undash()
    .restore();
  w.y = top + height;
  w.text(`Vạch đỏ: chỉ tiêu ${percent(target, 0)}; đoạn đen: khoảng tin cậy 95 %.`, M, w.y - 4, 7.5, { color: MUTED });
  w.y += 10;
}

/** Columns per month with whiskers and the target line. */
function trendChart(w: Writer, points: ReportSection['summary']['series']['points'], target: number): void {
  if (points.length === 0) return;
  const height = 120;
  w.ensure(height + 30);
  const top = w.y;
  const left = M + 30;
  const width = CONTENT_W - 30;
  const bottom = top + height;
  const doc = w.doc;
  const yOf = (v: number) => bottom - height * v;
  for (const t of [0, 0.5, 1]) {
    doc
      .save()
      .moveTo(left, yOf(t))
      .lineTo(left + width, yOf(t))
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke()
      .restore();
    w.text(`${t * 100} %`, M - 4, yOf(t) - 4, 7, { color: MUTED, align: 'right', width: 32 });
  }
  const slot = width / points.length;
  const barW = Math.min(28, slot * 0.6);
  points.forEach((p, i) => {
    const cx = left + slot * i + slot / 2;
    const f = p.figure;
    if (f.value !== null) {
      doc
        .save()
        .rect(cx - barW / 2, yOf(f.value), barW, bottom - yOf(f.value))
        .fillOpacity(0.35)
        .fill(STATUS_COLOR[f.status])
        .restore();
      doc
        .save()
        .lineWidth(1)
        .strokeColor(INK)
        .moveTo(cx, yOf(f.interval.low))
        .lineTo(cx, yOf(f.interval.high))
        .moveTo(cx - 3, yOf(f.interval.low))
        .lineTo(cx + 3, yOf(f.interval.low))
        .moveTo(cx - 3, yOf(f.interval.high))
        .lineTo(cx + 3, yOf(f.interval.high))
        .stroke()
        .restore();
    }
    const [y, m] = p.start.split('-');
    w.text(`T${Number(m)}/${y!.slice(2)}`, cx - slot / 2, bottom + 3, 7, {
      color: MUTED,
      align: 'center',
      width: slot,
    });
    w.text(`n=${f.n}`, cx - slot / 2, bottom + 12, 6.5, { color: MUTED, align: 'center', width: slot });
  });
  doc
    .save()
    .moveTo(left, yOf(target))
    .lineTo(left + width, yOf(target))
    .dash(3, { space: 2 })
    .lineWidth(1.2)
    .strokeColor(STATUS_COLOR.below)
    .stroke()
    .undash()
    .restore();
  w.y = bottom + 26;
}

const COLS = [
  { title: 'STT', w: 24, align: 'right' as const },
  { title: 'Đơn vị', w: 160, align: 'left' as const },
  { title: 'Phiếu', w: 38, align: 'right' as const },
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
      String(u.responses),
      `${f.n}${f.smallSample ? '*' : ''}`,
      figureValue(f),
      intervalText(f),
      statusText(f),
    ];
    let x = M;
    cells.forEach((cell, j) => {
      const c = COLS[j]!;
      w.text(cell, x + 3, w.y + 4, 8, {
        align: c.align,
        width: c.w - 6,
        color: j === 6 || j === 4 ? STATUS_COLOR[f.status] : INK,
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
    `* ít phiếu: dưới ${minN} câu trả lời. Phiếu: số phiếu trả lời được tính; n: số câu trả lời thang 5 mức được tính.`,
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
  w.text('Tỷ lệ hài lòng chung', M, w.y, 10);
  w.text(figureValue(o), M + 140, w.y - 6, 22, { weight: 700, color: STATUS_COLOR[o.status] });
  w.text(statusText(o), M + 260, w.y, 11, { weight: 700, color: STATUS_COLOR[o.status] });
  w.y += 22;
  w.text(
    `Khoảng tin cậy 95 %: ${intervalText(o)} · n = ${o.n} câu trả lời từ ${sum.responses.accepted} phiếu${o.smallSample ? ' (ít phiếu)' : ''}`,
    M,
    w.y,
    9,
  );
  w.y += 13;
  const c = sum.methods.comprehensive;
  w.text(
    `Tỷ lệ hài lòng toàn diện (hài lòng ở mọi câu hỏi): ${figureValue(c)} (${intervalText(c)}, ${c.n} người trả lời)`,
    M,
    w.y,
    9,
    { color: MUTED },
  );
  w.y += 13;
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
    [
      { label: 'Chung (gộp mọi câu hỏi)', figure: o },
      ...sum.criteria.map((cr) => ({ label: cr.title.vi, figure: cr.figure })),
    ],
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
export function renderReportPdf(data: ReportData): PDFKit.PDFDocument {
  const doc = new PDFDocument({
    size: 'A4',
    margin: M,
    autoFirstPage: true,
    font: '',
    info: {
      Title: `Báo cáo sự hài lòng ${data.period.label.vi}`,
      Author: 'Hài lòng',
      Subject: data.unit ? data.unit.name : 'Toàn Sở',
    },
    lang: 'vi-VN',
  } as PDFKit.PDFDocumentOptions);
  registerFonts(doc);
  const w = new Writer(doc);
  header(w, data);
  if (data.sections.length === 0) {
    w.para('Chưa có câu trả lời nào trong kỳ này.', 11, { color: MUTED });
  }
  for (const s of data.sections) section(w, s, data);
  w.ensure(120);
  w.text('Phương pháp và lưu ý', M, w.y, 11, { weight: 700 });
  w.y += 18;
  w.para(`${data.method.label.vi}: ${data.method.description.vi}`, 8.5);
  w.para(STATUS_NOTE, 8.5);
  w.para(minNNote(data.minN), 8.5);
  w.para(FLAGGED_NOTE, 8.5);
  w.para(QR_NOTE, 8.5, { weight: 700 });
  doc.end();
  return doc;
}
