import { kioskTokenHash, newKioskToken } from '../server/kiosks/queries.js';
import { newLinkCode } from '../server/links/codes.js';
import type { TestApp } from './helpers/app.js';

/** A kiosk of a unit for a survey (with the unit's 'kiosk' link), straight in the database; its id. */
export async function seedKiosk(t: TestApp, surveySlug: string, unitCode: string): Promise<number> {
  const survey = await t.db.selectFrom('surveys').select('id').where('slug', '=', surveySlug).executeTakeFirstOrThrow();
  const unit = await t.db.selectFrom('units').select('id').where('code', '=', unitCode).executeTakeFirstOrThrow();
  const link = await t.db
    .insertInto('links')
    .values({ code: newLinkCode(), survey_id: survey.id, unit_id: unit.id, channel: 'kiosk' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const kiosk = await t.db
    .insertInto('kiosks')
    .values({
      token_hash: kioskTokenHash(newKioskToken()),
      label: 'Máy thử',
      survey_id: survey.id,
      unit_id: unit.id,
      link_id: link.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return kiosk.id;
}
