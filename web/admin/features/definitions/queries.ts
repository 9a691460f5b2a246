import { queryOptions } from '@tanstack/react-query';
import type { DefinitionDiff } from '../../../../domain/definition-diff.js';
import type { TSurveyDefinition } from '../../../../domain/definition.js';
import { get, query, unchecked } from '../../lib/api.js';

const base = (slug: string) => `/api/v1/surveys/${encodeURIComponent(slug)}`;

/** A published version never changes, so its answer is kept for good. */
export const versionQuery = (slug: string, number: number) =>
  queryOptions({
    queryKey: ['surveys', slug, 'version', number],
    queryFn: ({ signal }) =>
      get(`${base(slug)}/versions/${number}`, unchecked<{ definition: TSurveyDefinition }>(), signal),
    staleTime: Infinity,
  });

export const diffQuery = (slug: string, from: number, to: number) =>
  queryOptions({
    queryKey: ['surveys', slug, 'diff', from, to],
    queryFn: ({ signal }) =>
      get(`${base(slug)}/diff${query({ from, to })}`, unchecked<{ diff: DefinitionDiff }>(), signal),
    staleTime: Infinity,
  });
