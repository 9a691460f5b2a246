import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { TKiosk } from '../../domain/contract/kiosks.js';
import type { SessionUser } from '../auth/queries.js';
import type { Database } from '../db/schema.js';
import { formForLink, type FormLookup } from '../forms/queries.js';
import { isAdmin, scopedUnitIds } from '../auth/scope.js';
import { activeLinkFor, ensureLinks, findOpenSurvey } from '../links/queries.js';
import { kioskFormOfficer } from '../officers/queries.js';

/** The channel kiosk answers carry (links.channel and responses.channel). */
export const KIOSK_CHANNEL = 'kiosk';

/** 32 base64url characters (192 bits): the tablet's only key, never guessable. */
export const KIOSK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{32}$/;

export function newKioskToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Only a hash is stored, so a copy of the database holds no working kiosk key. */
export function kioskTokenHash(token: string): string {
  return createHash('sha256').update(`kiosk:${token}`).digest('hex');
}

interface KioskRow {
  id: number;
  label: string;
  survey: string;
  survey_title: string;
  unit_id: number;
  unit_name: string;
  min_interval_s: number;
  answers: number;
  last_answer_at: Date | null;
  created_at: Date;
  revoked_at: Date | null;
}

const toApi = (r: KioskRow): TKiosk => ({
  id: Number(r.id),
  label: r.label,
  survey: r.survey,
  surveyTitle: r.survey_title,
  unitId: Number(r.unit_id),
  unitName: r.unit_name,
  minIntervalSeconds: r.min_interval_s,
  answers: Number(r.answers),
  lastAnswerAt: r.last_answer_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
  revokedAt: r.revoked_at?.toISOString() ?? null,
});

/** Units a user may register kiosks for: all for an admin, else the units they manage and below. */
export function manageScopeOf(db: Database, user: SessionUser) {
  if (isAdmin(user)) return null;
  return scopedUnitIds(db, { ...user, roles: user.roles.filter((r) => r.role === 'unit_manager') });
}

/** Kiosks of the units the user manages (all for an admin), newest first; one id when given. */
export async function listKiosks(db: Database, user: SessionUser, id?: number): Promise<TKiosk[]> {
  const scope = manageScopeOf(db, user);
  const scopeIds = scope ? (await scope.execute()).map((r) => Number(r.id)) : null;
  const { rows } = await sql<KioskRow>`
    select k.id, k.label, s.slug as survey, s.title_vi as survey_title, k.unit_id, u.name as unit_name,
           k.min_interval_s, k.created_at, k.revoked_at, a.answers, a.last_answer_at
      from kiosks k
      join surveys s on s.id = k.survey_id
      join units u on u.id = k.unit_id
      left join lateral (
        select count(*)::int as answers, max(r.submitted_at) as last_answer_at from responses r where r.kiosk_id = k.id
      ) a on true
     where (${scopeIds === null} or k.unit_id = any(${scopeIds ?? []}::bigint[]))
       and (${id ?? null}::bigint is null or k.id = ${id ?? null})
     order by k.revoked_at is not null, k.created_at desc, k.id desc`.execute(db);
  return rows.map(toApi);
}

export type CreateKioskOutcome =
  { status: 'created'; kiosk: TKiosk; token: string } | { status: 'survey_not_found' } | { status: 'unit_not_found' };

/** Registers a kiosk on the unit's 'kiosk' link (made when missing). The caller checked the unit's scope. */
export async function createKiosk(
  db: Database,
  user: SessionUser,
  input: { survey: string; unitId: number; label: string; minIntervalSeconds: number },
): Promise<CreateKioskOutcome> {
  const survey = await findOpenSurvey(db, input.survey);
  if (!survey) return { status: 'survey_not_found' };
  const unit = await db.selectFrom('units').select('id').where('id', '=', input.unitId).executeTakeFirst();
  if (!unit) return { status: 'unit_not_found' };
  await ensureLinks(db, { surveyId: survey.id, channel: KIOSK_CHANNEL, unitIds: [unit.id], createdBy: user.id });
  const link = await activeLinkFor(db, survey.id, unit.id, KIOSK_CHANNEL);
  if (!link) throw new Error(`no kiosk link for survey ${survey.id}, unit ${unit.id}`);
  const token = newKioskToken();
  const row = await db
    .insertInto('kiosks')
    .values({
      token_hash: kioskTokenHash(token),
      label: input.label,
      survey_id: survey.id,
      unit_id: unit.id,
      link_id: link.id,
      min_interval_s: input.minIntervalSeconds,
      created_by: user.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const [kiosk] = await listKiosks(db, user, row.id);
  if (!kiosk) throw new Error(`kiosk ${row.id} not readable after insert`);
  return { status: 'created', kiosk, token };
}

/** Revokes a kiosk within the user's scope; idempotent. Undefined when not found (or not theirs). */
export async function revokeKiosk(db: Database, user: SessionUser, id: number): Promise<TKiosk | undefined> {
  const [kiosk] = await listKiosks(db, user, id);
  if (!kiosk) return undefined;
  if (kiosk.revokedAt === null) {
    await db
      .updateTable('kiosks')
      .set({ revoked_at: new Date(), revoked_by: user.id })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }
  return (await listKiosks(db, user, id))[0];
}

export type KioskPageLookup =
  | { status: 'ok'; label: string; form: Extract<FormLookup, { status: 'ok' }>['form'] }
  | { status: 'unknown' }
  | { status: 'revoked' };

/** What the tablet shows: the kiosk's form, or why not (unknown token, revoked kiosk or closed link). */
export async function kioskPage(db: Database, token: string): Promise<KioskPageLookup> {
  if (!KIOSK_TOKEN_PATTERN.test(token)) return { status: 'unknown' };
  const kiosk = await db
    .selectFrom('kiosks as k')
    .innerJoin('links as l', 'l.id', 'k.link_id')
    .select(['k.id', 'k.label', 'k.revoked_at', 'l.code'])
    .where('k.token_hash', '=', kioskTokenHash(token))
    .executeTakeFirst();
  if (!kiosk) return { status: 'unknown' };
  if (kiosk.revoked_at) return { status: 'revoked' };
  const found = await formForLink(db, kiosk.code);
  if (found.status === 'unknown') return { status: 'unknown' };
  if (found.status === 'retired') return { status: 'revoked' };
  // A kiosk's own officer binding overrides its link's (which the unit's kiosks share).
  const { officer: _linkOfficer, ...form } = found.form;
  const officer = await kioskFormOfficer(db, Number(kiosk.id));
  return { status: 'ok', label: kiosk.label, form: officer ? { ...form, officer } : form };
}

export type KioskCheck =
  | { status: 'unknown' | 'revoked' }
  /** tooSoon: another answer on this kiosk began within its minimum interval of this one. */
  | { status: 'ok'; id: number; tooSoon: boolean };

/**
 * The kiosk guard for one answer (responses/submit.ts). A shared tablet is not one person, so the
 * per-device burst and duplicate checks do not apply; instead two answers on one kiosk must begin
 * at least min_interval_s apart. The times are the tablet's own (when each form was opened), so an
 * outbox that sends a morning's offline answers at once is not mistaken for a burst.
 */
export async function checkKioskAnswer(
  db: Database,
  input: { token: string; linkId: number; responseId: string; startedAt: string | undefined },
): Promise<KioskCheck> {
  if (!KIOSK_TOKEN_PATTERN.test(input.token)) return { status: 'unknown' };
  const started = input.startedAt ?? new Date().toISOString();
  const { rows } = await sql<{ id: number; revoked_at: Date | null; link_id: number; too_soon: boolean }>`
    select k.id, k.revoked_at, k.link_id,
           exists (
             select 1 from responses r
              where r.kiosk_id = k.id and r.id <> ${input.responseId}::uuid
                and abs(extract(epoch from coalesce(r.started_at, r.submitted_at) - ${started}::timestamptz)) < k.min_interval_s
           ) as too_soon
      from kiosks k
     where k.token_hash = ${kioskTokenHash(input.token)}`.execute(db);
  const k = rows[0];
  if (!k || Number(k.link_id) !== input.linkId) return { status: 'unknown' };
  if (k.revoked_at) return { status: 'revoked' };
  return { status: 'ok', id: Number(k.id), tooSoon: k.too_soon };
}
