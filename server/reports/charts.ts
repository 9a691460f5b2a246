import type { TFigure } from '../../domain/contract/analytics.js';
import type { TReportSection } from '../../domain/contract/reports.js';
import { percent } from '../../domain/format.js';
import { CONTENT_W, INK, LINE, M, MUTED, type Writer } from '../pdf/writer.js';
import type { TFigureStatus } from '../../domain/contract/status.js';

/** The report's charts, drawn as vector shapes: bars with interval whiskers and the target line. */

/** Status colours on paper (the no-data and no-target greys print better than the screen's). */
export const STATUS_COLOR: Record<TFigureStatus, string> = {
  met: '#1a7f37',
  below: '#c62828',
  uncertain: '#9a6700',
  no_data: '#5b6675',
  no_target: '#5b6675',
};

/** A figure under the minimum of respondents is marked, not rated: grey, whatever its status. */
export const figureColor = (f: TFigure): string => (f.smallSample ? STATUS_COLOR.no_data : STATUS_COLOR[f.status]);

/** Horizontal bars with 95 % interval whiskers and the target as a dashed line. */
export function criteriaChart(w: Writer, rows: Array<{ label: string; figure: TFigure }>, target: number): void {
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
        .fill(figureColor(f))
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
      color: figureColor(f),
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
export function trendChart(w: Writer, points: TReportSection['summary']['series']['points'], target: number): void {
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
        .fill(figureColor(f))
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
