import { queryOptions } from '@tanstack/react-query';
import { get } from '../../lib/api.js';
import { ZOverview } from '../../../../domain/contract/overview.js';

/** The start page's figures (GET /api/v1/overview): this quarter, the caller's units. */
export const overviewQuery = queryOptions({
  queryKey: ['analytics', 'overview'],
  queryFn: ({ signal }) => get('/api/v1/overview', ZOverview, signal),
});
