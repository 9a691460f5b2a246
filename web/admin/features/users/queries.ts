import { queryOptions } from '@tanstack/react-query';
import { get, query, unchecked } from '../../lib/api.js';
import type { User } from './i18n.js';

export const usersQuery = (filter: { q: string; role: string }) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['users', qs],
    queryFn: ({ signal }) => get(`/api/v1/users${qs}`, unchecked<{ users: User[] }>(), signal),
  });
};
