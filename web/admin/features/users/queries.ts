import { queryOptions } from '@tanstack/react-query';
import { get, query } from '../../lib/api.js';
import { ZUserList } from '../../../../domain/contract/users.js';

export const usersQuery = (filter: { q: string; role: string }) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['users', qs],
    queryFn: ({ signal }) => get(`/api/v1/users${qs}`, ZUserList, signal),
  });
};
