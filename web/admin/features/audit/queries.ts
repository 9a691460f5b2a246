import { queryOptions } from '@tanstack/react-query';
import { get, query } from '../../lib/api.js';
import { ZAuditPage } from '../../../../domain/contract/audit.js';
import { ZUserList } from '../../../../domain/contract/users.js';

export const auditQuery = (filter: Record<string, string | number>) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['audit', qs],
    queryFn: ({ signal }) => get(`/api/v1/audit${qs}`, ZAuditPage, signal),
  });
};

/** Every user, to show names instead of ids (the log is for administrators, who may list users). */
export const auditUsersQuery = queryOptions({
  queryKey: ['users', ''],
  queryFn: ({ signal }) => get('/api/v1/users', ZUserList, signal),
});
