import { kioskTokenHash, newKioskToken } from '../server/kiosks/queries.js';
import type { TestApp } from './helpers/app.js';

/** An active officer of a unit (by code), straight in the database; their id. */
export async function seedOfficer(t: TestApp, unitCode: string, displayName = 'Nguyễn Văn Thử'): Promise<number> {
  const unit = await t.db.selectFrom('units').select('id').where('code', '=', unitCode).executeTakeFirstOrThrow();
  const row = await t.db
    .insertInto('officers')
    .values({ unit_id: unit.id, display_name: displayName })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Another kiosk on the same unit, survey and link as `kioskId` (a unit's kiosks share one link); its id. */
export async function seedKioskBeside(t: TestApp, kioskId: number): Promise<number> {
  const k = await t.db
    .selectFrom('kiosks')
    .select(['survey_id', 'unit_id', 'link_id'])
    .where('id', '=', kioskId)
    .executeTakeFirstOrThrow();
  const row = await t.db
    .insertInto('kiosks')
    .values({ ...k, token_hash: kioskTokenHash(newKioskToken()), label: 'Máy thử 2' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}
