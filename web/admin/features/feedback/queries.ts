import { queryOptions } from '@tanstack/react-query';
import { ZFeedbackDetail, ZFeedbackList, ZFeedbackMetrics } from '../../../../domain/contract/feedback.js';
import { get, query } from '../../lib/api.js';

export const PAGE_SIZE = 20;

export interface ListParams {
  status: string;
  overdue: boolean;
  q: string;
  page: number;
}

export const feedbackListQuery = (p: ListParams) =>
  queryOptions({
    queryKey: ['feedback', 'list', p],
    queryFn: ({ signal }) =>
      get(
        `/api/v1/feedback${query({ status: p.status || undefined, overdue: p.overdue ? 'true' : undefined, q: p.q, page: p.page, pageSize: PAGE_SIZE })}`,
        ZFeedbackList,
        signal,
      ),
  });

export const feedbackItemQuery = (code: string) =>
  queryOptions({
    queryKey: ['feedback', 'item', code],
    queryFn: ({ signal }) => get(`/api/v1/feedback/${encodeURIComponent(code)}`, ZFeedbackDetail, signal),
  });

export const feedbackMetricsQuery = (period: string) =>
  queryOptions({
    queryKey: ['feedback', 'metrics', period],
    queryFn: ({ signal }) => get(`/api/v1/feedback/metrics${query({ period })}`, ZFeedbackMetrics, signal),
  });
