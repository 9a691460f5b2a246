import type { TSchoolLevel } from '../../domain/contract/units.js';
import type { SessionUser } from '../auth/queries.js';
import { canAccessUnit, type scopedUnitIds } from '../auth/scope.js';
import type { Database } from '../db/schema.js';
import { subtreeIds } from '../units/queries.js';
import { CODE_PATTERN, newLinkCode } from './codes.js';

/** A link with the survey and unit it belongs to, as the API and posters need it. */
export interface LinkRow {
  id: number;
  code: string;
  channel: string;
  location: string | null;
  createdAt: Date;
  retiredAt: Date | null;
  surveyId: number;
  surveySlug: string;
  surveyTitle: string;
  unitId: number;
  unitCode: string;
  unitName: string;
}

export interface LinkFilter {
  survey?: string | undefined;
  /** Code of one unit (that unit only). */
  unit?: string | undefined;
  level?: TSchoolLevel | undefined;
  ward?: string | undefined;
  /** Code of a unit: its sub-units (direct and indirect), not the unit itself. */
  parent?: string | undefined;
  includeRetired?: boolean | undefined;
}

/** The unit ids a user may see (from scopedUnitIds), or null for every unit. */
export type UnitScope = ReturnType<typeof scopedUnitIds>;

function linkQuery(db: Database) {
  return db
    .selectFrom('links as l')
    .innerJoin('surveys as s', 's.id', 'l.survey_id')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .select([
      'l.id',
      'l.code',
      'l.channel',
      'l.location',
      'l.created_at as createdAt',
      'l.retired_at as retiredAt',
      's.id as surveyId',
      's.slug as surveySlug',
      's.title_vi as surveyTitle',
      'u.id as unitId',
      'u.code as unitCode',
      'u.name as unitName',
    ]);
}

export async function findLinkByCode(db: Database, code: string): Promise<LinkRow | undefined> {
  return linkQuery(db).where('l.code', '=', code).executeTakeFirst();
}

export async function listLinks(db: Database, filter: LinkFilter, scope: UnitScope): Promise<LinkRow[]> {
  let query = linkQuery(db);
  if (scope) query = query.where('l.unit_id', 'in', scope);
  if (!filter.includeRetired) query = query.where('l.retired_at', 'is', null);
  if (filter.survey) query = query.where('s.slug', '=', filter.survey);
  if (filter.unit) query = query.where('u.code', '=', filter.unit);
  if (filter.level) query = query.where('u.level', '=', filter.level);
  if (filter.ward) query = query.where('u.ward', '=', filter.ward);
  if (filter.parent) {
    const parent = await db.selectFrom('units').select('id').where('code', '=', filter.parent).executeTakeFirst();
    if (!parent) return [];
    query = query.where('l.unit_id', 'in', subtreeIds(db, parent.id)).where('l.unit_id', '<>', parent.id);
  }
  return query.orderBy('s.slug').orderBy('u.name').orderBy('l.channel').orderBy('l.id').execute();
}

/** A survey that has a version open for answers (not every version retired), by slug. */
export async function findOpenSurvey(db: Database, slug: string) {
  return db
    .selectFrom('surveys as s')
    .select(['s.id', 's.slug', 's.level', 's.title_vi as title'])
    .where('s.slug', '=', slug)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('survey_versions as v')
          .select('v.id')
          .whereRef('v.survey_id', '=', 's.id')
          .where('v.retired_at', 'is', null),
      ),
    )
    .executeTakeFirst();
}

/**
 * Make sure each unit has an active link for (survey, channel); returns the ids of the links
 * created. Race-safe: the partial unique index on active links decides, and a concurrent
 * creator's link is simply found afterwards. A (vanishingly rare) code collision is retried.
 */
export async function ensureLinks(
  db: Database,
  input: {
    surveyId: number;
    channel: string;
    unitIds: number[];
    createdBy: number | null;
    /** Where the new links' QR codes are posted, when not at the unit (existing links keep theirs). */
    location?: string | null | undefined;
  },
): Promise<{ created: number[] }> {
  const created: number[] = [];
  let missing = [...new Set(input.unitIds)];
  for (let attempt = 0; attempt < 5 && missing.length > 0; attempt++) {
    const existing = await db
      .selectFrom('links')
      .select('unit_id')
      .where('survey_id', '=', input.surveyId)
      .where('channel', '=', input.channel)
      .where('retired_at', 'is', null)
      .where('unit_id', 'in', missing)
      .execute();
    const have = new Set(existing.map((e) => e.unit_id));
    missing = missing.filter((id) => !have.has(id));
    if (missing.length === 0) break;
    const inserted = await db
      .insertInto('links')
      .values(
        missing.map((unitId) => ({
          code: newLinkCode(),
          survey_id: input.surveyId,
          unit_id: unitId,
          channel: input.channel,
          location: input.location ?? null,
          created_by: input.createdBy,
        })),
      )
      // No conflict target: covers both the active-link index (someone else made it) and a code collision.
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'unit_id'])
      .execute();
    created.push(...inserted.map((r) => r.id));
    const done = new Set(inserted.map((r) => r.unit_id));
    missing = missing.filter((id) => !done.has(id));
  }
  if (missing.length > 0) throw new Error('could not create links after several attempts');
  return { created };
}

export async function activeLinkFor(db: Database, surveyId: number, unitId: number, channel: string) {
  return linkQuery(db)
    .where('l.survey_id', '=', surveyId)
    .where('l.unit_id', '=', unitId)
    .where('l.channel', '=', channel)
    .where('l.retired_at', 'is', null)
    .executeTakeFirst();
}

/** Units matching a bulk filter, within the scope; a per-level survey only fits schools of its level. */
export async function unitsForBulk(
  db: Database,
  filter: { level?: TSchoolLevel | undefined; ward?: string | undefined; parent?: string | undefined },
  surveyLevel: string | null,
  scope: UnitScope,
): Promise<number[] | undefined> {
  let query = db.selectFrom('units as u').select('u.id');
  if (scope) query = query.where('u.id', 'in', scope);
  if (surveyLevel) query = query.where('u.level', '=', surveyLevel as TSchoolLevel);
  if (filter.level) query = query.where('u.level', '=', filter.level);
  if (filter.ward) query = query.where('u.ward', '=', filter.ward);
  if (filter.parent) {
    const parent = await db.selectFrom('units').select('id').where('code', '=', filter.parent).executeTakeFirst();
    if (!parent) return undefined;
    query = query.where('u.id', 'in', subtreeIds(db, parent.id)).where('u.id', '<>', parent.id);
  }
  return (await query.orderBy('u.id').execute()).map((u) => u.id);
}

/** Retire an active link; returns the link (also when it was already retired). */
export async function retireLink(db: Database, id: number): Promise<{ changed: boolean }> {
  const updated = await db
    .updateTable('links')
    .set({ retired_at: new Date() })
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return { changed: updated !== undefined };
}

/**
 * A link the user may see; undefined for an unknown code and for another unit's link alike, so
 * callers answer 404 for both and never confirm that a link exists.
 */
export async function visibleLink(db: Database, user: SessionUser, code: string): Promise<LinkRow | undefined> {
  const link = CODE_PATTERN.test(code) ? await findLinkByCode(db, code) : undefined;
  return link && (await canAccessUnit(db, user, link.unitId)) ? link : undefined;
}
