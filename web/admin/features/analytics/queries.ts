import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { get, query, unchecked } from '../../lib/api.js';
import type { BreakdownRow, CchcTable, CommentItem, Options, SeriesPoint, Summary } from './types.js';

type Params = Record<string, string | undefined>;

/** What the filters may offer the user; it changes only with new surveys or units. */
export const optionsQuery = queryOptions({
  queryKey: ['analytics', 'options'],
  queryFn: ({ signal }) => get('/api/v1/analytics/options', unchecked<Options>(), signal),
});

/**
 * The headline view: summary, ranking and quarterly series in one answer, so the screen never
 * shows the summary of one filter beside the ranking of another.
 */
export const viewQuery = (params: Params) =>
  queryOptions({
    queryKey: ['analytics', 'view', query(params)],
    queryFn: async ({ signal }) => {
      const [summary, ranking, series] = await Promise.all([
        get(`/api/v1/analytics/summary${query(params)}`, unchecked<Summary>(), signal),
        get(
          `/api/v1/analytics/breakdown${query({ ...params, by: 'unit' })}`,
          unchecked<{ rows: BreakdownRow[] }>(),
          signal,
        ),
        get(
          `/api/v1/analytics/series${query({ ...params, bucket: 'quarter' })}`,
          unchecked<{ series: { points: SeriesPoint[] } }>(),
          signal,
        ),
      ]);
      return { summary, ranking: ranking.rows, quarters: series.series.points };
    },
  });

export const cchcQuery = (params: Params) =>
  queryOptions({
    queryKey: ['analytics', 'cchc', query(params)],
    queryFn: ({ signal }) => get(`/api/v1/analytics/cchc${query(params)}`, unchecked<CchcTable>(), signal),
  });

/** Comments ten at a time; "more" appends the next page. */
export const commentsQuery = (params: Params) =>
  infiniteQueryOptions({
    queryKey: ['analytics', 'comments', query(params)],
    queryFn: ({ signal, pageParam }) =>
      get(
        `/api/v1/analytics/comments${query({ ...params, page: String(pageParam), pageSize: '10' })}`,
        unchecked<{ total: number; items: CommentItem[] }>(),
        signal,
      ),
    initialPageParam: 1,
    getNextPageParam: (last, all) =>
      all.reduce((n, p) => n + p.items.length, 0) < last.total && last.items.length > 0 ? all.length + 1 : undefined,
  });

export const frozenQuery = (period: string, params: Params) =>
  queryOptions({
    queryKey: ['analytics', 'frozen', period, query(params)],
    queryFn: ({ signal }) =>
      get(
        `/api/v1/reports/${encodeURIComponent(period)}/data${query(params)}`,
        unchecked<{ frozen: { at: string; by: string | null } | null }>(),
        signal,
      ),
  });
