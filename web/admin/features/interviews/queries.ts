import { queryOptions } from '@tanstack/react-query';
import {
  ZInterviewListDetail,
  ZInterviewLists,
  type TInterviewList,
  type TInterviewListDetail,
} from '../../../../domain/contract/interviews.js';
import { percent } from '../../../../domain/format.js';
import { get } from '../../lib/api.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';

export const listsQuery = queryOptions({
  queryKey: ['interviews', 'lists'],
  queryFn: ({ signal }) => get('/api/v1/interviews/lists', ZInterviewLists, signal),
});

export const listQuery = (id: number) =>
  queryOptions({
    queryKey: ['interviews', 'list', id],
    // The definition passes through as published (validated then), as on the phone form.
    queryFn: async ({ signal }) =>
      (await get(`/api/v1/interviews/lists/${id}`, ZInterviewListDetail, signal)) as TInterviewListDetail,
  });

/** Pasted lines "label; phone" (or a tab between them, as copied from a spreadsheet) as people. */
export function parsePeople(text: string): Array<{ label: string; contact?: string }> {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [label = '', ...rest] = line.split(/[;\t]/);
      const contact = rest.join(' ').trim();
      return contact ? { label: label.trim(), contact } : { label: label.trim() };
    });
}

/** The response rate of a list in words: completed over the people contacted. */
export function rateText(list: Pick<TInterviewList, 'progress'>): string {
  const r = list.progress.responseRate;
  return r === null ? t('rateNone') : t('rate', { rate: percent(r, 0, currentLang()) });
}
