import { queryOptions } from '@tanstack/react-query';
import { get, query, unchecked } from '../../lib/api.js';
import type { Link } from './i18n.js';

export const linksQuery = (filter: Record<string, string>) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['links', qs],
    queryFn: ({ signal }) => get(`/api/v1/links${qs}`, unchecked<Link[]>(), signal),
  });
};
