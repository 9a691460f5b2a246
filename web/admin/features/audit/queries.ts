import { queryOptions } from '@tanstack/react-query';
import { get, query } from '../../lib/api.js';
import { ZAuditPage } from '../../../../domain/contract/audit.js';

export const auditQuery = (filter: Record<string, string | number>) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['audit', qs],
    queryFn: ({ signal }) => get(`/api/v1/audit${qs}`, ZAuditPage, signal),
  });
};
