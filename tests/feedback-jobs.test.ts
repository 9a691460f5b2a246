import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../server/app.js';
import { LOCKS } from '../server/db/locks.js';
import { feedbackJobsOf } from '../server/feedback/jobs.js';
import { submitFeedback } from '../server/feedback/intake.js';
import { importUnits } from '../server/units/import.js';
import { testConfig } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

/**
 * Issue #13 leftover: feedback escalation and retention run in exactly one of several app instances on one
 * database (a session advisory lock, server/db/leader.ts), and another takes over when that one stops.
 */
let database: TestDatabase;
const apps: App[] = [];

async function waitFor(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Holders of the feedback-jobs lock in this file's database only (other files' apps take the same id elsewhere). */
async function lockHolders(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_locks
    where locktype = 'advisory' and granted and objid = ${LOCKS.feedbackJobs}
      and database = (select oid from pg_database where datname = current_database())`.execute(database.db);
  return rows[0]!.n;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await importUnits(
    database.db,
    [
      'code,name,kind,level,parent_code,ward,enrolment',
      'SO,Sở GD&ĐT,department,,,,',
      'TH-A,Trường A,school,tieu_hoc,SO,,',
    ].join('\n'),
  );
  // An item whose deadline passed long ago: the first run escalates it.
  const outcome = await submitFeedback(
    database.db,
    { id: randomUUID(), unit: 'TH-A', category: 'khac', content: 'Phản ánh đã quá hạn xử lý từ lâu.' },
    { now: new Date('2026-01-05T03:00:00Z') },
  );
  if (!('code' in outcome)) throw new Error('not stored');
  for (let i = 0; i < 2; i++) {
    const app = await buildApp({
      config: testConfig({ FEEDBACK_JOBS_INTERVAL_SECONDS: '1', ROLLUP_WORKER: 'false' }),
      databaseUrl: database.url,
    });
    await app.ready();
    apps.push(app);
  }
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.close();
  await database?.drop();
});

describe('feedback jobs on two instances', () => {
  it('run in exactly one, which holds the lock; the other takes over when it stops', async () => {
    const jobs = apps.map((a) => feedbackJobsOf(a.db)!);
    expect(jobs.every(Boolean)).toBe(true);
    // Both instances have tried at least twice (first try after 1 s, then every second).
    await waitFor('two runs', () => jobs.some((j) => j.stats.runs >= 2));
    await new Promise((r) => setTimeout(r, 1500));
    const leaders = jobs.filter((j) => j.stats.leader);
    expect(leaders).toHaveLength(1);
    const follower = jobs.find((j) => !j.stats.leader)!;
    expect(follower.stats.runs).toBe(0);
    expect(await lockHolders()).toBe(1);

    const escalations = await database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'feedback.escalate')
      .execute();
    expect(escalations).toHaveLength(1);

    // The leader stops (its app closes): the follower takes the lock at its next try and runs.
    const leaderIndex = jobs.indexOf(leaders[0]!);
    await apps[leaderIndex]!.close();
    apps.splice(leaderIndex, 1);
    await waitFor('take-over', () => follower.stats.leader && follower.stats.runs > 0);
    expect(await lockHolders()).toBe(1);
  }, 60_000);
});
