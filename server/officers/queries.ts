import { sql } from 'kysely';
import type {
  TBindingOut,
  TBindings,
  TFormOfficer,
  TOfficer,
  TOfficerBinding,
} from '../../domain/contract/officers.js';
import type { SessionUser } from '../auth/queries.js';
import { isAdmin, scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';

/**
 * Unit ids the user manages (with their sub-units), or null for an admin (every unit). Analysts
 * read every unit's figures but manage none, and officers' results are not theirs to read.
 */
export async function managedUnitIds(db: Database, user: SessionUser): Promise<number[] | null> {
  if (isAdmin(user)) return null;
  const managerRoles = user.roles.filter((r) => r.role === 'unit_manager');
  if (managerRoles.length === 0) return [];
  const scope = scopedUnitIds(db, { ...user, roles: managerRoles });
  return scope ? (await scope.execute()).map((r) => Number(r.id)) : null;
}

interface OfficerRow {
  id: number;
  unit_id: number;
  unit_code: string;
  unit_name: string;
  display_name: string;
  position: string;
  active: boolean;
  user_email: string | null;
  created_at: Date;
}

const toApi = (r: OfficerRow): TOfficer => ({
  id: Number(r.id),
  unitId: Number(r.unit_id),
  unitCode: r.unit_code,
  unitName: r.unit_name,
  displayName: r.display_name,
  position: r.position,
  active: r.active,
  userEmail: r.user_email,
  createdAt: r.created_at.toISOString(),
});

/** Officers of the units the user manages (every unit for an admin); active first, by name. */
export async function listOfficers(
  db: Database,
  user: SessionUser,
  filter: { unitId?: number | undefined; id?: number | undefined } = {},
): Promise<TOfficer[]> {
  const scope = await managedUnitIds(db, user);
  const { rows } = await sql<OfficerRow>`
    select o.id, o.unit_id, u.code as unit_code, u.name as unit_name, o.display_name, o.position, o.active,
           us.email as user_email, o.created_at
      from officers o
      join units u on u.id = o.unit_id
      left join users us on us.id = o.user_id
     where (${scope === null} or o.unit_id = any(${scope ?? []}::bigint[]))
       and (${filter.unitId ?? null}::bigint is null or o.unit_id = ${filter.unitId ?? null})
       and (${filter.id ?? null}::bigint is null or o.id = ${filter.id ?? null})
     order by o.active desc, u.name, o.display_name, o.id`.execute(db);
  return rows.map(toApi);
}

async function userIdByEmail(db: Database, email: string): Promise<number | undefined> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

export type OfficerOutcome =
  | { status: 'ok'; officer: TOfficer }
  | { status: 'not_found' }
  | { status: 'unit_not_found' }
  | { status: 'user_not_found' };

/** Registers an officer in a unit the user manages. */
export async function createOfficer(
  db: Database,
  user: SessionUser,
  input: { unitId: number; displayName: string; position: string; userEmail?: string | null | undefined },
): Promise<OfficerOutcome> {
  const scope = await managedUnitIds(db, user);
  if (scope !== null && !scope.includes(input.unitId)) return { status: 'unit_not_found' };
  const unit = await db.selectFrom('units').select('id').where('id', '=', input.unitId).executeTakeFirst();
  if (!unit) return { status: 'unit_not_found' };
  let userId: number | null = null;
  if (input.userEmail) {
    const found = await userIdByEmail(db, input.userEmail);
    if (found === undefined) return { status: 'user_not_found' };
    userId = found;
  }
  const row = await db
    .insertInto('officers')
    .values({
      unit_id: input.unitId,
      display_name: input.displayName,
      position: input.position,
      user_id: userId,
      created_by: user.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [officer] = await listOfficers(db, user, { id: Number(row.id) });
  if (!officer) throw new Error(`officer ${row.id} not readable after insert`);
  return { status: 'ok', officer };
}

/** Changes an officer of a unit the user manages; another unit's officer is not found. */
export async function updateOfficer(
  db: Database,
  user: SessionUser,
  id: number,
  patch: { displayName?: string; position?: string; active?: boolean; userEmail?: string | null },
): Promise<OfficerOutcome> {
  const [existing] = await listOfficers(db, user, { id });
  if (!existing) return { status: 'not_found' };
  let userId: number | null | undefined;
  if (patch.userEmail === null) userId = null;
  else if (patch.userEmail !== undefined) {
    userId = await userIdByEmail(db, patch.userEmail);
    if (userId === undefined) return { status: 'user_not_found' };
  }
  await db
    .updateTable('officers')
    .set({
      ...(patch.displayName !== undefined && { display_name: patch.displayName }),
      ...(patch.position !== undefined && { position: patch.position }),
      ...(patch.active !== undefined && { active: patch.active }),
      ...(userId !== undefined && { user_id: userId }),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .execute();
  const [officer] = await listOfficers(db, user, { id });
  return officer ? { status: 'ok', officer } : { status: 'not_found' };
}

function bindingOut(r: { officer_id: number | null; officer_pick: boolean; officer_name: string | null }): TBindingOut {
  if (r.officer_id !== null) return { mode: 'named', officerId: Number(r.officer_id), officerName: r.officer_name };
  return { mode: r.officer_pick ? 'pick' : 'none', officerId: null, officerName: null };
}

/** The unit's active links and live kiosks with how each attributes its answers. */
export async function listBindings(db: Database, unitId: number): Promise<TBindings> {
  const links = await sql<{
    code: string;
    survey: string;
    survey_title: string;
    channel: string;
    officer_id: number | null;
    officer_pick: boolean;
    officer_name: string | null;
  }>`
    select l.code, s.slug as survey, s.title_vi as survey_title, l.channel, l.officer_id, l.officer_pick,
           o.display_name as officer_name
      from links l join surveys s on s.id = l.survey_id left join officers o on o.id = l.officer_id
     where l.unit_id = ${unitId} and l.retired_at is null
     order by s.slug, l.channel, l.code`.execute(db);
  const kiosks = await sql<{
    id: number;
    label: string;
    survey: string;
    officer_id: number | null;
    officer_pick: boolean;
    officer_name: string | null;
  }>`
    select k.id, k.label, s.slug as survey, k.officer_id, k.officer_pick, o.display_name as officer_name
      from kiosks k join surveys s on s.id = k.survey_id left join officers o on o.id = k.officer_id
     where k.unit_id = ${unitId} and k.revoked_at is null
     order by k.created_at desc, k.id desc`.execute(db);
  return {
    links: links.rows.map((r) => ({
      code: r.code,
      survey: r.survey,
      surveyTitle: r.survey_title,
      channel: r.channel,
      ...bindingOut(r),
    })),
    kiosks: kiosks.rows.map((r) => ({ id: Number(r.id), label: r.label, survey: r.survey, ...bindingOut(r) })),
  };
}

export type BindTarget = { link: string } | { kiosk: number };

export type BindOutcome =
  { status: 'ok'; binding: TBindingOut; unitId: number } | { status: 'not_found' } | { status: 'officer_not_found' };

/**
 * Binds an active link (by code) or a live kiosk (by id) of a unit the user manages. A named officer
 * must be an active officer of that same unit.
 */
export async function bindOfficer(
  db: Database,
  user: SessionUser,
  target: BindTarget,
  binding: TOfficerBinding,
): Promise<BindOutcome> {
  const scope = await managedUnitIds(db, user);
  const row =
    'link' in target
      ? await db
          .selectFrom('links')
          .select(['id', 'unit_id'])
          .where('code', '=', target.link)
          .where('retired_at', 'is', null)
          .executeTakeFirst()
      : await db
          .selectFrom('kiosks')
          .select(['id', 'unit_id'])
          .where('id', '=', target.kiosk)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
  if (!row || (scope !== null && !scope.includes(Number(row.unit_id)))) return { status: 'not_found' };
  let officer: { id: number; display_name: string } | undefined;
  if (binding.mode === 'named') {
    officer = await db
      .selectFrom('officers')
      .select(['id', 'display_name'])
      .where('id', '=', binding.officerId)
      .where('unit_id', '=', row.unit_id)
      .where('active', '=', true)
      .executeTakeFirst();
    if (!officer) return { status: 'officer_not_found' };
  }
  const values = { officer_id: officer ? officer.id : null, officer_pick: binding.mode === 'pick' };
  if ('link' in target) await db.updateTable('links').set(values).where('id', '=', row.id).execute();
  else await db.updateTable('kiosks').set(values).where('id', '=', row.id).execute();
  return {
    status: 'ok',
    unitId: Number(row.unit_id),
    binding: bindingOut({ ...values, officer_name: officer?.display_name ?? null }),
  };
}

const FORM_TEXT = {
  named: { vi: 'Cán bộ phục vụ bạn', en: 'The officer who served you' },
  pick: { vi: 'Cán bộ nào đã phục vụ bạn? (không bắt buộc)', en: 'Which officer served you? (optional)' },
  none: { vi: 'Không nhớ / không chọn', en: 'Not sure / skip' },
};

/**
 * What the form shows for a binding: the named officer's name, or the unit's active officers to
 * pick from (names only). Undefined when the answers are about nobody in particular.
 */
export async function formOfficer(
  db: Database,
  binding: { unitId: number; officerId: number | null; pick: boolean },
): Promise<TFormOfficer | undefined> {
  if (binding.officerId !== null) {
    const o = await db
      .selectFrom('officers')
      .select('display_name')
      .where('id', '=', binding.officerId)
      .executeTakeFirst();
    return o ? { label: FORM_TEXT.named, name: o.display_name } : undefined;
  }
  if (!binding.pick) return undefined;
  const choices = await db
    .selectFrom('officers')
    .select(['id', 'display_name'])
    .where('unit_id', '=', binding.unitId)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  // In Vietnamese order (Đ after D), which the database's collation may not know.
  choices.sort((a, b) => a.display_name.localeCompare(b.display_name, 'vi'));
  return {
    label: FORM_TEXT.pick,
    none: FORM_TEXT.none,
    choices: choices.map((c) => ({ id: Number(c.id), name: c.display_name })),
  };
}

/** A kiosk's binding when it has its own, else its link's (links are shared by a unit's kiosks). */
export async function kioskFormOfficer(db: Database, kioskId: number): Promise<TFormOfficer | undefined> {
  const row = await db
    .selectFrom('kiosks as k')
    .innerJoin('links as l', 'l.id', 'k.link_id')
    .select([
      'k.unit_id',
      'k.officer_id',
      'k.officer_pick',
      'l.officer_id as link_officer',
      'l.officer_pick as link_pick',
    ])
    .where('k.id', '=', kioskId)
    .executeTakeFirst();
  if (!row) return undefined;
  const own = row.officer_id !== null || row.officer_pick;
  return formOfficer(db, {
    unitId: Number(row.unit_id),
    officerId: own ? row.officer_id : row.link_officer,
    pick: own ? row.officer_pick : row.link_pick,
  });
}

export type AnswerOfficer = { status: 'ok'; officerId: number | null } | { status: 'invalid' };

/**
 * The officer an answer is attributed to (responses/submit.ts). A bound officer wins over any pick.
 * A pick is kept when the officer belongs to the link's unit, even if the link was rebound while
 * the answer waited in a phone's outbox: refusing it then would lose the answer.
 */
export async function answerOfficer(
  db: Database,
  input: { linkId: number; kioskId: number | null; picked: number | undefined },
): Promise<AnswerOfficer> {
  const { rows } = await sql<{ bound: number | null; unit_id: number; picked_unit: number | null }>`
    select case when k.officer_id is not null or k.officer_pick then k.officer_id else l.officer_id end as bound,
           l.unit_id, (select o.unit_id from officers o where o.id = ${input.picked ?? null}::bigint) as picked_unit
      from links l left join kiosks k on k.id = ${input.kioskId}::bigint
     where l.id = ${input.linkId}`.execute(db);
  const r = rows[0];
  if (!r) return { status: 'ok', officerId: null };
  if (r.bound !== null) return { status: 'ok', officerId: Number(r.bound) };
  if (input.picked === undefined) return { status: 'ok', officerId: null };
  if (r.picked_unit === null || Number(r.picked_unit) !== Number(r.unit_id)) return { status: 'invalid' };
  return { status: 'ok', officerId: input.picked };
}
