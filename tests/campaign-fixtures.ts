import type { TestApp } from './helpers/app.js';

/** A local date `days` from today in Vietnam (YYYY-MM-DD). */
export function dayFromToday(days: number): string {
  const local = new Date(Date.now() + 7 * 3600_000 + days * 86_400_000);
  return local.toISOString().slice(0, 10);
}

/**
 * A campaign straight in the database, by default open from a month ago to a month ahead (so the
 * survey's links keep taking answers today), with a quota for one unit; its id.
 */
export async function seedCampaign(
  t: TestApp,
  surveySlug: string,
  unitCode: string,
  name = 'Đợt thử',
  days: [number, number] = [-30, 30],
): Promise<number> {
  const survey = await t.db.selectFrom('surveys').select('id').where('slug', '=', surveySlug).executeTakeFirstOrThrow();
  const unit = await t.db.selectFrom('units').select('id').where('code', '=', unitCode).executeTakeFirstOrThrow();
  const { rows } = await t.database.pool.query<{ id: string }>(
    `insert into campaigns (survey_id, name, opens_on, closes_on, margin_points) values ($1, $2, $3, $4, 5) returning id`,
    [survey.id, name, dayFromToday(days[0]), dayFromToday(days[1])],
  );
  const id = Number(rows[0]!.id);
  await t.database.pool.query(`insert into campaign_quotas (campaign_id, unit_id, quota) values ($1, $2, 20)`, [
    id,
    unit.id,
  ]);
  return id;
}
