import { queryOptions } from '@tanstack/react-query';
import { get, query } from '../../lib/api.js';
import { ZDiffAnswer, ZVersionAnswer } from '../../../../domain/contract/definitions.js';

const base = (slug: string) => `/api/v1/surveys/${encodeURIComponent(slug)}`;

/** A published version never changes, so its answer is kept for good. */
export const versionQuery = (slug: string, number: number) =>
  queryOptions({
    queryKey: ['surveys', slug, 'version', number],
    queryFn: ({ signal }) => get(`${base(slug)}/versions/${number}`, ZVersionAnswer, signal),
    staleTime: Infinity,
  });

export const diffQuery = (slug: string, from: number, to: number) =>
  queryOptions({
    queryKey: ['surveys', slug, 'diff', from, to],
    queryFn: ({ signal }) => get(`${base(slug)}/diff${query({ from, to })}`, ZDiffAnswer, signal),
    staleTime: Infinity,
  });
