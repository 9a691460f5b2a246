import {
  AlignmentType,
  Document,
  Packer,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { TFigure } from '../../domain/contract/analytics.js';
import type { TReportData, TReportSection } from '../../domain/contract/reports.js';
import type { TOrganisationFields } from '../../domain/contract/settings.js';
import { figureValue, intervalText, percent } from '../../domain/format.js';
import { channelNote, reportChannels } from '../../domain/channels.js';
import { FLAGGED_NOTE, minNNote, STATUS_NOTE } from '../../domain/notes.js';
import {
  HEADLINE_LABEL,
  MOTTO,
  NATIONAL_TITLE,
  officialDocument,
  ratedStatus,
  type OfficialDocument,
} from './document.js';

/**
 * The period report as an editable Word document (officials finish reports in Word): the same
 * administrative document as the PDF (document.ts), in Times New Roman 13 pt on A4 with the
 * margins of Nghị định 30/2020 (top and bottom 20 mm, left 30 mm, right 15 mm), and the figures as
 * tables in the annex. Charts stay in the PDF.
 */

const PT = (points: number): number => points * 2; // docx sizes are half-points
const MM = (mm: number): number => Math.round(mm * 56.7); // twips

function p(
  text: string,
  o: {
    bold?: boolean;
    italics?: boolean;
    size?: number;
    align?: 'center' | 'left' | 'justified';
    indent?: boolean;
    after?: number;
    pageBreakBefore?: boolean;
  } = {},
): Paragraph {
  return new Paragraph({
    alignment:
      o.align === 'center' ? AlignmentType.CENTER : o.align === 'left' ? AlignmentType.LEFT : AlignmentType.JUSTIFIED,
    spacing: { after: o.after ?? 60 },
    ...(o.indent ? { indent: { firstLine: MM(10) } } : {}),
    ...(o.pageBreakBefore ? { pageBreakBefore: true } : {}),
    children: [new TextRun({ text, bold: o.bold, italics: o.italics, size: PT(o.size ?? 13) })],
  });
}

/** A centred rule of about `chars` spaces' width: underlined non-breaking spaces, editable in Word. */
function rule(chars: number): Paragraph {
  const line: ParagraphChild = new TextRun({ text: '\u00A0'.repeat(chars), underline: { type: UnderlineType.SINGLE } });
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 60 }, children: [line] });
}

const cell = (children: Paragraph[], widthPct: number): TableCell =>
  new TableCell({ children, width: { size: widthPct, type: WidthType.PERCENTAGE } });

function twoColumns(left: Paragraph[], right: Paragraph[], leftPct = 40): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [cell(left, leftPct), cell(right, 100 - leftPct)] })],
  });
}

function letter(d: OfficialDocument): Array<Paragraph | Table> {
  const header = twoColumns(
    [
      p(d.governingBody, { size: 12.5, align: 'center', after: 0 }),
      p(d.issuer, { size: 12.5, bold: true, align: 'center', after: 0 }),
      rule(18),
      p(`${d.number.label}${' '.repeat(10)}${d.number.symbol}`, { align: 'center' }),
    ],
    [
      p(NATIONAL_TITLE, { size: 12.5, bold: true, align: 'center', after: 0 }),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 120 },
        children: [new TextRun({ text: MOTTO, bold: true, size: PT(13.5), underline: { type: UnderlineType.SINGLE } })],
      }),
      p(d.placeDate, { italics: true, align: 'center' }),
    ],
  );
  const closing = twoColumns(
    [
      p('Nơi nhận:', { bold: true, italics: true, size: 12, align: 'left', after: 0 }),
      ...d.recipients.map((r) => p(r, { size: 11, align: 'left', after: 0 })),
    ],
    [
      ...[d.signer.authority, d.signer.title]
        .filter(Boolean)
        .map((line) => p(line, { bold: true, size: 13.5, align: 'center', after: 0 })),
      // Room for the signature and seal.
      ...[1, 2, 3, 4].map(() => p('', { after: 120 })),
      p(d.signer.name, { bold: true, size: 13.5, align: 'center' }),
    ],
    50,
  );
  return [
    header,
    p('', { after: 120 }),
    p(d.type, { bold: true, size: 14, align: 'center', after: 0 }),
    p(d.subject, { bold: true, size: 14, align: 'center', after: 0 }),
    rule(24),
    ...d.body.map((b) =>
      b.kind === 'heading' ? p(b.text, { bold: true, after: 60 }) : p(b.text, { indent: true, after: 80 }),
    ),
    p('', { after: 120 }),
    closing,
  ];
}

function grid(headers: string[], rows: string[][], widths: number[]): Table {
  const row = (cells: string[], bold: boolean) =>
    new TableRow({
      tableHeader: bold,
      cantSplit: true,
      children: cells.map((c, i) =>
        cell([p(c, { bold, size: 11, align: i === 1 ? 'left' : 'center', after: 0 })], widths[i]!),
      ),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [row(headers, true), ...rows.map((r) => row(r, false))],
  });
}

const rateCells = (f: TFigure, minN: number): string[] => [
  String(f.n),
  figureValue(f),
  intervalText(f),
  ratedStatus(f, minN, true),
];

function annexSection(s: TReportSection, index: number, minN: number): Array<Paragraph | Table> {
  const o = s.summary.overall;
  return [
    p(`${index}. ${s.title.vi}`, { bold: true, after: 60 }),
    p(
      `Chỉ tiêu ${percent(s.target, 0)}; ${s.summary.responses.accepted} phiếu được tính` +
        (s.summary.responses.pending ? `, ${s.summary.responses.pending} phiếu đang chờ duyệt` : '') +
        '.',
      { size: 12, after: 60 },
    ),
    p('a) Theo tiêu chí', { italics: true, size: 12, after: 40 }),
    grid(
      ['STT', 'Tiêu chí', 'n', 'Tỷ lệ', 'KTC 95 %', 'Trạng thái'],
      [
        ['', HEADLINE_LABEL, ...rateCells(o, minN)],
        ...s.summary.criteria.map((c, i) => [String(i + 1), c.title.vi, ...rateCells(c.figure, minN)]),
      ],
      [6, 38, 8, 12, 16, 20],
    ),
    p('b) Theo đơn vị (đơn vị chưa đạt xếp trước)', { italics: true, size: 12, after: 40 }),
    grid(
      ['STT', 'Đơn vị', 'Người TL', 'n', 'Tỷ lệ', 'KTC 95 %', 'Trạng thái'],
      s.units.map((u, i) => [
        String(i + 1),
        u.label.vi,
        `${u.figure.respondents}${u.figure.smallSample ? '*' : ''}`,
        ...rateCells(u.figure, minN),
      ]),
      [6, 34, 8, 8, 10, 14, 20],
    ),
    p(`* Dưới ${minN} người trả lời: chỉ hiển thị, không xếp loại.`, { italics: true, size: 10, after: 40 }),
    p('', { after: 120 }),
  ];
}

/** The DOCX bytes (Packer builds the zip in memory; a report is a few hundred kilobytes at most). */
export async function renderReportDocx(data: TReportData, org: TOrganisationFields): Promise<Buffer> {
  const d = officialDocument(data, org);
  const annex: Array<Paragraph | Table> = [
    p(d.annex.title, { bold: true, size: 14, align: 'center', after: 0, pageBreakBefore: true }),
    p(d.annex.subtitle, { bold: true, size: 13, align: 'center', after: 0 }),
    p(d.annex.reference, { italics: true, size: 12, align: 'center', after: 200 }),
    ...data.sections.flatMap((s, i) => annexSection(s, i + 1, data.minN)),
    p('Phương pháp và lưu ý', { bold: true, after: 60 }),
    ...[
      `${data.method.label.vi}: ${data.method.description.vi}`,
      `Nguồn: ${data.method.source.vi}`,
      STATUS_NOTE,
      minNNote(data.minN),
      FLAGGED_NOTE,
    ].map((t) => p(t, { size: 11, after: 40 })),
    p(channelNote(reportChannels(data)).vi, { size: 11, bold: true }),
  ];
  const doc = new Document({
    creator: org.name,
    title: `${d.type} ${d.subject}`,
    styles: { default: { document: { run: { font: 'Times New Roman', size: PT(13) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: MM(210), height: MM(297) },
            margin: { top: MM(20), bottom: MM(20), left: MM(30), right: MM(15) },
          },
        },
        children: [...letter(d), ...annex],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
