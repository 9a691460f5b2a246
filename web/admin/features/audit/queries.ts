import { queryOptions } from '@tanstack/react-query';
import { get, query, unchecked } from '../../lib/api.js';

export interface Entry {
  id: number;
  at: string;
  actorId: number | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  entries: Entry[];
  page: number;
  pageSize: number;
  total: number;
  actions: string[];
}

export const auditQuery = (filter: Record<string, string | number>) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['audit', qs],
    queryFn: ({ signal }) => get(`/api/v1/audit${qs}`, unchecked<AuditPage>(), signal),
  });
};
