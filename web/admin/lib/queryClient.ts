import { QueryClient } from '@tanstack/react-query';

/**
 * The admin app's cache of API answers. Each query passes its AbortSignal to fetch, so a query
 * whose key changed (a new filter) aborts its request, and an answer only ever lands under the
 * key that asked for it: a slow old answer cannot overwrite a newer view.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // As before the cache: an error shows at once (a 403 or 404 will not change by retrying).
      retry: false,
      // A screen opened again shows what it had and refreshes behind it; focus alone does not refetch.
      refetchOnWindowFocus: false,
    },
  },
});
