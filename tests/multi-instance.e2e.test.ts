import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { freePort } from '../server/db/embedded.js';
import { LOCKS } from '../server/db/locks.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { DEMO_UNITS_CSV } from '../server/demo/seed.js';
import { newLinkCode } from '../server/links/codes.js';
import { importUnits } from '../server/units/import.js';
import { createUser } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { startNginx, type Nginx } from './helpers/nginx.js';
import { startServerProcess, stopServerProcess, type Started } from './helpers/server-process.js';
import { validAnswers } from './helpers/answers.js';

/**
 * Issue #10.6: two app processes (the `npm start` path) on one PostgreSQL behind Debian's nginx running the
 * shipped deploy/nginx.conf, each trusting only the proxy (TRUST_PROXY=127.0.0.1).
 */
let database: TestDatabase;
let nginx: Nginx;
const apps: Started[] = [];
let target: { code: string; versionId: number; answers: Record<string, unknown> };

const body = (id: string) => ({
  id,
  linkCode: target.code,
  versionId: target.versionId,
  answers: target.answers,
  startedAt: new Date(Date.now() - 120_000).toISOString(),
});

function post(base: string, id: string, client = '198.51.100.7'): Promise<number> {
  return fetch(`${base}/api/v1/public/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify(body(id)),
  }).then(
    (r) => r.status,
    () => 0,
  );
}

/** Submissions counted by one instance's own /metrics. */
async function submissionsSeenBy(app: Started): Promise<number> {
  const text = await (await fetch(`${app.base}/metrics`)).text();
  let n = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('http_requests_total{') && line.includes('route="/api/v1/public/responses"')) {
      n += Number(line.split(' ').pop());
    }
  }
  return n;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const db = database.db;
  await publishDefinitions(db, await readDefinitionFiles());
  await importUnits(db, await readFile(DEMO_UNITS_CSV, 'utf8'));
  const survey = await db
    .selectFrom('survey_versions as v')
    .innerJoin('surveys as s', 's.id', 'v.survey_id')
    .select(['s.id as surveyId', 'v.id as versionId', 'v.definition'])
    .where('s.slug', '=', 'tthc-services')
    .orderBy('v.number', 'desc')
    .executeTakeFirstOrThrow();
  const unit = await db.selectFrom('units').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  const code = newLinkCode();
  await db.insertInto('links').values({ code, survey_id: survey.surveyId, unit_id: unit.id, channel: 'qr' }).execute();
  const answers = validAnswers(survey.definition as TSurveyDefinition);
  target = { code, versionId: survey.versionId, answers };

  const env = {
    DATABASE_URL: database.url,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hailong-multi-')),
    DEMO_DATA: 'false',
    WEB_BUILD_ON_START: 'false',
    PUBLISH_DEFINITIONS_ON_START: 'false',
    TRUST_PROXY: '127.0.0.1',
    SUBMIT_RATE_LIMIT_PER_MINUTE: '1000000',
  };
  // Both at once, as a deployment starts its replicas.
  apps.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  nginx = await startNginx(
    apps.map((a) => a.base.replace('http://', '')),
    await freePort(),
  );
}, 180_000);

afterAll(async () => {
  await nginx?.stop();
  await Promise.all(apps.map((a) => stopServerProcess(a)));
  await database?.drop();
});

describe('two app instances behind nginx', () => {
  it('spreads the load over both instances', async () => {
    const statuses = await Promise.all(Array.from({ length: 40 }, () => post(nginx.base, randomUUID())));
    expect(statuses.every((s) => s === 201)).toBe(true);
    const seen = await Promise.all(apps.map(submissionsSeenBy));
    expect(seen[0]! + seen[1]!).toBeGreaterThanOrEqual(40);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(5);
  });

  it('a session made on one instance works on the other', async () => {
    const user = await createUser(database.db, [{ role: 'analyst' }]);
    const login = await fetch(`${apps[0]!.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const me = await fetch(`${apps[1]!.base}/api/v1/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(user.email);
  });

  it('the same response id sent to both instances at once gives exactly one 201', async () => {
    for (let round = 0; round < 5; round++) {
      const id = randomUUID();
      const statuses = await Promise.all(apps.map((a) => post(a.base, id)));
      expect(statuses.sort()).toEqual([200, 201]);
    }
  });

  it('background work (the rollup folder) runs on exactly one instance', async () => {
    const { rows } = await sql<{ holders: number; folders: number }>`
      select (select count(*)::int from pg_locks where locktype = 'advisory' and granted
               and database = (select oid from pg_database where datname = current_database())
               and objid = ${LOCKS.rollupLeader}) as holders,
             (select count(*)::int from pg_stat_activity where datname = current_database()
               and application_name like 'hai-long-rollups%') as folders`.execute(database.db);
    expect(rows[0]).toEqual({ holders: 1, folders: 1 });
    // The lag is visible on every instance's /metrics.
    const metrics = await (await fetch(`${apps[1]!.base}/metrics`)).text();
    expect(metrics).toMatch(/^hailong_rollup_queue_depth \d+$/m);
    expect(metrics).toMatch(/^hailong_rollup_queue_oldest_seconds [\d.e+-]+$/m);
    // And it drains: everything answered so far is folded.
    for (let i = 0; ; i++) {
      const depth = await sql<{ n: number }>`select count(*)::int as n from rollup_queue`.execute(database.db);
      if (depth.rows[0]!.n === 0) break;
      if (i > 100) throw new Error('the queue was not drained');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('SIGKILL one instance under load: nginx fails over and no acknowledged answer is lost', async () => {
    const acknowledged: string[] = [];
    let failures = 0;
    let afterKill = 0;
    let killed = false;
    // Load until plenty was answered after the kill (a deadline only for a failing run).
    const deadline = Date.now() + 20_000;
    const phones = Array.from({ length: 8 }, async (_, p) => {
      while (!(killed && afterKill >= 80) && Date.now() < deadline) {
        const id = randomUUID();
        const status = await post(nginx.base, id, `203.0.113.${p + 1}`);
        if (status === 201 || status === 200) {
          acknowledged.push(id);
          if (killed) afterKill++;
        } else failures++;
      }
    });
    // Killed under load, once answers flow through both instances.
    while (acknowledged.length < 80 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // The instance that leads the rollup folder, so the other must also take that over.
    const { rows: leader } = await sql<{ name: string }>`
      select application_name as name from pg_stat_activity
       where datname = current_database()
         and pid in (select pid from pg_locks where locktype = 'advisory' and granted and objid = ${LOCKS.rollupLeader})`.execute(
      database.db,
    );
    const victim = apps.find((a) => leader[0]?.name === `hai-long-rollups ${a.child.pid}`)!;
    expect(victim, 'the leader is one of the two instances').toBeDefined();
    victim.child.kill('SIGKILL');
    killed = true;
    await Promise.all(phones);
    expect(afterKill, 'answers acknowledged after the kill').toBeGreaterThan(10);
    // A submission cut off inside the dead instance is retried on the other one (it is idempotent).
    expect(failures).toBe(0);
    const stored = await sql<{ n: number }>`
      select count(*)::int as n from responses where id = any(${acknowledged}::uuid[])`.execute(database.db);
    expect(stored.rows[0]!.n).toBe(acknowledged.length);
    // The survivor leads the rollup folder now and drains everything.
    for (let i = 0; ; i++) {
      const { rows } = await sql<{ n: number; holders: number }>`
        select (select count(*)::int from rollup_queue) as n,
               (select count(*)::int from pg_locks where locktype = 'advisory' and granted
                 and database = (select oid from pg_database where datname = current_database())
                 and objid = ${LOCKS.rollupLeader}) as holders`.execute(database.db);
      if (rows[0]!.n === 0 && rows[0]!.holders === 1) break;
      if (i > 150) throw new Error(`not drained after the kill: ${JSON.stringify(rows[0])}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
