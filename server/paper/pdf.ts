import QRCode from 'qrcode';
import type { TQuestion, TSurveyDefinition } from '../../domain/definition.js';
import { numberRangeText } from '../../domain/answers.js';
import { paperChoices } from '../../domain/paper-keys.js';
import { BLUE, CONTENT_W, createA4Document, INK, LINE, M, MUTED, PAGE_W, Writer } from '../pdf/writer.js';

export interface PaperSheetsInput {
  org: string;
  surveyTitle: string;
  unitName: string;
  /** The unit's online link, for the QR code ("answer on your phone instead"). */
  onlineUrl: string | null;
  definition: TSurveyDefinition;
  serials: number[];
}

const QR_SIZE = 78;
const BOX = 13;

function drawQr(doc: PDFKit.PDFDocument, url: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const count = qr.modules.size;
  const data = qr.modules.data;
  const m = size / count;
  for (let r = 0; r < count; r++) {
    for (let c = 0; c < count;) {
      if (!data[r * count + c]) {
        c++;
        continue;
      }
      const start = c;
      while (c < count && data[r * count + c]) c++;
      // A hair of overlap so viewers show no seams between rows.
      doc.rect(x + start * m, y + r * m, (c - start) * m, m * 1.02);
    }
  }
  doc.fill('#000000');
  doc.link(x, y, size, size, url);
}

/** The head of a sheet's first page: who asks, the serial (large, for the operator), the QR code. */
function header(w: Writer, input: PaperSheetsInput, serial: number): void {
  const { doc } = w;
  const textW = CONTENT_W - QR_SIZE - 16;
  w.text(w.fit(input.org.toUpperCase(), 8.5, textW, 700), M, w.y, 8.5, { weight: 700, color: MUTED });
  w.y += 14;
  w.para('PHIẾU KHẢO SÁT Ý KIẾN', 15, { weight: 700, color: BLUE, width: textW, gap: 0 });
  w.para(input.surveyTitle, 11, { weight: 700, width: textW, gap: 2 });
  w.para(`Đơn vị: ${input.unitName}`, 10, { width: textW, gap: 4 });
  // The serial, boxed: the operator reads it first and types it before the answers.
  doc.save().lineWidth(1.2).strokeColor(INK).rect(M, w.y, 150, 24).stroke().restore();
  w.text(`Số phiếu: ${serial}`, M + 8, w.y + 6, 12, { weight: 700 });
  if (input.onlineUrl) {
    drawQr(doc, input.onlineUrl, PAGE_W - M - QR_SIZE, M, QR_SIZE);
    w.text('Quét mã để trả lời trên', PAGE_W - M - QR_SIZE - 10, M + QR_SIZE + 4, 7, {
      color: MUTED,
      width: QR_SIZE + 20,
      align: 'center',
    });
    w.text('điện thoại thay cho phiếu giấy', PAGE_W - M - QR_SIZE - 10, M + QR_SIZE + 13, 7, {
      color: MUTED,
      width: QR_SIZE + 20,
      align: 'center',
    });
  }
  w.y = Math.max(w.y + 32, M + QR_SIZE + 28);
  const types = new Set(input.definition.questions.map((q) => q.type));
  // The 1–5 satisfaction scale is explained once here; other ways of answering say so at the question.
  const scale = types.has('likert5')
    ? ' Thang điểm: 1 = Rất không hài lòng, 2 = Không hài lòng, 3 = Bình thường, 4 = Hài lòng, 5 = Rất hài lòng;' +
      ' 0 = Không áp dụng (nếu có ô này).'
    : '';
  const many = types.has('multiple_choice') ? ' (trừ câu ghi có thể đánh dấu nhiều ô)' : '';
  w.para(`Phiếu ẩn danh. Với mỗi câu, đánh dấu X vào MỘT ô${many}.${scale}`, 8.5, {
    italic: true,
    color: MUTED,
    gap: 6,
  });
}

/** Boxes per row: a 1–5 satisfaction scale in one row (its numbers are explained once, above); labelled choices in columns. */
function perRowOf(q: TQuestion, count: number): number {
  if (q.type === 'single_choice' || q.type === 'multiple_choice') return 2;
  if (q.type === 'agreement5') return 3;
  return count;
}

/** What the sheet says under a question, for the types whose way of answering is not one box. */
function instruction(q: TQuestion): string | undefined {
  if (q.type === 'multiple_choice') {
    const max = q.maxSelections ?? q.options.length;
    return max >= q.options.length ? '(Có thể đánh dấu nhiều ô)' : `(Đánh dấu tối đa ${max} ô)`;
  }
  if (q.type === 'number') {
    const range = numberRangeText(q);
    return `(Ghi một số${q.integer ? ' nguyên' : ''}${range ? ` ${range}` : ''})`;
  }
  return undefined;
}

/** A question: its number and text, then a row of numbered boxes (or lines to write on). */
function question(w: Writer, q: TQuestion, n: number, serial: number): void {
  const choices = paperChoices(q);
  const note = instruction(q);
  const lines = w.wrap(
    `Câu ${n}. ${q.text.vi}${q.required ? '' : ' (không bắt buộc)'}${note ? ` ${note}` : ''}`,
    9.5,
    CONTENT_W,
    700,
  );
  const boxRows = choices ? Math.ceil(choices.length / perRowOf(q, choices.length)) : 2;
  w.ensure(lines.length * 13 + boxRows * 20 + 8);
  if (w.y === M) w.text(`Số phiếu: ${serial} (tiếp)`, M, M - 16, 8, { color: MUTED });
  for (const line of lines) {
    w.text(line, M, w.y, 9.5, { weight: 700 });
    w.y += 13;
  }
  w.y += 3;
  if (q.type === 'number') {
    // One box to write the figure in, its unit beside it.
    w.doc.save().lineWidth(0.9).strokeColor(INK).rect(M, w.y, 120, 20).stroke().restore();
    if (q.unit) w.text(q.unit.vi, M + 128, w.y + 6, 9);
    w.y += 30;
    return;
  }
  if (!choices) {
    for (let i = 0; i < 2; i++) {
      w.y += 16;
      w.doc
        .save()
        .lineWidth(0.5)
        .strokeColor(LINE)
        .moveTo(M, w.y)
        .lineTo(M + CONTENT_W, w.y)
        .stroke()
        .restore();
    }
    w.y += 8;
    return;
  }
  // Likert and yes/no in one row; choices two to a row, so long option texts fit.
  // Likert boxes sit close (their numbers are explained once, above); "Không áp dụng" takes the rest.
  const perRow = perRowOf(q, choices.length);
  const cellW = q.type === 'likert5' ? 44 : CONTENT_W / perRow;
  choices.forEach((c, i) => {
    const col = i % perRow;
    if (col === 0 && i > 0) w.y += 20;
    const x = M + col * cellW + (q.type === 'likert5' && c.key === '0' ? 12 : 0);
    w.doc.save().lineWidth(0.9).strokeColor(INK).rect(x, w.y, BOX, BOX).stroke().restore();
    const label = q.type === 'likert5' && c.key !== '0' ? c.key : `${c.key}. ${c.label.vi}`;
    const room = q.type === 'likert5' && c.key === '0' ? 200 : cellW - BOX - 10;
    w.text(w.fit(label, 8.5, room), x + BOX + 4, w.y + 2.5, 8.5);
  });
  w.y += 26;
}

function commentArea(w: Writer, serial: number): void {
  w.ensure(110);
  if (w.y === M) w.text(`Số phiếu: ${serial} (tiếp)`, M, M - 16, 8, { color: MUTED });
  w.text('Góp ý thêm (nếu có):', M, w.y, 9.5, { weight: 700 });
  w.y += 6;
  for (let i = 0; i < 4; i++) {
    w.y += 20;
    w.doc
      .save()
      .lineWidth(0.5)
      .strokeColor(LINE)
      .moveTo(M, w.y)
      .lineTo(M + CONTENT_W, w.y)
      .stroke()
      .restore();
  }
  w.y += 18;
  w.text('Xin cảm ơn ý kiến của Quý vị!', M, w.y, 9, { italic: true, color: MUTED });
}

/** One sheet (one or more pages) per serial, each starting on a new page; the whole PDF in memory. */
export async function renderPaperSheets(input: PaperSheetsInput): Promise<Buffer> {
  const doc = createA4Document({
    Title: `Phiếu khảo sát giấy — ${input.surveyTitle} — ${input.unitName}`,
    Author: input.org,
    Creator: 'Hài lòng — phiếu giấy',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const w = new Writer(doc);
  input.serials.forEach((serial, i) => {
    if (i > 0) {
      doc.addPage();
      w.y = M;
    }
    header(w, input, serial);
    input.definition.questions.forEach((q, n) => question(w, q, n + 1, serial));
    if (input.definition.allowComment) commentArea(w, serial);
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
