import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type pg from 'pg';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp, type App } from '../server/app.js';
import { CSRF_HEADER } from '../server/auth/plugin.js';
import { backupDatabase, defaultBackupFile, listTables, quoteIdent, tableCounts } from '../server/db/backup.js';
import { runningEmbeddedUrl } from '../server/db/backup-target.js';
import { withClient } from '../server/db/client.js';
import { dataInUse, restoreDatabase, RestoreRefused } from '../server/db/restore.js';
import { EDU_Q1, insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1 } from './analytics-fixtures.js';
import { signedInAgent, startTestApp, testConfig, type TestApp } from './helpers/app.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { nodeArgs } from './helpers/server-process.js';

/** Every table's exact content (its rows as text, sorted) and every sequence's position. */
async function fingerprint(pool: pg.Pool) {
  return withClient(pool, async (client) => {
    const tables: Record<string, string> = {};
    for (const t of await listTables(client)) {
      const { rows } = await client.query<{ h: string | null }>(
        `select md5(string_agg(x::text, E'\\n' order by x::text)) as h from ${quoteIdent(t.name)} x`,
      );
      tables[t.name] = rows[0]!.h ?? 'empty';
    }
    const sequences: Record<string, string> = {};
    const { rows: seqs } = await client.query<{ name: string }>(
      `select sequencename as name from pg_sequences where schemaname = 'public' order by 1`,
    );
    for (const { name } of seqs) {
      const { rows } = await client.query<{ v: string }>(
        `select last_value::text || '/' || is_called::text as v from ${quoteIdent(name)}`,
      );
      sequences[name] = rows[0]!.v;
    }
    return { counts: await tableCounts(client), tables, sequences };
  });
}

async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

function runCli(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [...nodeArgs(`server/cli/${script}`), ...args], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const SUMMARY = '/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026';
const FROZEN = '/api/v1/reports/Q1-2026/data?survey=tthc-services';

describe('backup and restore', () => {
  let source: TestApp;
  let dir: string;
  let file: string;
  let admin: { email: string; password: string };
  let written: Awaited<ReturnType<typeof backupDatabase>>;
  let snapshot: Awaited<ReturnType<typeof fingerprint>>;
  const targets: TestDatabase[] = [];
  const fresh = async () => {
    const target = await createTestDatabase({ migrated: false });
    targets.push(target);
    return target;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hailong-backup-test-'));
    file = path.join(dir, 'backup.jsonl.gz');
    source = await startTestApp();
    const ctx = await setupSurveysAndUnits(source.db);
    await insertResponses(source.db, ctx, [
      ...TTHC_Q1,
      ...TTHC_OTHER,
      ...EDU_Q1,
      // Text that a careless format would break: quotes, backslashes, tabs, newlines, Vietnamese, emoji.
      {
        survey: 'tthc-services',
        unit: 'MOTCUA',
        at: '2026-02-11T03:00:00Z',
        answers: { staff_attitude: 4, overall_satisfaction: 5 },
        comment: 'Cán bộ "tận tình"\t\\ rất tốt\nDòng hai 👍',
      },
      { survey: 'tthc-services', unit: 'MOTCUA', at: '2026-02-12T03:00:00Z', answers: {}, status: 'pending' },
    ]);
    const signedIn = await signedInAgent(source, [{ role: 'admin' }]);
    admin = signedIn.user;
    const frozen = await signedIn.agent.post('/api/v1/reports/Q1-2026/freeze').send({ survey: 'tthc-services' });
    expect(frozen.status).toBe(201);
    // Let the rollup worker fold every queued answer first (it rests up to a second between folds),
    // so that the snapshot taken after the backup is the state the backup saw.
    for (let i = 0; i < 200; i++) {
      await source.database.pool.query('select rollup_fold(10000)');
      const { rows } = await source.database.pool.query<{ n: number }>('select count(*)::int as n from rollup_queue');
      if (rows[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    written = await backupDatabase(source.database.pool, file);
    // The source as the backup saw it (signing in later adds sessions to it).
    snapshot = await fingerprint(source.database.pool);
  });

  afterAll(async () => {
    for (const t of targets) await t.drop();
    await source?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('restores into an empty database with every table, sequence, summary and frozen report unchanged', async () => {
    const before = snapshot;
    expect(before.counts.responses).toBeGreaterThan(15);
    expect(before.counts.frozen_periods).toBe(1);
    expect(before.counts.likert_rollups).toBeGreaterThan(0);

    expect(written.rows).toEqual(before.counts);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const header = JSON.parse(
      gunzipSync(await readFile(file))
        .toString('utf8')
        .split('\n')[0]!,
    ) as { format: string; version: number; migrations: unknown[] };
    expect(header).toMatchObject({ format: 'hai-long-backup', version: 1 });
    expect(header.migrations.length).toBeGreaterThan(0);

    const target = await fresh();
    const result = await restoreDatabase(target.pool, file);
    expect(result.rows).toEqual(before.counts);
    expect(result.upgraded).toEqual([]);
    expect(await fingerprint(target.pool)).toEqual(before);

    // The app on the restored database answers as the original did, for the same signed-in user.
    const restoredApp = await buildApp({ config: testConfig(), databaseUrl: target.url });
    try {
      const url = await listen(restoredApp);
      const signIn = async (base: string) => {
        const agent = supertest.agent(base);
        const res = await agent.post('/api/v1/auth/login').send(admin);
        expect(res.status).toBe(200);
        agent.set(CSRF_HEADER, res.body.user.csrfToken as string);
        return agent;
      };
      const original = await signIn(source.url);
      const restored = await signIn(url);
      const summaryBefore = await original.get(SUMMARY);
      const summaryAfter = await restored.get(SUMMARY);
      expect(summaryAfter.status).toBe(200);
      expect(summaryAfter.body).toEqual(summaryBefore.body);
      expect(summaryAfter.body.n).toBeGreaterThan(0);
      const frozenBefore = await original.get(FROZEN);
      const frozenAfter = await restored.get(FROZEN);
      expect(frozenAfter.status).toBe(200);
      expect(frozenAfter.body.frozen).toBeTruthy();
      expect(frozenAfter.body).toEqual(frozenBefore.body);
      // Sequences carry on where they were: the restored app can write (a freeze adds rows with serial ids).
      expect((await restored.post('/api/v1/reports/Q2-2026/freeze').send({ survey: 'tthc-services' })).status).toBe(
        201,
      );
    } finally {
      await restoredApp.close();
    }
  });

  it('refuses a target that holds data, and replaces it only with force', async () => {
    const target = await fresh();
    await restoreDatabase(target.pool, file);
    await target.pool.query(`insert into units (code, name, kind) values ('EXTRA', 'Đơn vị thêm', 'office')`);
    const refused = restoreDatabase(target.pool, file);
    await expect(refused).rejects.toBeInstanceOf(RestoreRefused);
    await expect(restoreDatabase(target.pool, file)).rejects.toThrow(/already holds data \(.*units: 6.*--force/);
    expect((await target.pool.query(`select count(*)::int as n from units where code = 'EXTRA'`)).rows[0].n).toBe(1);

    await restoreDatabase(target.pool, file, { force: true });
    expect(await fingerprint(target.pool)).toEqual(snapshot);
  });

  it('refuses a damaged or truncated file and leaves the empty target empty', async () => {
    const bytes = await readFile(file);
    const truncated = path.join(dir, 'truncated.jsonl.gz');
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
    const target = await fresh();
    await expect(restoreDatabase(target.pool, truncated)).rejects.toThrow(/damaged|truncated|incomplete/);
    expect(await dataInUse(target.pool)).toEqual([]);

    const notBackup = path.join(dir, 'not-a-backup.gz');
    await writeFile(notBackup, gzipSync('{"hello":"world"}\n'));
    await expect(restoreDatabase(target.pool, notBackup)).rejects.toThrow(/not a Hài lòng backup/);

    // A backup that fails leaves no file behind, not even a partial one.
    const failed = path.join(dir, 'failed.jsonl.gz');
    await expect(backupDatabase((await fresh()).pool, failed)).rejects.toThrow(/not a Hài lòng database/);
    expect(existsSync(failed) || existsSync(`${failed}.partial`)).toBe(false);
  });

  it('the CLIs: npm run backup writes a file from DATABASE_URL; npm run restore refuses a database in use', async () => {
    const out = path.join(dir, 'cli', 'hailong.jsonl.gz');
    const backup = await runCli('backup.ts', [out], { DATABASE_URL: source.database.url });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/backup written: .*hailong\.jsonl\.gz/);
    expect((await stat(out)).size).toBeGreaterThan(1000);

    const restore = await runCli('restore.ts', [out], { DATABASE_URL: source.database.url });
    expect(restore.code).toBe(3);
    expect(restore.stderr).toMatch(/restore refused: the target database already holds data/);
  });

  it('names default files by date', () => {
    expect(defaultBackupFile(new Date('2026-03-04T05:06:07Z'))).toBe(
      path.join('backups', 'hailong-20260304-050607.jsonl.gz'),
    );
  });

  // The embedded cluster's role is "postgres"; with an external DATABASE_URL the role may differ.
  it.runIf(new URL(inject('pgAdminUrl')).username === 'postgres')(
    'finds a running embedded cluster from postmaster.pid and pg-password',
    async () => {
      // A data folder whose postmaster.pid points at the test server (this process stands in for the postmaster).
      const admin = new URL(source.database.url);
      const dataDir = path.join(dir, `data-${randomBytes(3).toString('hex')}`);
      await mkdir(path.join(dataDir, 'pg'), { recursive: true });
      await writeFile(path.join(dataDir, 'pg-password'), decodeURIComponent(admin.password));
      await writeFile(path.join(dataDir, 'pg', 'postmaster.pid'), `${process.pid}\n${dataDir}/pg\n0\n${admin.port}\n`);
      const url = await runningEmbeddedUrl(dataDir, source.database.name);
      expect(url).toBeDefined();
      expect(new URL(url!).port).toBe(admin.port);
      // A pid file of a process that is gone means nothing is running.
      await writeFile(path.join(dataDir, 'pg', 'postmaster.pid'), `999999999\n${dataDir}/pg\n0\n${admin.port}\n`);
      expect(await runningEmbeddedUrl(dataDir, source.database.name)).toBeUndefined();
    },
  );
});
