import { sql } from 'kysely';
import type { TPaperBatch } from '../../domain/contract/paper.js';
import type { TSurveyDefinition } from '../../domain/definition.js';
import type { Database } from '../db/schema.js';
import { staffLinkId, type UnitScope } from '../responses/staff-entry.js';

/** The channel paper answers carry (their link's channel), so every figure can tell them apart. */
export const PAPER_CHANNEL = 'paper';

/**
 * Issue a batch: the unit's 'paper' link and N serials, in one transaction so a failed print leaves
 * no half batch.
 */
export async function createBatch(
  db: Database,
  input: { surveyId: number; versionId: number; unitId: number; sheets: number; createdBy: number | null },
): Promise<number> {
  const linkId = await staffLinkId(db, { ...input, channel: PAPER_CHANNEL });
  return db.transaction().execute(async (trx) => {
    const batch = await trx
      .insertInto('paper_batches')
      .values({
        survey_id: input.surveyId,
        version_id: input.versionId,
        unit_id: input.unitId,
        link_id: linkId,
        sheets: input.sheets,
        created_by: input.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`insert into paper_sheets (batch_id) select ${batch.id}::bigint from generate_series(1, ${input.sheets}::int)`.execute(
      trx,
    );
    return batch.id;
  });
}

function batchQuery(db: Database) {
  return db
    .selectFrom('paper_batches as b')
    .innerJoin('surveys as s', 's.id', 'b.survey_id')
    .innerJoin('survey_versions as v', 'v.id', 'b.version_id')
    .innerJoin('units as u', 'u.id', 'b.unit_id')
    .innerJoin('links as l', 'l.id', 'b.link_id')
    .select((eb) => [
      'b.id',
      'b.sheets',
      'b.created_at as createdAt',
      'b.version_id as versionId',
      'b.unit_id as unitId',
      'b.survey_id as surveyId',
      'v.number as versionNumber',
      'v.definition',
      's.slug',
      's.title_vi as title',
      'u.code as unitCode',
      'u.name as unitName',
      'l.code as linkCode',
      eb
        .selectFrom('paper_sheets as p')
        .whereRef('p.batch_id', '=', 'b.id')
        .select((e) => e.fn.min('p.serial').as('m'))
        .as('firstSerial'),
      eb
        .selectFrom('paper_sheets as p')
        .whereRef('p.batch_id', '=', 'b.id')
        .select((e) => e.fn.max('p.serial').as('m'))
        .as('lastSerial'),
      eb
        .selectFrom('paper_sheets as p')
        .whereRef('p.batch_id', '=', 'b.id')
        .where('p.response_id', 'is not', null)
        .select((e) => e.fn.countAll<number>().as('n'))
        .as('entered'),
    ]);
}

type BatchRow = Awaited<ReturnType<ReturnType<typeof batchQuery>['executeTakeFirstOrThrow']>>;

export function batchOut(row: BatchRow): TPaperBatch {
  return {
    id: row.id,
    survey: { slug: row.slug, title: row.title },
    unit: { code: row.unitCode, name: row.unitName },
    versionId: row.versionId,
    versionNumber: row.versionNumber,
    sheets: row.sheets,
    firstSerial: Number(row.firstSerial),
    lastSerial: Number(row.lastSerial),
    entered: Number(row.entered ?? 0),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listBatches(
  db: Database,
  filter: { survey?: string | undefined; unit?: string | undefined },
  scope: UnitScope,
) {
  let query = batchQuery(db);
  if (scope) query = query.where('b.unit_id', 'in', scope);
  if (filter.survey) query = query.where('s.slug', '=', filter.survey);
  if (filter.unit) query = query.where('u.code', '=', filter.unit);
  return query.orderBy('b.id', 'desc').limit(200).execute();
}

/** A batch the user may see, with its definition; undefined for an unknown id and another unit's alike. */
export async function findBatch(db: Database, id: number, scope: UnitScope) {
  let query = batchQuery(db).where('b.id', '=', id);
  if (scope) query = query.where('b.unit_id', 'in', scope);
  const row = await query.executeTakeFirst();
  return row && { ...row, definition: row.definition as TSurveyDefinition };
}

export async function batchSerials(db: Database, batchId: number) {
  return db
    .selectFrom('paper_sheets')
    .select(['serial', 'response_id as responseId'])
    .where('batch_id', '=', batchId)
    .orderBy('serial')
    .execute();
}

export async function findSheet(db: Database, serial: number) {
  return db
    .selectFrom('paper_sheets')
    .select(['serial', 'batch_id as batchId', 'response_id as responseId', 'entered_at as enteredAt'])
    .where('serial', '=', serial)
    .executeTakeFirst();
}
