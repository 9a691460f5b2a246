import { queryOptions } from '@tanstack/react-query';
import { ZInterviewListDetail, ZInterviewLists, type TInterviewList } from '../../../../domain/contract/interviews.js';
import { ZSurveyDefinition } from '../../../../domain/definition.js';
import { percent } from '../../../../domain/format.js';
import { get } from '../../lib/api.js';
import { currentLang } from '../../../shared/i18n.js';
import { t } from './i18n.js';

/** The contract passes the definition through as published; read it as the phone form does, defaults filled in. */
const ZListDetail = ZInterviewListDetail.extend({ definition: ZSurveyDefinition });

export const listsQuery = queryOptions({
  queryKey: ['interviews', 'lists'],
  queryFn: ({ signal }) => get('/api/v1/interviews/lists', ZInterviewLists, signal),
});

export const listQuery = (id: number) =>
  queryOptions({
    queryKey: ['interviews', 'list', id],
    queryFn: ({ signal }) => get(`/api/v1/interviews/lists/${id}`, ZListDetail, signal),
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
