import type { TPublicForm } from '../../domain/contract/forms.js';
import type { TSurveyDefinition } from '../../domain/definition.js';
import type { Database } from '../db/schema.js';
import { CODE_PATTERN } from '../links/codes.js';
import { formOfficer } from '../officers/queries.js';
import { campaignNotice } from '../../domain/campaigns.js';
import { localDay } from '../../domain/periods.js';
import { campaignsOfSurvey } from '../campaigns/queries.js';

/** What the phone form needs to show a link's survey: the contract of GET /api/v1/public/forms/{code}. */
export type PublicForm = TPublicForm;

export type FormLookup = { status: 'ok'; form: PublicForm } | { status: 'unknown' } | { status: 'retired' };

/**
 * The form a link opens: the newest version of its survey that is not retired. A retired link,
 * or a survey whose versions are all retired, no longer takes answers.
 */
export async function formForLink(db: Database, code: string, now = new Date()): Promise<FormLookup> {
  if (!CODE_PATTERN.test(code)) return { status: 'unknown' };
  const row = await db
    .selectFrom('links as l')
    .innerJoin('surveys as s', 's.id', 'l.survey_id')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('survey_versions')
          .distinctOn('survey_id')
          .select(['id', 'survey_id', 'number', 'definition'])
          .where('retired_at', 'is', null)
          .orderBy('survey_id')
          .orderBy('number', 'desc')
          .as('v'),
      (join) => join.onRef('v.survey_id', '=', 'l.survey_id'),
    )
    .select([
      'l.code',
      'l.channel',
      'l.retired_at as retiredAt',
      'l.unit_id as unitId',
      'l.officer_id as officerId',
      'l.officer_pick as officerPick',
      's.slug',
      's.title_vi',
      's.title_en',
      's.target',
      'u.code as unitCode',
      'u.name as unitName',
      'v.id as versionId',
      'v.number as versionNumber',
      'v.definition',
      campaignsOfSurvey('l.survey_id').as('campaigns'),
    ])
    .where('l.code', '=', code)
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.retiredAt || row.versionId === null || row.versionNumber === null) return { status: 'retired' };
  // Only a link at a desk names an officer (#12.5); every other link skips the look-up.
  const officer =
    row.officerId !== null || row.officerPick
      ? await formOfficer(db, { unitId: row.unitId, officerId: row.officerId, pick: row.officerPick })
      : undefined;
  // A survey run as a campaign (#12.7) says whether it takes answers today; others carry nothing.
  const campaign = campaignNotice(localDay(now), row.campaigns);
  return {
    status: 'ok',
    form: {
      ...(campaign ? { campaign } : {}),
      survey: { slug: row.slug, title: { vi: row.title_vi, en: row.title_en }, target: row.target },
      version: { id: row.versionId, number: row.versionNumber },
      unit: { code: row.unitCode, name: row.unitName },
      link: { code: row.code, channel: row.channel },
      definition: row.definition as TSurveyDefinition,
      ...(officer && { officer }),
    },
  };
}
