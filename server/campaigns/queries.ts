import { sql, type RawBuilder } from 'kysely';
import { campaignStateOn, elapsedShare, unitProgress, type CampaignDates } from '../../domain/campaigns.js';
import type {
  TCampaign,
  TCampaignCreate,
  TCampaignProgress,
  TCampaignSummary,
} from '../../domain/contract/campaigns.js';
import { localDay, localDayStart } from '../../domain/periods.js';
import { suggestSampleSize } from '../../domain/sample-size.js';
import { recordAudit } from '../audit/record.js';
import type { SessionUser } from '../auth/queries.js';
import { scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import type { FieldError } from '../plugins/errors.js';

/**
 * A survey's campaigns as one JSON array (null when it has none), to be selected inside the form
 * and submission look-ups so that the campaign check costs no extra round trip. `surveyId` is the
 * qualified column holding the survey's id, e.g. 'l.survey_id'.
 */
export function campaignsOfSurvey(surveyId: string): RawBuilder<CampaignDates[] | null> {
  return sql<CampaignDates[] | null>`(select json_agg(json_build_object('name', c.name,
      'opensOn', c.opens_on::text, 'closesOn', c.closes_on::text))
      from campaigns c where c.survey_id = ${sql.ref(surveyId)})`;
}

type Input = Required<Omit<TCampaignCreate, 'survey'>> & { survey?: string };

interface SummaryRow {
  id: number;
  survey: string;
  survey_title: string;
  name: string;
  opens_on: string;
  closes_on: string;
  margin_points: string | null;
  design_effect: string;
  quota_units: number;
  quota_total: number;
}

const marginOf = (r: Pick<SummaryRow, 'margin_points'>) => (r.margin_points === null ? null : Number(r.margin_points));

/** The n for a campaign's margin and design effect, for a unit of `population` (unknown: none). */
function suggestion(r: Pick<SummaryRow, 'margin_points' | 'design_effect'>, population?: number | null) {
  const margin = marginOf(r);
  if (margin === null) return null;
  return suggestSampleSize({ margin: margin / 100, designEffect: Number(r.design_effect), population });
}

function toSummary(r: SummaryRow, today: string): TCampaignSummary {
  return {
    id: Number(r.id),
    survey: r.survey,
    surveyTitle: r.survey_title,
    name: r.name,
    opensOn: r.opens_on,
    closesOn: r.closes_on,
    state: campaignStateOn(today, { opensOn: r.opens_on, closesOn: r.closes_on }),
    marginPoints: marginOf(r),
    designEffect: Number(r.design_effect),
    suggestedQuota: suggestion(r),
    quotaUnits: Number(r.quota_units),
    quotaTotal: Number(r.quota_total),
  };
}

async function summaries(db: Database, where: { survey?: string | undefined; id?: number }, now: Date) {
  const { rows } = await sql<SummaryRow>`
    select c.id, s.slug as survey, s.title_vi as survey_title, c.name, c.opens_on::text as opens_on,
           c.closes_on::text as closes_on, c.margin_points::text as margin_points,
           c.design_effect::text as design_effect, q.units as quota_units, q.total as quota_total
      from campaigns c
      join surveys s on s.id = c.survey_id
      cross join lateral (
        select count(*)::int as units, coalesce(sum(quota), 0)::int as total
          from campaign_quotas where campaign_id = c.id
      ) q
     where (${where.survey ?? null}::text is null or s.slug = ${where.survey ?? null})
       and (${where.id ?? null}::bigint is null or c.id = ${where.id ?? null})
     order by c.opens_on desc, c.id desc`.execute(db);
  const today = localDay(now);
  return rows.map((r) => ({ row: r, summary: toSummary(r, today) }));
}

/** Every campaign, newest first; of one survey (by slug) when given. */
export async function listCampaigns(db: Database, survey: string | undefined, now = new Date()) {
  return (await summaries(db, { survey }, now)).map((s) => s.summary);
}

/** One campaign with its quotas (units by name). */
export async function getCampaign(db: Database, id: number, now = new Date()): Promise<TCampaign | undefined> {
  const [found] = await summaries(db, { id }, now);
  if (!found) return undefined;
  const { rows } = await sql<{ unit: string; unit_name: string; quota: number; enrolment: number | null }>`
    select u.code as unit, u.name as unit_name, q.quota, u.enrolment
      from campaign_quotas q join units u on u.id = q.unit_id
     where q.campaign_id = ${id}
     order by u.name, u.code`.execute(db);
  return {
    ...found.summary,
    quotas: rows.map((r) => ({
      unit: r.unit,
      unitName: r.unit_name,
      quota: r.quota,
      suggested: suggestion(found.row, r.enrolment),
    })),
  };
}

export type SaveOutcome =
  | { status: 'saved'; id: number }
  | { status: 'not_found' }
  | { status: 'invalid'; fields: FieldError[] }
  | { status: 'overlap'; other: { name: string; opensOn: string; closesOn: string } };

/**
 * Create (no id) or replace (id) a campaign and its quotas, in one transaction. The survey's row is
 * locked first, so two admins saving campaigns of one survey cannot both miss each other's dates.
 */
export async function saveCampaign(db: Database, user: SessionUser, input: Input, id?: number): Promise<SaveOutcome> {
  return db.transaction().execute(async (trx) => {
    let surveyId: number;
    if (id === undefined) {
      const survey = await sql<{ id: number }>`
        select id from surveys where slug = ${input.survey ?? ''} for update`.execute(trx);
      if (!survey.rows[0])
        return { status: 'invalid', fields: [{ path: 'survey', message: 'Không có khảo sát với mã này' }] };
      surveyId = Number(survey.rows[0].id);
    } else {
      const current = await sql<{ survey_id: number }>`select survey_id from campaigns where id = ${id}`.execute(trx);
      if (!current.rows[0]) return { status: 'not_found' };
      surveyId = Number(current.rows[0].survey_id);
      await sql`select id from surveys where id = ${surveyId} for update`.execute(trx);
    }
    const codes = input.quotas.map((q) => q.unit);
    const units = await sql<{ id: number; code: string }>`
      select id, code from units where code = any(${codes}::text[])`.execute(trx);
    const idOf = new Map(units.rows.map((u) => [u.code, Number(u.id)]));
    const fields: FieldError[] = [];
    input.quotas.forEach((q, i) => {
      if (!idOf.has(q.unit)) fields.push({ path: `quotas.${i}.unit`, message: `Không tìm thấy đơn vị ${q.unit}` });
    });
    if (fields.length > 0) return { status: 'invalid', fields };
    const overlap = await sql<{ name: string; opens_on: string; closes_on: string }>`
      select name, opens_on::text, closes_on::text from campaigns
       where survey_id = ${surveyId} and (${id ?? null}::bigint is null or id <> ${id ?? null})
         and opens_on <= ${input.closesOn}::date and closes_on >= ${input.opensOn}::date
       order by opens_on limit 1`.execute(trx);
    const other = overlap.rows[0];
    if (other)
      return { status: 'overlap', other: { name: other.name, opensOn: other.opens_on, closesOn: other.closes_on } };

    let campaignId: number;
    if (id === undefined) {
      const inserted = await sql<{ id: number }>`
        insert into campaigns (survey_id, name, opens_on, closes_on, margin_points, design_effect, created_by)
        values (${surveyId}, ${input.name}, ${input.opensOn}::date, ${input.closesOn}::date,
                ${input.marginPoints}, ${input.designEffect}, ${user.id})
        returning id`.execute(trx);
      campaignId = Number(inserted.rows[0]!.id);
    } else {
      campaignId = id;
      await sql`
        update campaigns set name = ${input.name}, opens_on = ${input.opensOn}::date, closes_on = ${input.closesOn}::date,
               margin_points = ${input.marginPoints}, design_effect = ${input.designEffect}, updated_at = now()
         where id = ${id}`.execute(trx);
      await sql`delete from campaign_quotas where campaign_id = ${id}`.execute(trx);
    }
    if (input.quotas.length > 0) {
      await sql`
        insert into campaign_quotas (campaign_id, unit_id, quota)
        select ${campaignId}, u, q from unnest(${input.quotas.map((q) => idOf.get(q.unit)!)}::bigint[],
                                               ${input.quotas.map((q) => q.quota)}::int[]) as x(u, q)`.execute(trx);
    }
    await recordAudit(trx, {
      actorId: user.id,
      actorLabel: user.email,
      action: id === undefined ? 'campaigns.create' : 'campaigns.update',
      targetType: 'campaign',
      targetId: campaignId,
      details: { name: input.name, opensOn: input.opensOn, closesOn: input.closesOn, units: input.quotas.length },
    });
    return { status: 'saved', id: campaignId };
  });
}

/** Delete a campaign and its quotas (answers are untouched). False when there is none. */
export async function deleteCampaign(db: Database, user: SessionUser, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await sql<{ name: string }>`delete from campaigns where id = ${id} returning name`.execute(trx);
    if (!deleted.rows[0]) return false;
    await recordAudit(trx, {
      actorId: user.id,
      actorLabel: user.email,
      action: 'campaigns.delete',
      targetType: 'campaign',
      targetId: id,
      details: { name: deleted.rows[0].name },
    });
    return true;
  });
}

/**
 * Respondents so far against each quota, for the units the user may see, worst first (lowest share
 * of the quota, then the largest shortfall). One accepted answer is one respondent; answers held
 * for review are shown apart and count once accepted.
 */
export async function campaignProgress(
  db: Database,
  user: SessionUser,
  id: number,
  now = new Date(),
): Promise<TCampaignProgress | undefined> {
  const [found] = await summaries(db, { id }, now);
  if (!found) return undefined;
  const { summary } = found;
  const scope = scopedUnitIds(db, user);
  const scopeIds = scope ? (await scope.execute()).map((r) => Number(r.id)) : null;
  // The campaign's days as instants: from the first day's local midnight to the one after the last.
  const from = localDayStart(summary.opensOn);
  const to = localDayStart(summary.closesOn, 1);
  const { rows } = await sql<{ unit: string; unit_name: string; quota: number; accepted: number; pending: number }>`
    select u.code as unit, u.name as unit_name, q.quota, coalesce(r.accepted, 0)::int as accepted,
           coalesce(r.pending, 0)::int as pending
      from campaign_quotas q
      join campaigns c on c.id = q.campaign_id
      join units u on u.id = q.unit_id
      left join lateral (
        select count(*) filter (where x.review_status = 'accepted') as accepted,
               count(*) filter (where x.review_status = 'pending') as pending
          from responses x
         where x.unit_id = q.unit_id and x.survey_id = c.survey_id
           and x.submitted_at >= ${from} and x.submitted_at < ${to}
      ) r on true
     where q.campaign_id = ${id}
       and (${scopeIds === null} or q.unit_id = any(${scopeIds ?? []}::bigint[]))`.execute(db);
  const day = localDay(now);
  const elapsed = elapsedShare(day, summary);
  const units = rows
    .map((r) => {
      const p = unitProgress({ quota: r.quota, respondents: r.accepted }, elapsed);
      return {
        unit: r.unit,
        unitName: r.unit_name,
        quota: r.quota,
        respondents: r.accepted,
        pending: r.pending,
        ...p,
      };
    })
    .sort(
      (a, b) =>
        a.share - b.share ||
        b.quota - b.respondents - (a.quota - a.respondents) ||
        a.unitName.localeCompare(b.unitName, 'vi'),
    );
  return {
    campaign: summary,
    day,
    elapsed,
    units,
    totals: {
      quota: units.reduce((s, u) => s + u.quota, 0),
      respondents: units.reduce((s, u) => s + u.respondents, 0),
      behind: units.filter((u) => u.behind).length,
    },
  };
}
