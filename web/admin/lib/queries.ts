import { queryOptions } from '@tanstack/react-query';
import { get, query, unchecked } from './api.js';

/** Answers several features read. Each feature keeps its own queries beside its code. */

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: 'department' | 'office' | 'school' | 'ward' | 'other';
  level: 'mam_non' | 'tieu_hoc' | 'thcs' | 'thpt' | 'gdtx' | null;
  ward: string | null;
  enrolment: number | null;
  parentId: number | null;
  parentCode: string | null;
}

export interface Survey {
  slug: string;
  family: string | null;
  kind: string;
  level: string | null;
  title: { vi: string; en: string | null };
  target: number;
  currentVersion: number | null;
  versions: Array<{ id: number; number: number; contentHash: string; publishedAt: string; sourceFile: string }>;
}

/** The units the user can see (the API scopes the list), optionally filtered. */
export const unitsQuery = (filter: { q?: string; kind?: string; level?: string } = {}) => {
  const qs = query(filter);
  return queryOptions({
    queryKey: ['units', 'list', qs],
    queryFn: ({ signal }) => get(`/api/v1/units${qs}`, unchecked<{ units: Unit[] }>(), signal),
  });
};

export const unitQuery = (code: string) =>
  queryOptions({
    queryKey: ['units', 'one', code],
    queryFn: ({ signal }) => get(`/api/v1/units/${encodeURIComponent(code)}`, unchecked<{ unit: Unit }>(), signal),
  });

/** Surveys with their versions and targets. */
export const surveysQuery = queryOptions({
  queryKey: ['surveys'],
  queryFn: ({ signal }) => get('/api/v1/surveys', unchecked<{ surveys: Survey[] }>(), signal),
});
