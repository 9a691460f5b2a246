import type { TBreakdownRow, TFigure } from '../../domain/contract/analytics.js';
import { channelLabel } from '../../domain/channels.js';
import { STATUS_ORDER } from '../../domain/contract/status.js';
import { schoolLevelLabel } from '../../domain/contract/units.js';
import type { Database } from '../db/schema.js';
import { figureFor } from './figures.js';
import type { ResolvedFilters } from './filters.js';
import { byDimension, type Dimension } from './rollups.js';
import { criterionSums } from './summary.js';

/**
 * Rankings use the interval, not the point estimate alone: units whose whole interval is below the
 * target come first, then those that may or may not meet it, then those that do; within a status,
 * the lowest value first.
 */
export function rankRows<T extends { figure: TFigure }>(rows: T[]): T[] {
  return [...rows].sort(
    (a, b) =>
      STATUS_ORDER[a.figure.status] - STATUS_ORDER[b.figure.status] ||
      (a.figure.value ?? Infinity) - (b.figure.value ?? Infinity) ||
      b.figure.n - a.figure.n,
  );
}

export async function computeBreakdown(
  db: Database,
  f: ResolvedFilters,
  dim: Dimension,
  minN: number,
): Promise<TBreakdownRow[]> {
  const groups = await byDimension(db, f, dim);
  const ids = [...groups.keys()].filter((k): k is string => k !== null).map(Number);
  let labels = new Map<string | null, Pick<TBreakdownRow, 'label' | 'unit'>>();
  if (dim === 'unit' && ids.length > 0) {
    const units = await db
      .selectFrom('units')
      .select(['id', 'code', 'name', 'kind', 'level', 'ward'])
      .where('id', 'in', ids)
      .execute();
    labels = new Map(units.map((u) => [String(u.id), { label: { vi: u.name, en: u.name }, unit: u }]));
  } else if ((dim === 'survey' || dim === 'version') && ids.length > 0) {
    const byId = new Map(f.surveys.map((s) => [s.id, s]));
    if (dim === 'survey') {
      labels = new Map(
        ids.map((id) => [String(id), { label: byId.get(id)?.title ?? { vi: String(id), en: String(id) } }]),
      );
    } else {
      const versions = await db
        .selectFrom('survey_versions')
        .select(['id', 'survey_id', 'number'])
        .where('id', 'in', ids)
        .execute();
      labels = new Map(
        versions.map((v) => {
          const s = byId.get(v.survey_id);
          const name = `${s?.slug ?? v.survey_id} v${v.number}`;
          return [String(v.id), { label: { vi: name, en: name } }];
        }),
      );
    }
  }
  const rows: TBreakdownRow[] = [];
  for (const [key, g] of groups) {
    if (
      g.respondents.responses === 0 &&
      g.pending === 0 &&
      g.counts[1] + g.counts[2] + g.counts[3] + g.counts[4] + g.counts[5] === 0
    )
      continue;
    const known = labels.get(key);
    const label =
      known?.label ??
      (dim === 'level' && key ? schoolLevelLabel(key) : undefined) ??
      (dim === 'channel' && key ? { vi: channelLabel(key, 'vi'), en: channelLabel(key, 'en') } : undefined) ??
      (key === null ? { vi: '(không xác định)', en: '(none)' } : { vi: key, en: key });
    rows.push({
      key: dim === 'unit' && known?.unit ? known.unit.code : key,
      label,
      ...(known?.unit ? { unit: known.unit } : {}),
      responses: g.respondents.responses,
      pending: g.pending,
      figure: figureFor(f.method, {
        counts: g.counts,
        comprehensive: { respondents: g.respondents.respondents, satisfiedOnAll: g.respondents.satisfiedOnAll },
        clusters: g.clusters.overall,
        criteria: criterionSums(g.clusters, []),
        target: f.target,
        minN,
      }),
    });
  }
  return rankRows(rows);
}
