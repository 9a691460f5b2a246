import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import type { Database } from '../server/db/schema.js';
import { generateResponses, seededRandom } from '../server/demo/responses.js';
import { LOCKS } from '../server/db/locks.js';
import { bodyHash } from '../server/responses/submit.js';
import { isLocalDatabase } from '../server/rollups/priority.js';
import { foldPause, RollupWorker } from '../server/rollups/worker.js';
import { setupSurveysAndUnits } from './analytics-fixtures.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

/**
 * Issue #10.1: submissions only queue their change; a worker (one leader among instances) folds the queue
 * into the rollups. Reads (the *_live views) must equal the raw rows at every moment, and the folded tables
 * alone must equal them once the queue is empty, whatever happens to the worker.
 */
let database: TestDatabase;
let db: Database;
let insertBatch: (n: number, seed: number) => Promise<string[]>;

/**
 * Rollups as readers see them and the raw rows, in ONE statement (one snapshot): totals per survey and
 * question, responses per review status, respondent sums. `source` is the live views or the tables alone.
 */
async function compare(source: 'live' | 'tables'): Promise<{ rollups: string; raw: string }> {
  const t = (name: string) => sql.raw(source === 'live' ? `${name}_rollups_live` : `${name}_rollups`);
  const { rows } = await sql<{ rollups: string; raw: string }>`
    select
      (select coalesce(string_agg(x, ';' order by x), '') from (
         select format('L%s/%s=%s,%s,%s,%s,%s,%s', survey_id, question_key, sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(nna)) x
           from ${t('likert')} where grain = 'day' and unit_id > 0 group by survey_id, question_key
          having (sum(n1), sum(n2), sum(n3), sum(n4), sum(n5), sum(nna)) <> (0, 0, 0, 0, 0, 0)
         union all
         select format('R%s/%s=%s,%s', survey_id, review_status, sum(responses), sum(satisfied_on_all))
           from ${t('respondent')} where grain = 'month' and unit_id < 0 group by survey_id, review_status
          having sum(responses) <> 0
         union all
         select format('C%s=%s,%s,%s', survey_id, sum(respondents), sum(s), sum(cc))
           from ${t('cluster')} where grain = 'day' and unit_id > 0 and criterion = '' group by survey_id
          having sum(respondents) <> 0) a) as rollups,
      (select coalesce(string_agg(x, ';' order by x), '') from (
         select format('L%s/%s=%s,%s,%s,%s,%s,%s', r.survey_id, e.key,
                  count(*) filter (where e.value = '1'), count(*) filter (where e.value = '2'),
                  count(*) filter (where e.value = '3'), count(*) filter (where e.value = '4'),
                  count(*) filter (where e.value = '5'), count(*) filter (where e.value = '"na"')) x
           from responses r cross join lateral jsonb_each(r.answers) e
           join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type = 'likert5'
          where r.review_status = 'accepted' group by r.survey_id, e.key
         union all
         select format('R%s/%s=%s,%s', r.survey_id, r.review_status, count(*),
                  count(*) filter (where p.answered > 0 and p.unsatisfied = 0))
           from responses r cross join lateral (
             select count(*) filter (where e.value in ('1', '2', '3', '4', '5')) as answered,
                    count(*) filter (where e.value in ('1', '2', '3')) as unsatisfied
               from jsonb_each(r.answers) e
               join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type = 'likert5') p
          group by r.survey_id, r.review_status
         union all
         select format('C%s=%s,%s,%s', survey_id, count(*), sum(s), sum(c * c)) from (
           select r.survey_id, count(*) filter (where e.value in ('4', '5')) as s,
                  count(*) filter (where e.value in ('1', '2', '3', '4', '5')) as c
             from responses r cross join lateral jsonb_each(r.answers) e
             join version_questions q on q.version_id = r.version_id and q.question_key = e.key and q.type = 'likert5'
            where r.review_status = 'accepted' group by r.id, r.survey_id) per
          where c > 0 group by survey_id) a) as raw`.execute(db);
  return rows[0]!;
}

async function expectExact(source: 'live' | 'tables', where: string): Promise<void> {
  const { rollups, raw } = await compare(source);
  expect(raw.length, 'the oracle sees answers').toBeGreaterThan(0);
  expect(rollups, where).toBe(raw);
}

const queueDepth = async () =>
  (await sql<{ n: number }>`select count(*)::int as n from rollup_queue`.execute(db)).rows[0]!.n;

async function drain(worker: RollupWorker, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await queueDepth()) > 0) {
    if (Date.now() > until) throw new Error(`queue not drained (leader: ${worker.stats.leader})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
  const ctx = await setupSurveysAndUnits(db);
  const version = await db
    .selectFrom('survey_versions')
    .select(['id', 'definition', 'survey_id'])
    .where('survey_id', '=', ctx.surveys.get('tthc-services')!)
    .executeTakeFirstOrThrow();
  const units = [ctx.units.get('MOTCUA')!, ctx.units.get('VANPHONG')!];
  insertBatch = async (n, seed) => {
    const generated = generateResponses({
      definition: version.definition as TSurveyDefinition,
      count: n,
      from: new Date('2026-01-01T00:00:00Z'),
      to: new Date('2026-06-30T00:00:00Z'),
      quality: 0.85,
      random: seededRandom(seed),
    });
    const rows = await db
      .insertInto('responses')
      .values(
        generated.map((r, i) => ({
          ...r,
          answers: JSON.stringify(r.answers),
          body_hash: bodyHash({ linkCode: '', versionId: version.id, answers: r.answers, comment: r.comment }),
          survey_id: version.survey_id,
          version_id: version.id,
          unit_id: units[i % 2]!,
          link_id: null,
          channel: 'qr',
        })),
      )
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  };
});
afterAll(() => database.drop());

describe('asynchronous rollups', () => {
  it('an answer writes one queue row and no rollup row, and counts at once', async () => {
    const before = await sql<{ n: number }>`select count(*)::int as n from likert_rollups`.execute(db);
    await insertBatch(5, 1);
    expect(await queueDepth()).toBe(5);
    const after = await sql<{ n: number }>`select count(*)::int as n from likert_rollups`.execute(db);
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    await expectExact('live', 'queued only');
  });

  it('concurrent submissions, reviews and deletes while the worker drains: exact at every moment', async () => {
    const worker = new RollupWorker({ connectionString: database.url, batchSize: 25, idleMs: 5, retryMs: 50 });
    worker.start();
    try {
      let writing = true;
      const writers = Array.from({ length: 4 }, async (_, w) => {
        for (let i = 0; i < 15; i++) {
          const ids = await insertBatch(1 + ((i * 7 + w) % 6), 100 + w * 100 + i);
          if (i % 4 === 0) {
            await db.updateTable('responses').set({ review_status: 'rejected' }).where('id', '=', ids[0]!).execute();
          }
          if (i % 5 === 1) await db.deleteFrom('responses').where('id', '=', ids[0]!).execute();
        }
      });
      const checks = (async () => {
        let n = 0;
        while (writing) {
          await expectExact('live', `check ${n++} while draining`);
        }
        return n;
      })();
      await Promise.all(writers);
      writing = false;
      expect(await checks).toBeGreaterThan(0);
      await drain(worker);
      expect(worker.stats.folded).toBeGreaterThan(0);
      await expectExact('tables', 'drained');
      await expectExact('live', 'drained');
    } finally {
      await worker.stop();
    }
  });

  it('a worker killed mid-batch counts nothing twice and loses nothing', async () => {
    await insertBatch(200, 7);
    const depth = await queueDepth();
    expect(depth).toBeGreaterThanOrEqual(200);
    // A fold inside a transaction whose backend dies before COMMIT.
    const client = new pg.Client({ connectionString: database.url });
    client.on('error', () => undefined);
    await client.connect();
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    await client.query('begin');
    expect((await client.query('select rollup_fold(150) as n')).rows[0].n).toBe(150);
    await sql`select pg_terminate_backend(${pid}::int)`.execute(db);
    await client.end().catch(() => undefined);
    expect(await queueDepth()).toBe(depth);
    await expectExact('live', 'after the killed fold');
    // And a real worker whose connection is killed again and again while it drains.
    const worker = new RollupWorker({ connectionString: database.url, batchSize: 20, idleMs: 5, retryMs: 20 });
    worker.start();
    try {
      for (let i = 0; i < 5 && (await queueDepth()) > 0; i++) {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
          where application_name like 'hai-long-rollups%' and datname = current_database()`.execute(db);
        await new Promise((r) => setTimeout(r, 30));
      }
      await drain(worker);
      await expectExact('tables', 'drained after kills');
    } finally {
      await worker.stop();
    }
  });

  it('two workers race for leadership: one leads; when it dies, the other takes over', async () => {
    // Niced when asked (the default leaves the backend's priority alone: see worker.ts).
    const a = new RollupWorker({ connectionString: database.url, idleMs: 10, retryMs: 50, niceness: 5 });
    const b = new RollupWorker({ connectionString: database.url, idleMs: 10, retryMs: 50, niceness: 5 });
    a.start();
    b.start();
    try {
      await insertBatch(30, 9);
      await drain(a);
      await new Promise((r) => setTimeout(r, 200));
      expect([a.stats.leader, b.stats.leader].filter(Boolean)).toHaveLength(1);
      const [leader, follower] = a.stats.leader ? [a, b] : [b, a];
      expect(follower.stats.folded).toBe(0);
      // On this machine's PostgreSQL, the leader's backend folds at the CPU priority asked for (priority.ts).
      const backend = await sql<{ pid: number }>`select pid from pg_locks
        where locktype = 'advisory' and granted and objid::bigint = ${LOCKS.rollupLeader}::bigint % 4294967296
          and database = (select oid from pg_database where datname = current_database())`.execute(db);
      expect(leader.stats.niced).toBe(true);
      expect(os.getPriority(backend.rows[0]!.pid)).toBe(5);
      // The leader's session dies: its lock goes with it, and the follower leads within a retry.
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where application_name like 'hai-long-rollups%' and datname = current_database()
          and pid in (select pid from pg_locks where locktype = 'advisory' and granted)`.execute(db);
      await leader.stop();
      await insertBatch(30, 10);
      await drain(follower);
      expect(follower.stats.leader).toBe(true);
      expect(follower.stats.folded).toBeGreaterThanOrEqual(30);
      await expectExact('tables', 'after the failover');
    } finally {
      await a.stop();
      await b.stop();
    }
  });

  it('paces folds: about a second apart once the queue is empty, and in a burst a rest in proportion to each fold', () => {
    // A fold's cost follows the rollup rows it touches, so few large folds cost far less CPU than many small ones.
    const defaults = new RollupWorker({ connectionString: database.url });
    expect([defaults.batchSize, defaults.idleMs, defaults.busyShare]).toEqual([2000, 1000, 0.5]);
    expect(foldPause(1999, 80, defaults)).toBe(1000);
    expect(foldPause(2000, 80, defaults)).toBe(80);
    expect(foldPause(2000, 80, { batchSize: 2000, idleMs: 1000, busyShare: 0.8 })).toBeCloseTo(20);
    expect(foldPause(0, 0, { batchSize: 20, idleMs: 5, busyShare: 1 })).toBe(5);
    // The backend is niced only where it is a process of this machine.
    expect(isLocalDatabase('postgres://u:p@127.0.0.1:5432/db')).toBe(true);
    expect(isLocalDatabase('postgres://u:p@localhost/db')).toBe(true);
    expect(isLocalDatabase('postgres://u@/db?host=/var/run/postgresql')).toBe(true);
    expect(isLocalDatabase('postgres://u:p@db:5432/db')).toBe(false);
    expect(isLocalDatabase('postgres://u:p@10.0.0.5/db')).toBe(false);
  });

  it('the one-pass fold (0140) writes exactly the rows of the delta functions the live views add (0120)', async () => {
    // A mixed batch: inserts, review changes (a −1 and a +1 each), an answer turned "na", a comment, deletes.
    const ids = await insertBatch(40, 12);
    await db.updateTable('responses').set({ review_status: 'pending' }).where('id', 'in', ids.slice(0, 4)).execute();
    await db.updateTable('responses').set({ review_status: 'rejected' }).where('id', 'in', ids.slice(4, 6)).execute();
    await sql`update responses set answers = answers || '{"overall_satisfaction": "na"}'::jsonb, comment = 'x'
               where id = ${ids[6]!}`.execute(db);
    await db.deleteFrom('responses').where('id', 'in', ids.slice(7, 10)).execute();
    const rows = (table: string, order: string) =>
      `select coalesce(string_agg(to_jsonb(t)::text, ';' order by ${order}), '') from ${table} t`;
    const cases = [
      ['likert_rollups', 'rollup_likert_deltas', 'question_key'],
      ['choice_rollups', 'rollup_choice_deltas', 'question_key, value'],
      ['respondent_rollups', 'rollup_respondent_deltas', 'review_status'],
      ['cluster_rollups', 'rollup_cluster_deltas', 'criterion'],
    ] as const;
    const rolledBack = new Error('rolled back');
    await db
      .transaction()
      .execute(async (trx) => {
        // Into empty tables, so each table then holds the batch's deltas alone, zero rows included.
        await sql`create temp table fold_batch on commit drop as
                    select array_agg(change order by seq) as changes from rollup_queue`.execute(trx);
        const batch = (await sql<{ n: number }>`select cardinality(changes) as n from fold_batch`.execute(trx))
          .rows[0]!;
        expect(batch.n).toBeGreaterThan(40);
        await sql`truncate likert_rollups, choice_rollups, respondent_rollups, cluster_rollups`.execute(trx);
        await sql`select rollup_apply(changes) from fold_batch`.execute(trx);
        for (const [table, deltas, key] of cases) {
          const order = `survey_id, grain, bucket, unit_id, version_id, channel, ${key}`;
          const { rows: out } = await sql<{ folded: string; expected: string }>`select
              (${sql.raw(rows(table, order))}) as folded,
              (${sql.raw(rows(`(select d.* from fold_batch, ${deltas}(fold_batch.changes, -1 - pg_backend_pid() % 8) d)`, order))}) as expected`.execute(
            trx,
          );
          expect(out[0]!.folded.length, table).toBeGreaterThan(0);
          expect(out[0]!.folded, table).toBe(out[0]!.expected);
        }
        throw rolledBack;
      })
      .catch((err: unknown) => {
        if (err !== rolledBack) throw err;
      });
  });

  it('rollup_rebuild() empties the queue with the rebuild: nothing counts twice', async () => {
    await insertBatch(20, 11);
    expect(await queueDepth()).toBeGreaterThan(0);
    await sql`select rollup_rebuild()`.execute(db);
    expect(await queueDepth()).toBe(0);
    await expectExact('tables', 'rebuilt');
  });
});
