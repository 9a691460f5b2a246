import { queryOptions } from '@tanstack/react-query';
import { get } from '../../lib/api.js';
import {
  ZPaperBatchDetail,
  ZPaperBatches,
  ZPaperChecks,
  type TPaperBatchDetail,
} from '../../../../domain/contract/paper.js';

export const batchesQuery = queryOptions({
  queryKey: ['paper', 'batches'],
  queryFn: ({ signal }) => get('/api/v1/paper/batches', ZPaperBatches, signal),
});

export const batchQuery = (id: number) =>
  queryOptions({
    queryKey: ['paper', 'batch', id],
    // The definition passes through as published (validated then), as on the phone form.
    queryFn: async ({ signal }) =>
      (await get(`/api/v1/paper/batches/${id}`, ZPaperBatchDetail, signal)) as TPaperBatchDetail,
  });

export const checksQuery = (id: number) =>
  queryOptions({
    queryKey: ['paper', 'checks', id],
    queryFn: ({ signal }) => get(`/api/v1/paper/batches/${id}/checks`, ZPaperChecks, signal),
  });
