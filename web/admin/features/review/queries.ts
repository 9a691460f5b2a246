import { queryOptions } from '@tanstack/react-query';
import { get, query, unchecked } from '../../lib/api.js';

export const STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const PAGE_SIZE = 20;

export type Status = (typeof STATUSES)[number];

export interface Item {
  id: string;
  submittedAt: string;
  secondsTaken: number | null;
  survey: { slug: string; title: string };
  unit: { code: string; name: string };
  flags: string[];
  reviewStatus: Status;
  reviewedAt: string | null;
  reviewedBy: string | null;
  comment: string | null;
  answers: Array<{ key: string; question: string; value: string | number | boolean }>;
}

export interface ReviewPage {
  total: number;
  counts: Record<Status, number>;
  items: Item[];
}

export const reviewQuery = (status: Status, page: number) =>
  queryOptions({
    queryKey: ['review', status, page],
    queryFn: ({ signal }) =>
      get(`/api/v1/review/responses${query({ status, page, pageSize: PAGE_SIZE })}`, unchecked<ReviewPage>(), signal),
  });
