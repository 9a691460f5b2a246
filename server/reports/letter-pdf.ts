import { textWidth } from '../pdf/fonts.js';
import { CONTENT_W, M, PAGE_H, type Writer } from '../pdf/writer.js';
import { MOTTO, NATIONAL_TITLE, type OfficialDocument } from './document.js';

/**
 * The first pages of the PDF report: the administrative document of Nghị định 30/2020/NĐ-CP
 * (layout in document.ts). Two header columns, issuing body left and national title right, each
 * line centred in its column.
 */

const LEFT_W = CONTENT_W * 0.42;
const RIGHT_X = M + LEFT_W;
const RIGHT_W = CONTENT_W - LEFT_W;
const BODY = 11.5;

function centred(w: Writer, text: string, x: number, width: number, size: number, bold = false, italic = false): void {
  for (const line of w.wrap(text, size, width, bold ? 700 : 400, italic)) {
    w.text(line, x, w.y, size, { weight: bold ? 700 : 400, italic, align: 'center', width });
    w.y += size * 1.35;
  }
}

/** A rule centred under the last line, `length` long. */
function centredRule(w: Writer, x: number, width: number, length: number): void {
  // Be Vietnam Pro's tall line box (room for stacked marks) puts the baseline low: keep clear of it.
  w.rule(x + (width - length) / 2, length, 3);
  w.y += 3;
}

export function letter(w: Writer, d: OfficialDocument): void {
  const top = w.y;
  // Left: governing body, issuing body (bold, a rule a third of its width), number and symbol.
  centred(w, d.governingBody, M, LEFT_W, 11);
  centred(w, d.issuer, M, LEFT_W, 11, true);
  centredRule(w, M, LEFT_W, Math.min(LEFT_W, textWidth(d.issuer, 700) * 11) / 2.5);
  w.y += 8;
  const gap = 40;
  const numberW = (textWidth(d.number.label, 400) + textWidth(d.number.symbol, 400)) * 11 + gap;
  const numberX = M + (LEFT_W - numberW) / 2;
  w.text(d.number.label, numberX, w.y, 11);
  w.text(d.number.symbol, numberX + numberW - textWidth(d.number.symbol, 400) * 11, w.y, 11);
  w.y += 11 * 1.35;
  const leftEnd = w.y;

  // Right: national title, motto (a rule as long as the motto), then place and date in italics.
  w.y = top;
  centred(w, NATIONAL_TITLE, RIGHT_X, RIGHT_W, 10.5, true);
  centred(w, MOTTO, RIGHT_X, RIGHT_W, 11.5, true);
  centredRule(w, RIGHT_X, RIGHT_W, textWidth(MOTTO, 700) * 11.5);
  w.y += 8;
  centred(w, d.placeDate, RIGHT_X, RIGHT_W, 11, false, true);
  w.y = Math.max(leftEnd, w.y) + 18;

  // Document type and subject line, centred, a short rule below.
  centred(w, d.type, M, CONTENT_W, 13, true);
  centred(w, d.subject, M + 40, CONTENT_W - 80, 12, true);
  centredRule(w, M, CONTENT_W, 90);
  w.y += 16;

  for (const block of d.body) {
    if (block.kind === 'heading') {
      w.ensure(BODY * 3);
      w.para(block.text, BODY, { weight: 700, gap: 3 });
    } else {
      w.para(block.text, BODY, { indent: 28, gap: 5 });
    }
  }

  // Recipients bottom left, signer bottom right, kept together on one page.
  w.y += 12;
  const signerLines = [d.signer.authority, d.signer.title].filter(Boolean);
  const recipientsH = 16 + d.recipients.length * 13;
  const signerH = signerLines.length * 15 + 70;
  if (w.y + Math.max(recipientsH, signerH) > PAGE_H - M) {
    w.doc.addPage();
    w.y = M;
  }
  const start = w.y;
  w.text('Nơi nhận:', M, w.y, 10.5, { weight: 700, italic: true });
  w.y += 15;
  for (const r of d.recipients) {
    w.text(w.fit(r, 9.5, LEFT_W - 6), M, w.y, 9.5);
    w.y += 13;
  }
  const leftBottom = w.y;
  w.y = start;
  for (const line of signerLines) centred(w, line, RIGHT_X, RIGHT_W, 11.5, true);
  // Room for the signature and seal.
  w.y += 56;
  centred(w, d.signer.name, RIGHT_X, RIGHT_W, 11.5, true);
  w.y = Math.max(leftBottom, w.y);
}
