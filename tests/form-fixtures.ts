import { readFile } from 'node:fs/promises';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { DEMO_UNITS_CSV } from '../server/demo/seed.js';
import { newLinkCode } from '../server/links/codes.js';
import { importUnits } from '../server/units/import.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import type { Fixture } from './helpers/db.js';

/**
 * The demo's definitions, units and one link per unit, like `startTestApp({ demo: true })` but
 * without the demo's year of responses: the link and form tests look for their own answers, and
 * generating thousands through the rollup triggers would cost each file most of its time. Loaded
 * once per run into a template that each file clones (tests/helpers/db.ts): every file gets the same
 * link codes, each in its own database.
 */
const LIGHT: Fixture = {
  name: 'light',
  versionBase: 500_000,
  async fill(db) {
    await publishDefinitions(db, await readDefinitionFiles());
    await importUnits(db, await readFile(DEMO_UNITS_CSV, 'utf8'));
    const surveys = new Map(
      (await db.selectFrom('surveys').select(['id', 'slug']).execute()).map((s) => [s.slug, s.id]),
    );
    const units = await db.selectFrom('units').select(['id', 'kind', 'level']).orderBy('id').execute();
    const rows = units.flatMap((u) => {
      const slugs = [
        u.kind === 'school' && u.level && surveys.has(`education-parents-${u.level.replace('_', '-')}`)
          ? `education-parents-${u.level.replace('_', '-')}`
          : 'tthc-services',
        ...(u.kind === 'department' ? ['policy-consultation-draft'] : []),
      ];
      return slugs
        .filter((slug) => surveys.has(slug))
        .map((slug) => ({ code: newLinkCode(), survey_id: surveys.get(slug)!, unit_id: u.id, channel: 'qr' }));
    });
    await db.insertInto('links').values(rows).execute();
  },
};

export function startFormTestApp(config?: Record<string, string>): Promise<TestApp> {
  return startTestApp(config ? { config, fixture: LIGHT } : { fixture: LIGHT });
}
