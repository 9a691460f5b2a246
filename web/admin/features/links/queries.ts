import { queryOptions } from '@tanstack/react-query';
import { get, query } from '../../lib/api.js';
import { ZLinkList } from '../../../../domain/contract/links.js';

export const linksQuery = (filter: Record<string, string>) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['links', qs],
    queryFn: ({ signal }) => get(`/api/v1/links${qs}`, ZLinkList, signal),
  });
};
