import { sql } from 'kysely';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TSurveyDefinition } from '../../domain/definition.js';
import { listRecentQuarters } from '../../domain/periods.js';
import type { Database } from '../db/schema.js';
import { newLinkCode } from '../links/codes.js';
import { importUnits } from '../units/import.js';
import { bodyHash } from '../responses/submit.js';
import { generateResponses, seededRandom } from './responses.js';

export const DEMO_UNITS_CSV = path.resolve(import.meta.dirname, '..', '..', 'demo', 'units.demo.csv');

export interface DemoSummary {
  units: number;
  links: number;
  responses: number;
}

/** The survey each demo unit gets a link for: schools their level's parent survey, the rest the TTHC survey. */
function surveysForUnit(unit: { kind: string; level: string | null; code: string }, slugs: Set<string>): string[] {
  const out: string[] = [];
  if (unit.kind === 'school' && unit.level && slugs.has(`education-parents-${unit.level.replace('_', '-')}`)) {
    out.push(`education-parents-${unit.level.replace('_', '-')}`);
  } else if (slugs.has('tthc-services')) {
    out.push('tthc-services');
  }
  if (unit.kind === 'department' && slugs.has('policy-consultation-draft')) out.push('policy-consultation-draft');
  return out;
}

/** From the start of the quarter three before the current one (Vietnam dates) until now. */
export function demoPeriod(now: Date): { from: Date; to: Date } {
  const oldest = listRecentQuarters(now, 4).at(-1)!;
  return { from: oldest.from, to: now };
}

/**
 * Load demo data into an empty database: units from the demo CSV, a link per unit and
 * survey, and a year of realistic responses. Each step runs only when its table is empty, so a
 * restart never duplicates anything. Definitions must already be published.
 */
export async function seedDemo(db: Database, now = new Date()): Promise<DemoSummary> {
  const summary: DemoSummary = { units: 0, links: 0, responses: 0 };
  if (!(await db.selectFrom('units').select('id').limit(1).executeTakeFirst())) {
    summary.units = (await importUnits(db, await readFile(DEMO_UNITS_CSV, 'utf8'))).inserted;
  }
  const surveys = await db.selectFrom('surveys').select(['id', 'slug']).execute();
  const bySlug = new Map(surveys.map((s) => [s.slug, s.id]));
  if (!(await db.selectFrom('links').select('id').limit(1).executeTakeFirst())) {
    const units = await db.selectFrom('units').select(['id', 'code', 'kind', 'level']).orderBy('id').execute();
    const rows = units.flatMap((u) =>
      surveysForUnit(u, new Set(bySlug.keys())).map((slug) => ({
        code: newLinkCode(),
        survey_id: bySlug.get(slug)!,
        unit_id: u.id,
        channel: 'qr',
      })),
    );
    if (rows.length > 0) await db.insertInto('links').values(rows).execute();
    summary.links = rows.length;
  }
  if (!(await db.selectFrom('responses').select('id').limit(1).executeTakeFirst())) {
    summary.responses = await seedResponses(db, now);
  }
  return summary;
}

async function seedResponses(db: Database, now: Date): Promise<number> {
  const links = await db
    .selectFrom('links as l')
    .innerJoin('units as u', 'u.id', 'l.unit_id')
    .innerJoin('surveys as s', 's.id', 'l.survey_id')
    .select([
      'l.id',
      'l.code as linkCode',
      'l.survey_id',
      'l.unit_id',
      'l.channel',
      'u.code',
      'u.kind',
      'u.enrolment',
      's.slug',
    ])
    .where('l.retired_at', 'is', null)
    .orderBy('l.id')
    .execute();
  const versions = await db
    .selectFrom('survey_versions')
    .select(['id', 'survey_id', 'definition'])
    .orderBy('number', 'desc')
    .execute();
  const { from, to } = demoPeriod(now);
  const random = seededRandom(20262030);
  let total = 0;
  await db.transaction().execute(async (trx) => {
    // A year of answers at once: fold them into the rollups in one set-based pass at the end
    // (rollup_rebuild, migrations/0020) instead of through the per-statement trigger, which does
    // the same work batch by batch (about 19 s against 3 s here). Demo data only goes into an empty
    // database, so rebuilding every rollup loses nothing.
    await sql`alter table responses disable trigger responses_rollup_insert`.execute(trx);
    for (const link of links) {
      const version = versions.find((v) => v.survey_id === link.survey_id);
      if (!version) continue;
      const definition = version.definition as TSurveyDefinition;
      const count =
        link.slug === 'tthc-services'
          ? link.code.includes('MOTCUA') || link.kind === 'department'
            ? 400 + Math.floor(random() * 200)
            : 15 + Math.floor(random() * 40)
          : link.slug === 'policy-consultation-draft'
            ? 120
            : Math.round(Math.max(12, ((link.enrolment ?? 400) / 10) * (0.4 + random())));
      // Most units sit near the targets; a few are clearly below so the dashboard has work to show.
      const quality = random() < 0.15 ? 0.72 + random() * 0.1 : 0.86 + random() * 0.12;
      const generated = generateResponses({ definition, count, from, to, quality, random });
      for (let i = 0; i < generated.length; i += 500) {
        await trx
          .insertInto('responses')
          .values(
            generated.slice(i, i + 500).map((r) => ({
              ...r,
              answers: JSON.stringify(r.answers),
              // The same hash a live submission stores, so a replay check treats demo rows alike.
              body_hash: bodyHash({
                linkCode: link.linkCode,
                versionId: version.id,
                answers: r.answers,
                comment: r.comment,
              }),
              survey_id: link.survey_id,
              version_id: version.id,
              unit_id: link.unit_id,
              link_id: link.id,
              channel: link.channel,
            })),
          )
          .execute();
      }
      total += generated.length;
    }
    await sql`alter table responses enable trigger responses_rollup_insert`.execute(trx);
    await sql`select rollup_rebuild()`.execute(trx);
  });
  return total;
}
