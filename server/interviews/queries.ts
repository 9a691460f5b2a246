import { sql } from 'kysely';
import type { TInterviewContact, TInterviewList, TInterviewProgress } from '../../domain/contract/interviews.js';
import type { TSurveyDefinition } from '../../domain/definition.js';
import type { AttemptOutcome, Database, InterviewMode } from '../db/schema.js';
import { staffLinkId, type UnitScope } from '../responses/staff-entry.js';

/** The channel interview answers carry (their link's channel): a sampled channel, not a self-selected one. */
export const INTERVIEW_CHANNEL = 'interview';

/**
 * Make a list: the unit's 'interview' link, the list pinned to the survey's current version, and
 * its people, in one transaction.
 */
export async function createList(
  db: Database,
  input: {
    surveyId: number;
    versionId: number;
    unitId: number;
    label: string;
    mode: InterviewMode;
    contacts: Array<{ label: string; contact?: string | undefined }>;
    createdBy: number;
  },
): Promise<number> {
  const linkId = await staffLinkId(db, { ...input, channel: INTERVIEW_CHANNEL });
  return db.transaction().execute(async (trx) => {
    const list = await trx
      .insertInto('interview_lists')
      .values({
        label: input.label,
        survey_id: input.surveyId,
        version_id: input.versionId,
        unit_id: input.unitId,
        link_id: linkId,
        mode: input.mode,
        created_by: input.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertContacts(trx, list.id, input.contacts);
    return list.id;
  });
}

/**
 * Append people to a list, numbered after the ones already on it (the list row is locked meanwhile).
 * False, adding nobody, when the list is closed: the retention job clears a closed list's numbers
 * once, so a number added after that would stay for good.
 */
export async function insertContacts(
  db: Database,
  listId: number,
  contacts: Array<{ label: string; contact?: string | undefined }>,
): Promise<boolean> {
  const { rows } = await sql<{
    closed_at: Date | null;
  }>`select closed_at from interview_lists where id = ${listId} for update`.execute(db);
  if (rows[0]?.closed_at) return false;
  const last = await db
    .selectFrom('interview_contacts')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('list_id', '=', listId)
    .executeTakeFirst();
  const start = Number(last?.p ?? 0);
  await db
    .insertInto('interview_contacts')
    .values(
      contacts.map((c, i) => ({
        list_id: listId,
        position: start + i + 1,
        label: c.label,
        contact: c.contact ? c.contact : null,
      })),
    )
    .execute();
  return true;
}

function listQuery(db: Database) {
  return db
    .selectFrom('interview_lists as l')
    .innerJoin('surveys as s', 's.id', 'l.survey_id')
    .innerJoin('survey_versions as v', 'v.id', 'l.version_id')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .innerJoin('links as k', 'k.id', 'l.link_id')
    .select([
      'l.id',
      'l.label',
      'l.mode',
      'l.created_at as createdAt',
      'l.closed_at as closedAt',
      'l.contacts_cleared_at as contactsClearedAt',
      'l.version_id as versionId',
      'l.unit_id as unitId',
      'l.survey_id as surveyId',
      'v.definition',
      's.slug',
      's.title_vi as title',
      'u.code as unitCode',
      'u.name as unitName',
      'k.code as linkCode',
    ]);
}

type ListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['executeTakeFirstOrThrow']>>;

/** Counts per status of each list; the response rate is completed over the people attempted. */
async function progressOf(db: Database, listIds: number[]): Promise<Map<number, TInterviewProgress>> {
  const out = new Map<number, TInterviewProgress>();
  if (listIds.length === 0) return out;
  const rows = await db
    .selectFrom('interview_contacts')
    .select(['list_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('list_id', 'in', listIds)
    .groupBy(['list_id', 'status'])
    .execute();
  for (const id of listIds) {
    const by = (s: string) => Number(rows.find((r) => r.list_id === id && r.status === s)?.n ?? 0);
    const p = {
      pending: by('pending'),
      callback: by('callback'),
      notReached: by('not_reached'),
      refused: by('refused'),
      completed: by('completed'),
    };
    const total = p.pending + p.callback + p.notReached + p.refused + p.completed;
    // Everyone not pending was called or visited at least once (a status only changes on an attempt).
    const attempted = total - p.pending;
    out.set(id, { total, attempted, ...p, responseRate: attempted > 0 ? p.completed / attempted : null });
  }
  return out;
}

function listOut(row: ListRow, progress: TInterviewProgress | undefined): TInterviewList {
  return {
    id: row.id,
    label: row.label,
    mode: row.mode,
    survey: { slug: row.slug, title: row.title },
    unit: { code: row.unitCode, name: row.unitName },
    versionId: row.versionId,
    createdAt: row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    contactsClearedAt: row.contactsClearedAt?.toISOString() ?? null,
    progress: progress ?? {
      total: 0,
      pending: 0,
      callback: 0,
      notReached: 0,
      refused: 0,
      completed: 0,
      attempted: 0,
      responseRate: null,
    },
  };
}

export async function listLists(
  db: Database,
  filter: { survey?: string | undefined; unit?: string | undefined },
  scope: UnitScope,
): Promise<TInterviewList[]> {
  let query = listQuery(db);
  if (scope) query = query.where('l.unit_id', 'in', scope);
  if (filter.survey) query = query.where('s.slug', '=', filter.survey);
  if (filter.unit) query = query.where('u.code', '=', filter.unit);
  const rows = await query.orderBy('l.id', 'desc').limit(200).execute();
  const progress = await progressOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => listOut(r, progress.get(r.id)));
}

/** A list the user may see; undefined for an unknown id and another unit's alike. */
export async function findList(db: Database, id: number, scope: UnitScope) {
  let query = listQuery(db).where('l.id', '=', id);
  if (scope) query = query.where('l.unit_id', 'in', scope);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  const progress = await progressOf(db, [row.id]);
  return { row: { ...row, definition: row.definition as TSurveyDefinition }, list: listOut(row, progress.get(row.id)) };
}

const contactColumns = [
  'c.id',
  'c.list_id as listId',
  'c.position',
  'c.label',
  'c.contact',
  'c.status',
  'c.attempts',
  'c.callback_at as callbackAt',
  'c.refusal_reason as refusalReason',
  'c.response_id as responseId',
  'c.updated_at as updatedAt',
] as const;

export async function listContacts(db: Database, listId: number) {
  return db
    .selectFrom('interview_contacts as c')
    .select(contactColumns)
    .where('c.list_id', '=', listId)
    .orderBy('c.position')
    .execute();
}

/** A person on a list the user may see, with when their list closed; undefined when out of scope. */
export async function findContact(db: Database, id: number, scope: UnitScope) {
  let query = db
    .selectFrom('interview_contacts as c')
    .innerJoin('interview_lists as l', 'l.id', 'c.list_id')
    .select([...contactColumns, 'l.closed_at as listClosedAt'])
    .where('c.id', '=', id);
  if (scope) query = query.where('l.unit_id', 'in', scope);
  return query.executeTakeFirst();
}

export type ContactRow = NonNullable<Awaited<ReturnType<typeof findContact>>>;

export function contactOut(c: Omit<ContactRow, 'listId' | 'responseId' | 'listClosedAt'>): TInterviewContact {
  return {
    id: c.id,
    position: c.position,
    label: c.label,
    contact: c.contact,
    status: c.status,
    attempts: c.attempts,
    callbackAt: c.callbackAt?.toISOString() ?? null,
    refusalReason: c.refusalReason,
    updatedAt: c.updatedAt?.toISOString() ?? null,
  };
}

/** A recorded call, or why none was: the person is done with, or their list is closed. */
export type RecordOutcome = { contact: ContactRow } | { refused: 'contact_closed' | 'list_closed' };

/**
 * Record one call or visit: its outcome on the person and in the attempts. Refused and completed
 * are final, and clear the way to reach the person (no longer needed). Guarded on the status read
 * before, so two interviewers recording the same person at once cannot both win. The list row is
 * read FOR SHARE, so a call recorded while the list is being closed waits for the closing and is
 * refused after it (closing takes the row FOR UPDATE).
 */
export async function recordAttempt(
  db: Database,
  input: {
    contactId: number;
    outcome: AttemptOutcome;
    interviewerId: number;
    reason?: string | undefined;
    callbackAt?: string | undefined;
    responseId?: string | undefined;
  },
): Promise<RecordOutcome> {
  const list = await db
    .selectFrom('interview_contacts as c')
    .innerJoin('interview_lists as l', 'l.id', 'c.list_id')
    .select('l.closed_at')
    .where('c.id', '=', input.contactId)
    .forShare('l')
    .executeTakeFirst();
  if (list?.closed_at) return { refused: 'list_closed' };
  const final = input.outcome === 'refused' || input.outcome === 'completed';
  const updated = await db
    .updateTable('interview_contacts as c')
    .set((eb) => ({
      status: input.outcome,
      attempts: eb('c.attempts', '+', 1),
      callback_at: input.outcome === 'callback' ? new Date(input.callbackAt!) : null,
      refusal_reason: input.outcome === 'refused' ? input.reason || null : null,
      response_id: input.responseId ?? null,
      ...(final ? { contact: null } : {}),
      updated_at: new Date(),
      updated_by: input.interviewerId,
    }))
    .where('c.id', '=', input.contactId)
    .where('c.status', 'not in', ['refused', 'completed'])
    .returning('c.id')
    .executeTakeFirst();
  if (!updated) return { refused: 'contact_closed' };
  await db
    .insertInto('interview_attempts')
    .values({ contact_id: input.contactId, outcome: input.outcome, interviewer_id: input.interviewerId })
    .execute();
  return { contact: (await findContact(db, input.contactId, null))! };
}
