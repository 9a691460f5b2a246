import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api.js';

export interface FetchState<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload: () => void;
}

/**
 * GET a JSON path and keep the answer; a new path aborts the previous request. While a new
 * answer loads the previous one stays on screen, so typing in a search box does not flash.
 * A null path fetches nothing.
 */
export function useFetch<T>(path: string | null): FetchState<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; loading: boolean }>({
    loading: path !== null,
  });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) {
      setState({ loading: false });
      return;
    }
    const controller = new AbortController();
    setState((s) => ({ data: s.data, loading: true }));
    api<T>(path, { signal: controller.signal })
      .then((data) => setState({ data, loading: false }))
      .catch((error: Error) => {
        if (!controller.signal.aborted) setState((s) => ({ data: s.data, error, loading: false }));
      });
    return () => controller.abort();
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}

/** Field errors of an API error as a map from field name (without the "body." prefix) to message. */
export function fieldErrors(err: unknown, prefix = 'body.'): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of err.fields) {
    const key = f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path;
    out[key] ??= f.message;
  }
  return out;
}

export function formatDateTime(value: string | Date | null | undefined, lang: 'vi' | 'en'): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Ho_Chi_Minh',
  }).format(new Date(value));
}
