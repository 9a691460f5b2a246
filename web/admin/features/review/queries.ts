import { queryOptions } from '@tanstack/react-query';
import { get, query } from '../../lib/api.js';
import { ZReviewPage, type REVIEW_STATUSES } from '../../../../domain/contract/review.js';

export const PAGE_SIZE = 20;

export const reviewQuery = (status: (typeof REVIEW_STATUSES)[number], page: number) =>
  queryOptions({
    queryKey: ['review', status, page],
    queryFn: ({ signal }) =>
      get(`/api/v1/review/responses${query({ status, page, pageSize: PAGE_SIZE })}`, ZReviewPage, signal),
  });
