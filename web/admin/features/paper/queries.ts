import { queryOptions } from '@tanstack/react-query';
import { get } from '../../lib/api.js';
import { ZPaperBatchDetail, ZPaperBatches, ZPaperChecks } from '../../../../domain/contract/paper.js';
import { ZSurveyDefinition } from '../../../../domain/definition.js';

/** The contract passes the definition through as published; read it as the phone form does, defaults filled in. */
const ZBatchDetail = ZPaperBatchDetail.extend({ definition: ZSurveyDefinition });

export const batchesQuery = queryOptions({
  queryKey: ['paper', 'batches'],
  queryFn: ({ signal }) => get('/api/v1/paper/batches', ZPaperBatches, signal),
});

export const batchQuery = (id: number) =>
  queryOptions({
    queryKey: ['paper', 'batch', id],
    queryFn: ({ signal }) => get(`/api/v1/paper/batches/${id}`, ZBatchDetail, signal),
  });

export const checksQuery = (id: number) =>
  queryOptions({
    queryKey: ['paper', 'checks', id],
    queryFn: ({ signal }) => get(`/api/v1/paper/batches/${id}/checks`, ZPaperChecks, signal),
  });
