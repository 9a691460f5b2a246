import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  LinearScale,
  Tooltip,
  type ChartOptions,
  type Plugin,
} from 'chart.js';
import { Bar, Doughnut } from 'react-chartjs-2';
import { currentLang } from '../../../shared/i18n.js';
import { figureText, intervalText, pct, STATUS_COLORS } from './format.js';
import { t } from './i18n.js';
import type { TFigure, TSeriesPoint } from '../../../../domain/contract/analytics.js';

/**
 * Charts of the analytics view. Only the parts of chart.js used here are registered, so the
 * admin bundle carries no unused controllers; the phone form never imports this file.
 */

interface Whisker {
  low: number;
  high: number;
}

/** Draws 95 % interval whiskers on bars: a dataset lists them in `errorBars` (same units as data). */
export const errorBarsPlugin: Plugin<'bar'> = {
  id: 'errorBars',
  afterDatasetsDraw(chart) {
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === 'y';
    const scale = horizontal ? chart.scales.x : chart.scales.y;
    if (!scale) return;
    chart.data.datasets.forEach((dataset, i) => {
      const whiskers = (dataset as { errorBars?: Array<Whisker | null> }).errorBars;
      if (!whiskers || !chart.isDatasetVisible(i)) return;
      ctx.save();
      ctx.strokeStyle = '#1b2430';
      ctx.lineWidth = 1.5;
      chart.getDatasetMeta(i).data.forEach((element, j) => {
        const w = whiskers[j];
        if (!w) return;
        const { x, y } = element.getProps(['x', 'y'], true) as { x: number; y: number };
        const lo = scale.getPixelForValue(w.low);
        const hi = scale.getPixelForValue(w.high);
        const cap = 5;
        ctx.beginPath();
        if (horizontal) {
          ctx.moveTo(lo, y);
          ctx.lineTo(hi, y);
          ctx.moveTo(lo, y - cap);
          ctx.lineTo(lo, y + cap);
          ctx.moveTo(hi, y - cap);
          ctx.lineTo(hi, y + cap);
        } else {
          ctx.moveTo(x, lo);
          ctx.lineTo(x, hi);
          ctx.moveTo(x - cap, lo);
          ctx.lineTo(x + cap, lo);
          ctx.moveTo(x - cap, hi);
          ctx.lineTo(x + cap, hi);
        }
        ctx.stroke();
      });
      ctx.restore();
    });
  },
};

/** A dashed red line at the target (`options.plugins.targetLine.value`, in data units). */
export const targetLinePlugin: Plugin<'bar'> = {
  id: 'targetLine',
  afterDatasetsDraw(chart) {
    const value = (chart.options.plugins as Record<string, { value?: number } | undefined>).targetLine?.value;
    if (value === undefined) return;
    const horizontal = chart.options.indexAxis === 'y';
    const scale = horizontal ? chart.scales.x : chart.scales.y;
    if (!scale) return;
    const { ctx, chartArea: area } = chart;
    const p = scale.getPixelForValue(value);
    ctx.save();
    ctx.strokeStyle = STATUS_COLORS.below;
    ctx.lineWidth = 2;
    ctx.setLineDash([6, 4]);
    ctx.beginPath();
    if (horizontal) {
      ctx.moveTo(p, area.top);
      ctx.lineTo(p, area.bottom);
    } else {
      ctx.moveTo(area.left, p);
      ctx.lineTo(area.right, p);
    }
    ctx.stroke();
    ctx.restore();
  },
};

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, LinearScale, Tooltip);

const share = (f: TFigure) => f.scale.max === 1;
const toChart = (f: TFigure, v: number | null) => (v === null ? null : share(f) ? v * 100 : v);

/** Half-doughnut gauge of the headline rate, with the target marked on the arc. */
export function Gauge({ figure, target }: { figure: TFigure; target: number }) {
  const value = figure.value ?? 0;
  const frac = share(figure) ? value : (value - figure.scale.min) / (figure.scale.max - figure.scale.min);
  const targetMark: Plugin<'doughnut'> = {
    id: 'gaugeTarget',
    afterDatasetsDraw(chart) {
      if (!share(figure)) return;
      const arc = chart.getDatasetMeta(0).data[0] as unknown as
        { x: number; y: number; innerRadius: number; outerRadius: number } | undefined;
      if (!arc) return;
      const angle = Math.PI + Math.PI * target;
      const { ctx } = chart;
      ctx.save();
      ctx.strokeStyle = STATUS_COLORS.below;
      ctx.lineWidth = 3;
      ctx.beginPath();
      ctx.moveTo(arc.x + Math.cos(angle) * (arc.innerRadius - 6), arc.y + Math.sin(angle) * (arc.innerRadius - 6));
      ctx.lineTo(arc.x + Math.cos(angle) * (arc.outerRadius + 6), arc.y + Math.sin(angle) * (arc.outerRadius + 6));
      ctx.stroke();
      ctx.restore();
    },
  };
  return (
    <div className="gauge">
      <Doughnut
        role="img"
        aria-label={t('gauge', { rate: figureText(figure), target: pct(target, 0) })}
        data={{
          labels: [t('rate'), ''],
          datasets: [
            {
              data: [frac, Math.max(0, 1 - frac)],
              backgroundColor: [STATUS_COLORS[figure.status], '#e6eaf0'],
              borderWidth: 0,
            },
          ],
        }}
        options={{
          rotation: -90,
          circumference: 180,
          cutout: '72%',
          aspectRatio: 2,
          animation: false,
          plugins: { tooltip: { enabled: false }, legend: { display: false } },
        }}
        plugins={[targetMark]}
      />
      <div className="gauge-value">
        <strong className={`status-${figure.status}`}>{figureText(figure)}</strong>
      </div>
    </div>
  );
}

/**
 * The value axis of a share starts a little below the lowest interval (or the target), in steps of
 * 10 %: with every unit between 80 % and 100 %, a 0–100 axis would hide the differences that matter.
 */
function axisMin(figures: TFigure[], target: number | null): number {
  if (figures.some((f) => !share(f))) return figures[0]?.scale.min ?? 0;
  const lows = figures.filter((f) => f.n > 0).map((f) => f.interval.low * 100);
  const lowest = Math.min(...lows, target ?? 100);
  return Math.max(0, Math.floor((lowest - 5) / 10) * 10);
}

const barOptions = (horizontal: boolean, max: number, target: number | null, min = 0): ChartOptions<'bar'> => ({
  indexAxis: horizontal ? 'y' : 'x',
  maintainAspectRatio: false,
  animation: false,
  scales: {
    [horizontal ? 'x' : 'y']: { min, max, ticks: { callback: (v: string | number) => (max === 100 ? `${v}%` : v) } },
  },
  plugins: {
    legend: { display: false },
    ...({ targetLine: target === null ? {} : { value: target } } as object),
    tooltip: {
      callbacks: {
        label: (item) => {
          const fig = (item.dataset as unknown as { figures: TFigure[] }).figures[item.dataIndex]!;
          return `${figureText(fig)} (${intervalText(fig)}), n = ${fig.n}`;
        },
      },
    },
  },
});

function barDataset(figures: TFigure[]) {
  return {
    data: figures.map((f) => toChart(f, f.value)),
    backgroundColor: figures.map((f) => `${STATUS_COLORS[f.status]}99`),
    borderColor: figures.map((f) => STATUS_COLORS[f.status]),
    borderWidth: 1,
    errorBars: figures.map((f) =>
      f.n === 0 ? null : { low: toChart(f, f.interval.low)!, high: toChart(f, f.interval.high)! },
    ),
    figures,
  };
}

/** Horizontal bars per criterion with interval whiskers and the target line. */
export function CriteriaChart({ rows, target }: { rows: Array<{ label: string; figure: TFigure }>; target: number }) {
  const first = rows[0]?.figure;
  const max = first && !share(first) ? first.scale.max : 100;
  const compares = !first || share(first);
  return (
    <div className="chart" style={{ height: `${Math.max(160, rows.length * 42 + 40)}px` }}>
      <Bar
        role="img"
        aria-label={t('criteriaChart')}
        data={{ labels: rows.map((r) => r.label), datasets: [barDataset(rows.map((r) => r.figure))] }}
        options={barOptions(
          true,
          max,
          compares ? target * 100 : null,
          axisMin(
            rows.map((r) => r.figure),
            compares ? target * 100 : null,
          ),
        )}
        plugins={[errorBarsPlugin, targetLinePlugin]}
      />
    </div>
  );
}

/** Columns per month or quarter with whiskers and the target line. */
export function TrendChart({ points, target, unit }: { points: TSeriesPoint[]; target: number; unit: string }) {
  const first = points[0]?.figure;
  const max = first && !share(first) ? first.scale.max : 100;
  const compares = !first || share(first);
  const en = currentLang() === 'en';
  return (
    <div className="chart trend">
      <Bar
        role="img"
        aria-label={t('trendChart', { unit })}
        data={{
          labels: points.map((p) => (en ? p.label.en : p.label.vi)),
          datasets: [barDataset(points.map((p) => p.figure))],
        }}
        options={barOptions(
          false,
          max,
          compares ? target * 100 : null,
          axisMin(
            points.map((p) => p.figure),
            compares ? target * 100 : null,
          ),
        )}
        plugins={[errorBarsPlugin, targetLinePlugin]}
      />
    </div>
  );
}
