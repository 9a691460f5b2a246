import { queryOptions } from '@tanstack/react-query';
import { get, query } from './api.js';
import { ZSurveyList } from '../../../domain/contract/surveys.js';
import { ZUnitList, ZUnitOne } from '../../../domain/contract/units.js';

/** Answers several features read. Each feature keeps its own queries beside its code. */

/** The units the user can see (the API scopes the list), optionally filtered. */
export const unitsQuery = (filter: { q?: string; kind?: string; level?: string } = {}) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['units', 'list', qs],
    queryFn: ({ signal }) => get(`/api/v1/units${qs}`, ZUnitList, signal),
  });
};

export const unitQuery = (code: string) =>
  queryOptions({
    queryKey: ['units', 'one', code],
    queryFn: ({ signal }) => get(`/api/v1/units/${encodeURIComponent(code)}`, ZUnitOne, signal),
  });

/** Surveys with their versions and targets. */
export const surveysQuery = queryOptions({
  queryKey: ['surveys'],
  queryFn: ({ signal }) => get('/api/v1/surveys', ZSurveyList, signal),
});
