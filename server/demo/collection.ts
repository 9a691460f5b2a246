import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { localDay, localDayStart } from '../../domain/periods.js';
import { suggestSampleSize } from '../../domain/sample-size.js';
import { hashPassword } from '../auth/passwords.js';
import type { Database } from '../db/schema.js';
import { newLinkCode } from '../links/codes.js';

/**
 * The demo's staff-run collection (#12): officers rated at a service desk, an open campaign with
 * quotas, and an interview list part way through, so that every screen of `npm start` has content.
 * Structure only; the answers they lead to are generated with the rest (seed.ts), in the same
 * transaction, and `attach` below ties the interview answers to their contacts.
 */

/** The office whose desk at the service centre offers a choice of its officers (the busiest one). */
export const OFFICER_DESK_UNIT = 'P-QLCL';
export const CAMPAIGN_SURVEY = 'education-students-thpt';
const INTERVIEW_UNIT = 'THPT-TRANPHU';
const INTERVIEW_SURVEY = 'education-parents-thpt';

/** Officers and the share of the desk's answers each serves (the last below the minimum n, so it shows counts only). */
const OFFICERS: Array<{ name: string; position: string; weight: number }> = [
  { name: 'Nguyễn Thị Lan', position: 'Chuyên viên tiếp nhận hồ sơ văn bằng, chứng chỉ', weight: 0.42 },
  { name: 'Trần Văn Minh', position: 'Chuyên viên tiếp nhận hồ sơ', weight: 0.33 },
  { name: 'Lê Thị Hồng Nhung', position: 'Chuyên viên', weight: 0.17 },
  { name: 'Phạm Quốc Bảo', position: 'Chuyên viên (mới nhận nhiệm vụ)', weight: 0.08 },
];

const PEOPLE = [
  'Nguyễn Văn Hùng',
  'Trần Thị Mai',
  'Lê Minh Tuấn',
  'Phạm Thị Thu Hương',
  'Hoàng Văn Nam',
  'Vũ Thị Ngọc Anh',
  'Đặng Quốc Khánh',
  'Bùi Thị Phương',
  'Đỗ Văn Thành',
  'Ngô Thị Bích Ngọc',
  'Dương Văn Long',
  'Lý Thị Hạnh',
  'Phan Thanh Sơn',
  'Trịnh Thị Yến',
  'Mai Văn Đức',
  'Đinh Thị Lệ Quyên',
  'Hồ Văn Phúc',
  'Cao Thị Thanh Tâm',
  'Lương Văn Tài',
  'Tạ Thị Kim Oanh',
  'Vương Đình Hải',
  'Chu Thị Thảo',
];

/** What happened to each person on the list, in list order (completed ones get an answer each). */
const OUTCOMES: Array<'completed' | 'refused' | 'not_reached' | 'callback' | 'pending'> = [
  ...Array<'completed'>(11).fill('completed'),
  'refused',
  'refused',
  'refused',
  'not_reached',
  'not_reached',
  'not_reached',
  'not_reached',
  'callback',
  'callback',
  'pending',
  'pending',
];

const REFUSALS = ['Bận, không muốn trả lời qua điện thoại', 'Không muốn tham gia khảo sát', 'Con đã chuyển trường'];

export interface CollectionPlan {
  /** The officer desk link's id and its officers with their weights. */
  desk: { linkId: number; officers: Array<{ id: number; weight: number }> } | null;
  /** Campaign links by id: the quota of the unit and the campaign's first day (answers come from then on). */
  campaign: { opensAt: Date; links: Map<number, number> } | null;
  /** The interview link, its interviewer and how many answers to give it. */
  interview: { linkId: number; listId: number; interviewerId: number; completed: number } | null;
}

const unitId = async (db: Database, code: string) =>
  (await db.selectFrom('units').select('id').where('code', '=', code).executeTakeFirst())?.id;

/** Officers at the desk, and the desk's TTHC link offering a choice of them. */
async function seedOfficers(db: Database, surveys: Map<string, number>): Promise<CollectionPlan['desk']> {
  const unit = await unitId(db, OFFICER_DESK_UNIT);
  const survey = surveys.get('tthc-services');
  if (!unit || !survey) return null;
  const link = await db
    .selectFrom('links')
    .select('id')
    .where('unit_id', '=', unit)
    .where('survey_id', '=', survey)
    .where('channel', '=', 'qr')
    .where('retired_at', 'is', null)
    .executeTakeFirst();
  if (!link) return null;
  const rows = await db
    .insertInto('officers')
    .values(OFFICERS.map((o) => ({ unit_id: unit, display_name: o.name, position: o.position })))
    .returning('id')
    .execute();
  await db.updateTable('links').set({ officer_pick: true }).where('id', '=', link.id).execute();
  return { linkId: link.id, officers: rows.map((r, i) => ({ id: r.id, weight: OFFICERS[i]!.weight })) };
}

/** An open campaign of the THPT students' survey: three weeks in, three to go, quotas for ±7 points. */
async function seedCampaign(
  db: Database,
  surveys: Map<string, number>,
  now: Date,
): Promise<CollectionPlan['campaign']> {
  const survey = surveys.get(CAMPAIGN_SURVEY);
  if (!survey) return null;
  const schools = await db
    .selectFrom('units')
    .select(['id', 'enrolment'])
    .where('kind', '=', 'school')
    .where('level', '=', 'thpt')
    .orderBy('id')
    .execute();
  if (schools.length === 0) return null;
  const today = localDay(now);
  const opensOn = localDay(localDayStart(today, -21));
  const closesOn = localDay(localDayStart(today, 21));
  const { rows } = await sql<{ id: number }>`
    insert into campaigns (survey_id, name, opens_on, closes_on, margin_points, design_effect)
    values (${survey}, 'Khảo sát học sinh THPT – học kỳ I', ${opensOn}::date, ${closesOn}::date, 7, 1.5)
    returning id`.execute(db);
  const campaignId = rows[0]!.id;
  const quotas = schools.map((s) => ({
    unit: s.id,
    quota: suggestSampleSize({ margin: 0.07, designEffect: 1.5, population: s.enrolment }),
  }));
  await sql`
    insert into campaign_quotas (campaign_id, unit_id, quota)
    select ${campaignId}, u, q from unnest(${quotas.map((q) => q.unit)}::bigint[], ${quotas.map((q) => q.quota)}::int[]) t(u, q)`.execute(
    db,
  );
  const links = await db
    .insertInto('links')
    .values(quotas.map((q) => ({ code: newLinkCode(), survey_id: survey, unit_id: q.unit, channel: 'qr' })))
    .returning(['id', 'unit_id'])
    .execute();
  const quotaOf = new Map(quotas.map((q) => [q.unit, q.quota]));
  return { opensAt: localDayStart(opensOn), links: new Map(links.map((l) => [l.id, quotaOf.get(l.unit_id)!])) };
}

/**
 * An interview list of parents at one school, part way through. The interviewer is a staff account
 * with a random password nobody is told (an administrator can reset it to sign in as them).
 */
async function seedInterviews(db: Database, surveys: Map<string, number>): Promise<CollectionPlan['interview']> {
  const unit = await unitId(db, INTERVIEW_UNIT);
  const survey = surveys.get(INTERVIEW_SURVEY);
  if (!unit || !survey) return null;
  const version = await db
    .selectFrom('survey_versions')
    .select('id')
    .where('survey_id', '=', survey)
    .orderBy('number', 'desc')
    .executeTakeFirst();
  if (!version) return null;
  const email = 'phongvan@demo.hailong.vn';
  if (
    await db
      .selectFrom('users')
      .select('id')
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst()
  )
    return null;
  const user = await db
    .insertInto('users')
    .values({
      email,
      display_name: 'Phạm Thu Hà',
      password_hash: await hashPassword(randomBytes(24).toString('base64url')),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('user_roles').values({ user_id: user.id, role: 'unit_manager', unit_id: unit }).execute();
  const link = await db
    .insertInto('links')
    .values({ code: newLinkCode(), survey_id: survey, unit_id: unit, channel: 'interview', created_by: user.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  const list = await db
    .insertInto('interview_lists')
    .values({
      label: 'Phụ huynh lớp 10 – gọi điện học kỳ I',
      survey_id: survey,
      version_id: version.id,
      unit_id: unit,
      link_id: link.id,
      mode: 'phone',
      created_by: user.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    linkId: link.id,
    listId: list.id,
    interviewerId: user.id,
    completed: OUTCOMES.filter((o) => o === 'completed').length,
  };
}

/** Officers, the campaign and the interview list, each only when its table is still empty. */
export async function seedCollection(db: Database, now: Date): Promise<CollectionPlan> {
  const surveys = new Map((await db.selectFrom('surveys').select(['id', 'slug']).execute()).map((s) => [s.slug, s.id]));
  // campaigns has no table type (server/campaigns reads it in SQL), so the emptiness check is SQL too.
  const none = async (table: 'officers' | 'campaigns' | 'interview_lists') =>
    (await sql<{ id: number }>`select id from ${sql.table(table)} limit 1`.execute(db)).rows.length === 0;
  return {
    desk: (await none('officers')) ? await seedOfficers(db, surveys) : null,
    campaign: (await none('campaigns')) ? await seedCampaign(db, surveys, now) : null,
    interview: (await none('interview_lists')) ? await seedInterviews(db, surveys) : null,
  };
}

/**
 * The list's people, once the interview answers are in: the first ones completed with an answer
 * each (their number cleared, as the interview screen does), then refusals, people not reached
 * after two or three calls, call-backs booked for the coming days, and people not yet called.
 */
export async function seedInterviewContacts(
  db: Database,
  plan: NonNullable<CollectionPlan['interview']>,
  answers: Array<{ id: string; submittedAt: Date }>,
  now: Date,
): Promise<void> {
  let done = 0;
  const rows = OUTCOMES.map((status, i) => {
    const response = status === 'completed' ? answers[done++] : undefined;
    const phone = `09${String(12345678 + i * 7919).slice(-8)}`;
    const at = response?.submittedAt ?? new Date(now.getTime() - (OUTCOMES.length - i) * 3 * 3600_000);
    return {
      list_id: plan.listId,
      position: i + 1,
      label: `${PEOPLE[i % PEOPLE.length]} (phụ huynh lớp 10A${(i % 8) + 1})`,
      contact: status === 'completed' || status === 'refused' ? null : phone,
      status: response || status !== 'completed' ? status : 'pending',
      attempts: status === 'pending' ? 0 : status === 'not_reached' ? 2 + (i % 2) : 1 + (i % 2),
      callback_at: status === 'callback' ? new Date(now.getTime() + (i % 3) * 86_400_000 + 2 * 3600_000) : null,
      refusal_reason: status === 'refused' ? REFUSALS[i % REFUSALS.length]! : null,
      response_id: response?.id ?? null,
      updated_at: status === 'pending' ? null : at,
      updated_by: status === 'pending' ? null : plan.interviewerId,
    };
  });
  const contacts = await db
    .insertInto('interview_contacts')
    .values(rows)
    .returning(['id', 'status', 'attempts', 'updated_at'])
    .execute();
  const attempts = contacts.flatMap((c) =>
    Array.from({ length: c.attempts }, (_, k) => ({
      contact_id: c.id,
      // Earlier calls of a person were missed; the last one had the outcome.
      outcome: (k === c.attempts - 1 ? c.status : 'not_reached') as
        'completed' | 'refused' | 'not_reached' | 'callback',
      at: new Date((c.updated_at ?? now).getTime() - (c.attempts - 1 - k) * 86_400_000),
      interviewer_id: plan.interviewerId,
    })),
  );
  if (attempts.length > 0) await db.insertInto('interview_attempts').values(attempts).execute();
}
