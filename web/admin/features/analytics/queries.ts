import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { ZBreakdown, ZComments, ZOptions, ZSeriesAnswer, ZSummary } from '../../../../domain/contract/analytics.js';
import { ZCchcTable } from '../../../../domain/contract/cchc.js';
import { ZReportData } from '../../../../domain/contract/reports.js';
import { get, query } from '../../lib/api.js';

type Params = Record<string, string | undefined>;

/** What the filters may offer the user; it changes only with new surveys or units. */
export const optionsQuery = queryOptions({
  queryKey: ['analytics', 'options'],
  queryFn: ({ signal }) => get('/api/v1/analytics/options', ZOptions, signal),
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
        get(`/api/v1/analytics/summary${query(params)}`, ZSummary, signal),
        get(`/api/v1/analytics/breakdown${query({ ...params, by: 'unit' })}`, ZBreakdown, signal),
        get(`/api/v1/analytics/series${query({ ...params, bucket: 'quarter' })}`, ZSeriesAnswer, signal),
      ]);
      return { summary, ranking: ranking.rows, quarters: series.series.points };
    },
  });

export const cchcQuery = (params: Params) =>
  queryOptions({
    queryKey: ['analytics', 'cchc', query(params)],
    queryFn: ({ signal }) => get(`/api/v1/analytics/cchc${query(params)}`, ZCchcTable, signal),
  });

/** Comments ten at a time; "more" appends the next page. */
export const commentsQuery = (params: Params) =>
  infiniteQueryOptions({
    queryKey: ['analytics', 'comments', query(params)],
    queryFn: ({ signal, pageParam }) =>
      get(
        `/api/v1/analytics/comments${query({ ...params, page: String(pageParam), pageSize: '10' })}`,
        ZComments,
        signal,
      ),
    initialPageParam: 1,
    getNextPageParam: (last, all) =>
      all.reduce((n, p) => n + p.items.length, 0) < last.total && last.items.length > 0 ? all.length + 1 : undefined,
  });

/** Whether a period's report is frozen: only that part of the report data is read. */
export const frozenQuery = (period: string, params: Params) =>
  queryOptions({
    queryKey: ['analytics', 'frozen', period, query(params)],
    queryFn: ({ signal }) =>
      get(
        `/api/v1/reports/${encodeURIComponent(period)}/data${query(params)}`,
        ZReportData.pick({ frozen: true }),
        signal,
      ),
  });
