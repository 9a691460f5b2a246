import { sql } from 'kysely';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TSurveyDefinition } from '../../domain/definition.js';
import { listRecentQuarters } from '../../domain/periods.js';
import type { Database } from '../db/schema.js';
import { newLinkCode } from '../links/codes.js';
import { importUnits } from '../units/import.js';
import { bodyHash } from '../responses/submit.js';
import { seedCollection, seedInterviewContacts, type CollectionPlan } from './collection.js';
import { generateResponses, seededRandom, type DemoResponse } from './responses.js';

export const DEMO_UNITS_CSV = path.resolve(import.meta.dirname, '..', '..', 'demo', 'units.demo.csv');

export interface DemoSummary {
  units: number;
  links: number;
  responses: number;
}

/**
 * Where administrative-procedure files are received since 1/7/2025 (Nghị định 118/2025/NĐ-CP):
 * the city's public administration service centre, not a desk at the Sở. The TTHC links say so in
 * their location, while their unit stays the Sở's office responsible, which the answers count for.
 */
export const TTHC_LOCATION = 'Trung tâm Phục vụ hành chính công thành phố';

/** Offices that answer for many procedures (diplomas, certificates): most TTHC answers are theirs. */
const BUSY_OFFICES = new Set(['VP-SO', 'P-QLCL']);

/**
 * The surveys a demo unit gets a link for: a school its level's parent survey, an office of the
 * Sở the TTHC survey (located at the service centre), the Sở the policy consultation. Communes,
 * wards and special zones group schools and have no survey of their own.
 */
export function demoLinksFor(
  unit: { kind: string; level: string | null },
  slugs: Set<string>,
): Array<{ slug: string; location: string | null }> {
  if (unit.kind === 'school' && unit.level) {
    const slug = `education-parents-${unit.level.replace('_', '-')}`;
    return slugs.has(slug) ? [{ slug, location: null }] : [];
  }
  if (unit.kind === 'office' && slugs.has('tthc-services')) return [{ slug: 'tthc-services', location: TTHC_LOCATION }];
  if (unit.kind === 'department' && slugs.has('policy-consultation-draft')) {
    return [{ slug: 'policy-consultation-draft', location: null }];
  }
  return [];
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
export async function seedDemo(
  db: Database,
  now = new Date(),
  options: {
    /** False: units and links only; the answers come later with seedDemoResponses (npm start). */
    responses?: boolean;
  } = {},
): Promise<DemoSummary> {
  const summary: DemoSummary = { units: 0, links: 0, responses: 0 };
  if (!(await db.selectFrom('units').select('id').limit(1).executeTakeFirst())) {
    summary.units = (await importUnits(db, await readFile(DEMO_UNITS_CSV, 'utf8'))).inserted;
  }
  const surveys = await db.selectFrom('surveys').select(['id', 'slug']).execute();
  const bySlug = new Map(surveys.map((s) => [s.slug, s.id]));
  if (!(await db.selectFrom('links').select('id').limit(1).executeTakeFirst())) {
    const units = await db.selectFrom('units').select(['id', 'code', 'kind', 'level']).orderBy('id').execute();
    const rows = units.flatMap((u) =>
      demoLinksFor(u, new Set(bySlug.keys())).map(({ slug, location }) => ({
        code: newLinkCode(),
        survey_id: bySlug.get(slug)!,
        unit_id: u.id,
        channel: 'qr',
        location,
      })),
    );
    if (rows.length > 0) await db.insertInto('links').values(rows).execute();
    summary.links = rows.length;
  }
  if (options.responses !== false) summary.responses = await seedDemoResponses(db, now);
  return summary;
}

/** The demo's year of answers, when there are no answers yet; returns how many were loaded. */
export async function seedDemoResponses(db: Database, now = new Date(), signal?: AbortSignal): Promise<number> {
  if (await db.selectFrom('responses').select('id').limit(1).executeTakeFirst()) return 0;
  return seedResponses(db, now, signal);
}

/**
 * `signal` stops the load between steps (a stop while JavaScript generates rows has no query to
 * cancel); the transaction then rolls back and nothing is half-loaded.
 */
async function seedResponses(db: Database, now: Date, signal?: AbortSignal): Promise<number> {
  // One transaction with the staff-run collection it answers (officers, campaign, interviews):
  // a start stopped meanwhile leaves none of it, and the next start loads it all again.
  return db.transaction().execute(async (trx) => {
    const plan = await seedCollection(trx, now);
    signal?.throwIfAborted();
    const rows = await demoRows(trx, now, plan, signal);
    signal?.throwIfAborted();
    // A year of answers at once: fold them into the rollups in one set-based pass at the end
    // (rollup_rebuild, migrations/0020) instead of through the per-statement trigger, which does
    // the same work batch by batch (about 19 s against 3 s here). Demo data only goes into an empty
    // database, so rebuilding every rollup loses nothing.
    // The year's month partitions of responses (migrations/0160) before its answers go in.
    const oldest = rows.reduce((a, r) => (r.submitted_at < a ? r.submitted_at : a), now);
    await sql`select responses_create_partitions(${oldest}, ${now}::timestamptz + interval '3 months')`.execute(trx);
    await sql`alter table responses disable trigger responses_rollup_insert`.execute(trx);
    await insertResponses(trx, rows);
    await sql`alter table responses enable trigger responses_rollup_insert`.execute(trx);
    await sql`select rollup_rebuild()`.execute(trx);
    if (plan.interview) {
      const linkId = plan.interview.linkId;
      const answers = rows
        .filter((r) => r.link_id === linkId)
        .sort((a, b) => a.submitted_at.getTime() - b.submitted_at.getTime())
        .map((r) => ({ id: r.id, submittedAt: r.submitted_at }));
      await seedInterviewContacts(trx, plan.interview, answers, now);
    }
    return rows.length;
  });
}

async function demoRows(db: Database, now: Date, plan: CollectionPlan, signal?: AbortSignal): Promise<DemoRow[]> {
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
  const period = demoPeriod(now);
  const random = seededRandom(20262030);
  // The staff-run collection draws from its own sequence, so the year of QR answers stays as it was.
  const extra = seededRandom(2027);
  const rows: DemoRow[] = [];
  for (const link of links) {
    signal?.throwIfAborted();
    const version = versions.find((v) => v.survey_id === link.survey_id);
    if (!version) continue;
    const definition = version.definition as TSurveyDefinition;
    const quota = plan.campaign?.links.get(link.id);
    const interview = plan.interview?.linkId === link.id ? plan.interview : null;
    let from = period.from;
    let count: number;
    let quality: number;
    if (quota !== undefined) {
      // Half-way through the campaign: some schools ahead of their quota, some clearly behind.
      from = plan.campaign!.opensAt;
      count = Math.round(quota * (0.15 + extra() * 0.75));
      quality = 0.8 + extra() * 0.15;
    } else if (interview) {
      from = new Date(now.getTime() - 20 * 86_400_000);
      count = interview.completed;
      quality = 0.85;
    } else {
      count =
        link.slug === 'tthc-services'
          ? BUSY_OFFICES.has(link.code)
            ? 250 + Math.floor(random() * 120)
            : 15 + Math.floor(random() * 40)
          : link.slug === 'policy-consultation-draft'
            ? 120
            : Math.round(Math.max(12, ((link.enrolment ?? 400) / 10) * (0.4 + random())));
      // Most units sit near the targets; a few are clearly below so the dashboard has work to show.
      quality = random() < 0.15 ? 0.72 + random() * 0.1 : 0.86 + random() * 0.12;
    }
    const desk = plan.desk?.linkId === link.id ? plan.desk : null;
    const generated = generateResponses({
      definition,
      count,
      from,
      to: now,
      quality,
      random: quota !== undefined || interview ? extra : random,
    });
    rows.push(
      ...generated.map((r) => {
        const officerId = desk ? pickOfficer(desk.officers, extra()) : undefined;
        return {
          ...r,
          // An interviewer's answers are typed by staff: no device, nothing to review.
          ...(interview ? { device_hash: null, flags: [], review_status: 'accepted' as const } : {}),
          // The same hash a live submission stores, so a replay check treats demo rows alike.
          body_hash: bodyHash({
            linkCode: link.linkCode,
            versionId: version.id,
            answers: r.answers,
            comment: r.comment,
            officerId,
          }),
          survey_id: link.survey_id,
          version_id: version.id,
          unit_id: link.unit_id,
          link_id: link.id,
          channel: link.channel,
          officer_id: officerId ?? null,
          operator_id: interview?.interviewerId ?? null,
        };
      }),
    );
  }
  return rows;
}

/** The officer who served, drawn by their share of the desk's answers. */
function pickOfficer(officers: ReadonlyArray<{ id: number; weight: number }>, u: number): number {
  let r = u * officers.reduce((a, o) => a + o.weight, 0);
  return (officers.find((o) => (r -= o.weight) < 0) ?? officers.at(-1)!).id;
}

type DemoRow = Omit<DemoResponse, 'device_hash'> & {
  device_hash: string | null;
  body_hash: string;
  survey_id: number;
  version_id: number;
  unit_id: number;
  link_id: number;
  channel: string;
  officer_id: number | null;
  operator_id: number | null;
};

/**
 * A year of answers in a few statements: each column goes as one array parameter and `unnest`
 * turns them back into rows, so PostgreSQL parses and plans one statement per 5,000 rows (about
 * as cheap as COPY, without a streaming dependency) instead of one 7,000-parameter VALUES list per
 * 500 rows.
 */
async function insertResponses(trx: Database, rows: DemoRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    const batch = rows.slice(i, i + 5000);
    const col = <T>(pick: (r: DemoRow) => T) => batch.map(pick);
    await sql`
      insert into responses (id, survey_id, version_id, unit_id, link_id, channel, answers, comment,
                             started_at, submitted_at, body_hash, device_hash, flags, review_status, officer_id, operator_id)
      select id, survey_id, version_id, unit_id, link_id, channel, answers::jsonb, comment,
             started_at, submitted_at, body_hash, device_hash,
             case when too_fast then array['too_fast'] else '{}'::text[] end, review_status, officer_id, operator_id
      from unnest(
        ${col((r) => r.id)}::uuid[], ${col((r) => r.survey_id)}::bigint[], ${col((r) => r.version_id)}::bigint[],
        ${col((r) => r.unit_id)}::bigint[], ${col((r) => r.link_id)}::bigint[], ${col((r) => r.channel)}::text[],
        ${col((r) => JSON.stringify(r.answers))}::text[], ${col((r) => r.comment)}::text[],
        ${col((r) => r.started_at.toISOString())}::timestamptz[], ${col((r) => r.submitted_at.toISOString())}::timestamptz[],
        ${col((r) => r.body_hash)}::text[], ${col((r) => r.device_hash)}::text[],
        ${col((r) => r.flags.includes('too_fast'))}::boolean[], ${col((r) => r.review_status)}::text[],
        ${col((r) => r.officer_id)}::bigint[], ${col((r) => r.operator_id)}::bigint[]
      ) as t(id, survey_id, version_id, unit_id, link_id, channel, answers, comment, started_at, submitted_at,
             body_hash, device_hash, too_fast, review_status, officer_id, operator_id)
    `.execute(trx);
  }
}
