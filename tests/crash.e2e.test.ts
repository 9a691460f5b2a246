import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { freePort } from '../server/db/embedded.js';
import { createKysely, createPool } from '../server/db/pool.js';
import { DEMO_UNITS_CSV } from '../server/demo/seed.js';
import { newLinkCode } from '../server/links/codes.js';
import { importUnits } from '../server/units/import.js';
import { startServerProcess, stopServerProcess, type Started } from './helpers/server-process.js';
import { validAnswers } from './helpers/answers.js';
import { seedDataDir } from './setup/database.js';

/**
 * Issue #9.8: crash tests through the same start path as `npm start` (server/main.ts on an
 * embedded PostgreSQL). Answers are sent by concurrent "phones" that keep each answer until it is
 * acknowledged (201 or 200) and re-send it after a failure, as the form's outbox does. Every
 * acknowledged answer must be stored exactly once.
 */

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hailong-crash-'));
const env = {
  DATA_DIR: dataDir,
  DATABASE_URL: '',
  DEMO_DATA: 'false',
  WEB_BUILD_ON_START: 'false',
  SUBMIT_RATE_LIMIT_PER_MINUTE: '1000000',
};

function clusterUrl(): string {
  const [, , , port] = readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n');
  const password = readFileSync(path.join(dataDir, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${Number(port)}/hailong`;
}

async function withDb<T>(fn: (pool: pg.Pool) => Promise<T>): Promise<T> {
  const pool = createPool(clusterUrl(), 2);
  try {
    return await fn(pool);
  } finally {
    await pool.end();
  }
}

interface Target {
  code: string;
  versionId: number;
  answers: Record<string, unknown>;
}

/** Units and one link, written straight into the cluster the server uses. */
async function prepareLink(): Promise<Target> {
  return withDb(async (pool) => {
    const db = createKysely(pool);
    const units = await db.selectFrom('units').select('id').limit(1).execute();
    if (units.length === 0) await importUnits(db, await readFile(DEMO_UNITS_CSV, 'utf8'));
    const survey = await db
      .selectFrom('survey_versions as v')
      .innerJoin('surveys as s', 's.id', 'v.survey_id')
      .select(['s.id as surveyId', 'v.id as versionId', 'v.definition'])
      .where('s.slug', '=', 'tthc-services')
      .orderBy('v.number', 'desc')
      .executeTakeFirstOrThrow();
    const unit = await db.selectFrom('units').select('id').where('code', '=', 'VP-SO').executeTakeFirstOrThrow();
    const code = newLinkCode();
    await db
      .insertInto('links')
      .values({ code, survey_id: survey.surveyId, unit_id: unit.id, channel: 'qr' })
      .execute();
    const answers = validAnswers(survey.definition as TSurveyDefinition, 5);
    return { code, versionId: survey.versionId, answers };
  });
}

interface Tally {
  acknowledged: Set<string>;
  /** Ids sent at least once without an acknowledgement yet (they stay queued, like the outbox). */
  unacknowledged: Set<string>;
  statuses: Map<number | string, number>;
  /** Time of each status, for time-to-503 and time-to-recover. */
  events: Array<{ at: number; status: number | string }>;
}

/** Concurrent phones with outboxes, until stop() is called. */
function load(base: () => string, target: Target, phones = 12) {
  const tally: Tally = { acknowledged: new Set(), unacknowledged: new Set(), statuses: new Map(), events: [] };
  let running = true;
  const send = async (id: string) => {
    let status: number | string;
    try {
      const res = await fetch(`${base()}/api/v1/public/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          linkCode: target.code,
          versionId: target.versionId,
          answers: target.answers,
          startedAt: new Date(Date.now() - 60_000).toISOString(),
        }),
        signal: AbortSignal.timeout(5000),
      });
      status = res.status;
      await res.arrayBuffer();
    } catch {
      status = 'network';
    }
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
    tally.events.push({ at: Date.now(), status });
    if (status === 201 || status === 200) {
      tally.acknowledged.add(id);
      tally.unacknowledged.delete(id);
    } else {
      tally.unacknowledged.add(id);
    }
    return status;
  };
  const phone = async () => {
    while (running) {
      const id = randomUUID();
      const status = await send(id);
      if (status !== 201 && status !== 200) await new Promise((r) => setTimeout(r, 50));
    }
  };
  const all = Array.from({ length: phones }, phone);
  return {
    tally,
    async stop() {
      running = false;
      await Promise.all(all);
    },
    /** The outbox's second chance: re-send every unacknowledged answer until each is stored. */
    async drain(): Promise<void> {
      for (let round = 0; round < 50 && tally.unacknowledged.size > 0; round++) {
        await Promise.all([...tally.unacknowledged].map((id) => send(id)));
        if (tally.unacknowledged.size > 0) await new Promise((r) => setTimeout(r, 200));
      }
    },
  };
}

/** Polls check() until it holds or ms pass: a wait for an event instead of a guessed fixed sleep. */
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

async function storedIds(): Promise<string[]> {
  return withDb(async (pool) =>
    (await pool.query<{ id: string }>('select id::text from responses')).rows.map((r) => r.id),
  );
}

describe('crashes under load', { timeout: 240_000 }, () => {
  let server: Started | undefined;
  let target: Target;
  // DATA_DIR holds an initdb'd cluster already (the run's, tests/setup/database.ts), as after an earlier
  // `npm start`: what is tested here is surviving crashes, and initdb is seconds of each run
  // (tests/start.e2e.test.ts proves a start from an empty DATA_DIR). The app's database and migrations are
  // still made by the start.
  beforeAll(() => seedDataDir(dataDir));
  afterAll(async () => {
    if (server) await stopServerProcess(server);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('SIGKILL of the server: the next start works, and no acknowledged answer is lost or doubled', async () => {
    const port = await freePort();
    let began = Date.now();
    server = await startServerProcess(env, port);
    console.log(`[crash] first start ${Date.now() - began} ms`);
    target = await prepareLink();
    const base = `http://127.0.0.1:${port}`;
    const phones = load(() => base, target);
    // Under load: killed once answers are being stored, with the next ones in flight.
    await until(() => phones.tally.acknowledged.size > 40, 10_000);
    const before = phones.tally.acknowledged.size;
    server.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    await phones.stop();
    expect(before).toBeGreaterThan(20);

    // The embedded postmaster outlived its parent; the same start path must cope with it.
    began = Date.now();
    server = await startServerProcess(env, port);
    console.log(`[crash] restart after SIGKILL ${Date.now() - began} ms`);
    expect(server.output()).toMatch(/left running by an earlier start/);
    const ackedAtKill = new Set(phones.tally.acknowledged);
    const stored = new Set(await storedIds());
    const lost = [...ackedAtKill].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);

    // The phones re-send what was never acknowledged: stored once (201) or recognised (200).
    await phones.drain();
    expect(phones.tally.unacknowledged.size).toBe(0);
    const after = await storedIds();
    expect(new Set(after).size).toBe(after.length);
    expect(after.length).toBe(phones.tally.acknowledged.size);
    console.log(
      `[crash] server SIGKILL: ${ackedAtKill.size} acknowledged before the kill, 0 lost; ` +
        `${phones.tally.acknowledged.size - ackedAtKill.size} re-sent after restart; ${after.length} rows, 0 duplicates`,
    );
  });

  it('SIGKILL of the embedded postmaster: the process stays up, answers 503, recovers by itself', async () => {
    const s = server!;
    const phones = load(() => s.base, target);
    await until(() => phones.tally.acknowledged.size > 40, 10_000);
    expect(phones.tally.acknowledged.size).toBeGreaterThan(40);
    const postmasterPid = Number(readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const killedAt = Date.now();
    process.kill(postmasterPid, 'SIGKILL');
    // The outage: from the first 503 to the first answer stored after the last failure. Answers whose
    // backend outlived the postmaster by a few milliseconds may still commit inside the outage.
    const outage = () => {
      const after = phones.tally.events.filter((e) => e.at > killedAt);
      const first503 = after.find((e) => e.status === 503);
      const lastFailure = after.findLast((e) => e.status !== 201 && e.status !== 200);
      const recovered = lastFailure && after.find((e) => e.status === 201 && e.at > lastFailure.at);
      return { first503, recovered };
    };
    // Wait for the supervisor to report the server back, then for answers to flow again: every phone's
    // worth stored since the last failure.
    await until(() => /embedded PostgreSQL is back/.test(s.output()), 30_000);
    await until(() => {
      const after = phones.tally.events.filter((e) => e.at > killedAt);
      const lastFailure = after.findLastIndex((e) => e.status !== 201 && e.status !== 200);
      return lastFailure >= 0 && after.slice(lastFailure + 1).filter((e) => e.status === 201).length >= 24;
    }, 10_000);
    await phones.stop();
    expect(s.child.exitCode).toBeNull();
    expect(s.child.signalCode).toBeNull();

    const { first503, recovered } = outage();
    expect(phones.tally.statuses.get(500) ?? 0).toBe(0);
    expect(first503, `statuses: ${JSON.stringify([...phones.tally.statuses])}`).toBeDefined();
    expect(recovered).toBeDefined();
    expect(recovered!.at - killedAt).toBeLessThan(10_000);
    // Ready again (a second crash-recovery restart would show here, with the supervisor's log).
    let ready = 0;
    for (let i = 0; i < 50 && ready !== 200; i++) {
      ready = (await fetch(`${s.base}/readyz`)).status;
      if (ready !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(
      ready,
      s
        .output()
        .split('\n')
        .filter((l) => l.includes('supervisor'))
        .join('\n'),
    ).toBe(200);
    expect(s.output()).toMatch(/\[supervisor\] embedded PostgreSQL exited unexpectedly/);

    await phones.drain();
    const stored = new Set(await storedIds());
    const lost = [...phones.tally.acknowledged].filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
    console.log(
      `[crash] postmaster SIGKILL: first 503 after ${first503!.at - killedAt} ms, answers stored again after ` +
        `${recovered!.at - killedAt} ms; ${phones.tally.acknowledged.size} acknowledged, 0 lost; ` +
        `statuses ${JSON.stringify(Object.fromEntries(phones.tally.statuses))}`,
    );
  });
});
