import { randomUUID } from 'node:crypto';
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { backupDatabase } from '../server/db/backup.js';
import { migrate, MIGRATIONS_DIR } from '../server/db/migrate.js';
import { archiveDetached, dropArchived, partitionUpkeep } from '../server/db/partitions.js';
import { restoreDatabase } from '../server/db/restore.js';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';
import { createTestDatabase } from './helpers/db.js';

/** Monthly partitions of responses (migrations/0160, server/responses/insert.ts, server/db/partitions.ts). */
describe('responses partitioned by local month', () => {
  let t: TestApp;
  let target: {
    code: string;
    linkId: number;
    unitId: number;
    surveyId: number;
    versionId: number;
    definition: TSurveyDefinition;
  };
  let ipCounter = 0;

  const post = (body: object) =>
    t.request().post('/api/v1/public/responses').set('x-forwarded-for', `198.51.100.${++ipCounter}`).send(body);
  const body = (extra: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    linkCode: target.code,
    versionId: target.versionId,
    answers: validAnswers(target.definition),
    startedAt: new Date(Date.now() - 120_000).toISOString(),
    ...extra,
  });
  /** A row inserted directly (as the demo seed, a bulk load or a test does), at a given instant. */
  const insertAt = (id: string, at: string) =>
    sql`insert into responses (id, survey_id, version_id, unit_id, link_id, channel, answers, submitted_at, body_hash)
        values (${id}::uuid, ${target.surveyId}, ${target.versionId}, ${target.unitId}, ${target.linkId}, 'qr',
                ${JSON.stringify(validAnswers(target.definition, 5))}::jsonb, ${at}::timestamptz, 'h')`.execute(t.db);
  const partitionOf = async (id: string) =>
    (await sql<{ p: string }>`select tableoid::regclass::text as p from responses where id = ${id}::uuid`.execute(t.db))
      .rows[0]?.p;
  const withClient = async <T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await t.database.pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };

  beforeAll(async () => {
    t = await startFormTestApp({ TRUST_PROXY: '127.0.0.1' });
    const row = await t.db
      .selectFrom('links as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .innerJoin('survey_versions as v', 'v.survey_id', 'l.survey_id')
      .select([
        'l.code',
        'l.id as linkId',
        'u.id as unitId',
        'l.survey_id as surveyId',
        'v.id as versionId',
        'v.definition',
      ])
      .where('u.code', '=', 'VP-SO')
      .where('l.retired_at', 'is', null)
      .orderBy('v.number', 'desc')
      .executeTakeFirstOrThrow();
    target = { ...row, definition: row.definition as TSurveyDefinition };
  });
  afterAll(() => t.close());

  it('puts each answer in its local month: 2026-03-31T17:30Z is April in Hanoi', async () => {
    const [march, april, lastSecond] = [randomUUID(), randomUUID(), randomUUID()];
    await insertAt(march, '2026-03-31T16:30:00Z');
    await insertAt(lastSecond, '2026-03-31T16:59:59.999Z');
    await insertAt(april, '2026-03-31T17:30:00Z');
    expect(await partitionOf(march)).toBe('responses_2026_03');
    expect(await partitionOf(lastSecond)).toBe('responses_2026_03');
    expect(await partitionOf(april)).toBe('responses_2026_04');
    // Directly inserted rows claim their ids too; a second answer under an id is refused in any month.
    const ids = await sql<{
      n: number;
    }>`select count(*)::int as n from response_ids where id in (${march}, ${april})`.execute(t.db);
    expect(ids.rows[0]!.n).toBe(2);
    await expect(insertAt(march, '2026-06-10T03:00:00Z')).rejects.toThrow(/response_ids_pkey/);
    await expect(insertAt(march, '2026-03-31T16:30:00Z')).rejects.toThrow(/duplicate key/);
    // No default partition: it would forbid DETACH … CONCURRENTLY.
    const dflt = await sql<{ n: number }>`
      select count(*)::int as n from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'responses'::regclass and pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'`.execute(t.db);
    expect(dflt.rows[0]!.n).toBe(0);
  });

  it('stores an answer whose month has no partition yet, making it', async () => {
    const month = (
      await sql<{ p: string }>`select 'responses_' || to_char(vn_month(now()), 'YYYY_MM') as p`.execute(t.db)
    ).rows[0]!.p;
    // This month's partition is gone (the worker never ran): the insert path makes it and stores the answer.
    await sql`delete from responses where vn_month(submitted_at) = vn_month(now())`.execute(t.db);
    await sql`alter table responses detach partition ${sql.id(month)}`.execute(t.db);
    await sql`drop table ${sql.id(month)}`.execute(t.db);
    const b = body();
    expect((await post(b)).status).toBe(201);
    expect(await partitionOf(b.id)).toBe(month);
    expect((await post(b)).status).toBe(200);
  });

  it('is idempotent by id across the partitions: 201, then 200; another body 409; a race one 201', async () => {
    const b = body();
    expect((await post(b)).status).toBe(201);
    expect((await post(b)).status).toBe(200);
    expect((await post({ ...b, answers: validAnswers(target.definition, 2) })).status).toBe(409);
    const raced = body();
    const statuses = (await Promise.all(Array.from({ length: 6 }, () => post(raced)))).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const n = await sql<{ rows: number; ids: number }>`
      select (select count(*)::int from responses where id = ${raced.id}::uuid) as rows,
             (select count(*)::int from response_ids where id = ${raced.id}::uuid) as ids`.execute(t.db);
    expect(n.rows[0]).toEqual({ rows: 1, ids: 1 });
    // The replay's look-up (submit.ts) reads one partition, named by response_ids.submitted_at.
    const plan = await sql<{ 'QUERY PLAN': string }>`
      explain (analyze, costs off, timing off, summary off)
      select (select r.body_hash from responses r where r.id = i.id and r.submitted_at = i.submitted_at) as body_hash
        from response_ids i where i.id = ${raced.id}::uuid`.execute(t.db);
    const scans = plan.rows
      .map((r) => r['QUERY PLAN'])
      .filter((line) => /on responses_\d{4}_\d{2}/.test(line) && !line.includes('never executed'));
    expect(scans).toHaveLength(1);
  });

  it('detaches months past the retention, keeps their figures and ids, archives them in backups, then drops them', async () => {
    // An answer fourteen months ago, counted in the rollups (folded), and one this month.
    const old = randomUUID();
    const oldAt = (await sql<{ at: string }>`select (now() - interval '14 months')::text as at`.execute(t.db)).rows[0]!
      .at;
    await sql`select responses_create_partitions(${oldAt}::timestamptz, ${oldAt}::timestamptz)`.execute(t.db);
    await insertAt(old, oldAt);
    await sql`select rollup_fold(100000)`.execute(t.db);
    const oldMonth = (
      await sql<{ p: string }>`select 'responses_' || to_char(vn_month(${oldAt}::timestamptz), 'YYYY_MM') as p`.execute(
        t.db,
      )
    ).rows[0]!.p;
    const figures = async () =>
      (
        await sql<{ n: number }>`
          select coalesce(sum(responses), 0)::int as n from respondent_rollups_live
           where grain = 'month' and survey_id = ${target.surveyId} and unit_id = ${target.unitId}
             and bucket = vn_month(${oldAt}::timestamptz)`.execute(t.db)
      ).rows[0]!.n;
    const before = await figures();
    expect(before).toBeGreaterThanOrEqual(1);

    const done = await withClient((c) => partitionUpkeep(c, { retentionMonths: 12, archiveGraceDays: 30 }));
    expect(done.detached).toContain(oldMonth);
    expect(done.archived).toContain(oldMonth);
    expect(done.dropped).toEqual([]);
    expect(await partitionOf(old)).toBeUndefined();
    // The rollups keep the month's figures; the id stays known, so a late retry is a replay (200).
    expect(await figures()).toBe(before);
    expect((await post(body({ id: old }))).status).toBe(200);
    // Months inside the retention are untouched.
    const current = body();
    expect((await post(current)).status).toBe(201);

    // A backup taken meanwhile holds the archived month; a restore puts it back as a partition.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hailong-partitions-'));
    const copy = await createTestDatabase({ migrated: false });
    try {
      const file = path.join(dir, 'b.jsonl.gz');
      const written = await backupDatabase(t.database.pool, file);
      expect(written.rows.response_ids).toBe(written.rows.responses);
      await restoreDatabase(copy.pool, file);
      const restored = await copy.pool.query<{ p: string }>(
        `select tableoid::regclass::text as p from responses where id = $1`,
        [old],
      );
      expect(restored.rows[0]?.p).toBe(oldMonth);
      const counts = await copy.pool.query<{ r: number; i: number }>(
        `select (select count(*)::int from responses) as r, (select count(*)::int from response_ids) as i`,
      );
      expect(counts.rows[0]!.r).toBe(written.rows.responses);
      expect(counts.rows[0]!.i).toBe(written.rows.response_ids);
    } finally {
      await copy.drop();
      await rm(dir, { recursive: true, force: true });
    }

    // Within the grace period nothing is dropped; on command (0 days) it is, and recorded.
    expect(await withClient((c) => dropArchived(c, 30))).toEqual([]);
    expect(await withClient((c) => dropArchived(c, 0))).toContain(oldMonth);
    const archive = await sql<{ dropped: boolean; rows: string; exists: boolean }>`
      select dropped_at is not null as dropped, rows::text,
             to_regclass('response_archive.' || table_name) is not null as exists
        from response_archives where table_name = ${oldMonth}`.execute(t.db);
    expect(archive.rows[0]).toEqual({ dropped: true, rows: '1', exists: false });
    expect(await withClient((c) => archiveDetached(c))).toEqual([]);
    expect((await post(body({ id: old }))).status).toBe(200);
  });

  it("the rollup worker's leader makes the months ahead when it takes the lead", async () => {
    const last = (
      await sql<{
        p: string;
      }>`select 'responses_' || to_char(vn_month(now()) + interval '3 months', 'YYYY_MM') as p`.execute(t.db)
    ).rows[0]!.p;
    const worker = t.app.rollupWorker!;
    await worker.stop();
    await sql`alter table responses detach partition ${sql.id(last)}`.execute(t.db);
    await sql`drop table ${sql.id(last)}`.execute(t.db);
    worker.start();
    const exists = async () =>
      (await sql<{ ok: boolean }>`select to_regclass(${last}) is not null as ok`.execute(t.db)).rows[0]!.ok;
    const until = Date.now() + 15_000;
    while (!(await exists()) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(await exists()).toBe(true);
    expect(worker.stats.leader).toBe(true);
  });

  it('keeps the current month and the three after it', async () => {
    const last = (
      await sql<{
        p: string;
      }>`select 'responses_' || to_char(vn_month(now()) + interval '3 months', 'YYYY_MM') as p`.execute(t.db)
    ).rows[0]!.p;
    await sql`alter table responses detach partition ${sql.id(last)}`.execute(t.db);
    await sql`drop table ${sql.id(last)}`.execute(t.db);
    expect((await withClient((c) => partitionUpkeep(c))).made).toBe(1);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_inherits i join pg_class c on c.oid = i.inhrelid
       where i.inhparent = 'responses'::regclass
         and c.relname in (select 'responses_' || to_char(vn_month(now()) + make_interval(months => k), 'YYYY_MM')
                             from generate_series(0, 3) k)`.execute(t.db);
    expect(rows[0]!.n).toBe(4);
  });
});

describe('migration 0160 on a database with answers', () => {
  it('moves every row into its month, claims the ids and keeps the references', async () => {
    const db = await createTestDatabase({ migrated: false });
    const subset = await mkdtemp(path.join(os.tmpdir(), 'hailong-migrations-'));
    try {
      const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
      for (const f of files.filter((name) => name < '0160'))
        await copyFile(path.join(MIGRATIONS_DIR, f), path.join(subset, f));
      await migrate(db.pool, subset);
      const q = (text: string, values: unknown[] = []) => db.pool.query(text, values);
      const unit = (await q(`insert into units (code, name, kind) values ('U1', 'Đơn vị', 'office') returning id`))
        .rows[0].id;
      const survey = (
        await q(
          `insert into surveys (slug, kind, title_vi, target) values ('s', 'administrative', 'Khảo sát', 0.8) returning id`,
        )
      ).rows[0].id;
      const version = (
        await q(
          `insert into survey_versions (survey_id, number, content_hash, definition, source_file)
           values ($1, 1, 'x', '{"questions": []}', 's.json') returning id`,
          [survey],
        )
      ).rows[0].id;
      const link = (
        await q(`insert into links (code, survey_id, unit_id) values ('ABCDEFGHJK', $1, $2) returning id`, [
          survey,
          unit,
        ])
      ).rows[0].id;
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      const at = ['2025-11-03T03:00:00Z', '2026-01-31T17:00:00Z', '2026-01-31T16:00:00Z'];
      for (let i = 0; i < 3; i++) {
        await q(
          `insert into responses (id, survey_id, version_id, unit_id, link_id, channel, answers, submitted_at, body_hash)
           values ($1, $2, $3, $4, $5, 'interview', '{}', $6, 'h')`,
          [ids[i], survey, version, unit, link, at[i]],
        );
      }
      const list = (
        await q(
          `insert into interview_lists (label, survey_id, version_id, unit_id, link_id) values ('L', $1, $2, $3, $4) returning id`,
          [survey, version, unit, link],
        )
      ).rows[0].id;
      await q(
        `insert into interview_contacts (list_id, position, label, status, response_id) values ($1, 1, 'A', 'completed', $2)`,
        [list, ids[0]],
      );
      const queued = (await q('select count(*)::int as n from rollup_queue')).rows[0].n;

      await migrate(db.pool);
      const placed = await q(`select id::text, tableoid::regclass::text as p from responses order by submitted_at`);
      expect(placed.rows).toEqual([
        { id: ids[0], p: 'responses_2025_11' },
        { id: ids[2], p: 'responses_2026_01' },
        { id: ids[1], p: 'responses_2026_02' },
      ]);
      expect((await q('select count(*)::int as n from response_ids')).rows[0].n).toBe(3);
      // The copy queued nothing (the rows were counted when they came in); the months in between exist.
      expect((await q('select count(*)::int as n from rollup_queue')).rows[0].n).toBe(queued);
      expect((await q(`select to_regclass('responses_2025_12') is not null as ok`)).rows[0].ok).toBe(true);
      // The interview's reference now points at response_ids: an unknown id is refused.
      await expect(
        q(
          `insert into interview_contacts (list_id, position, label, status, response_id) values ($1, 2, 'B', 'completed', $2)`,
          [list, randomUUID()],
        ),
      ).rejects.toThrow(/foreign key/);
    } finally {
      await rm(subset, { recursive: true, force: true });
      await db.drop();
    }
  });
});
