import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { startServerProcess, stopServerProcess, type Started } from './helpers/server-process.js';

// The web app is built once for the run (tests/setup/global.ts), as `npm install`'s prepare script
// builds it; a rebuild at start would only race other edits of web/ in a shared working tree.
// The server runs compiled (tests/setup/server-build.ts), except the fresh start: that one runs the
// sources through tsx exactly as `npm start` does, so the README's path stays proven.
const start = (env: Record<string, string>, via: 'compiled' | 'tsx' = 'compiled') =>
  startServerProcess({ WEB_BUILD_ON_START: 'false', ...env }, undefined, via);

async function readyWithin(s: Started, ms: number): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    const status = (await fetch(`${s.base}/readyz`)).status;
    if (status === 200 || Date.now() > until) return status;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Wait until the output matches (the demo's answers load after the banner). */
async function waitFor(s: Started, pattern: RegExp, ms = 120_000): Promise<RegExpExecArray> {
  const until = Date.now() + ms;
  for (;;) {
    const match = pattern.exec(s.output());
    if (match) return match;
    if (Date.now() > until) throw new Error(`no ${pattern} in:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const stop = (s: Started) => stopServerProcess(s);

/** DATA_DIRs, removed after the file (a cluster is tens of MB). */
const dirs: string[] = [];
const dataDirFor = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hailong-start-'));
  dirs.push(dir);
  return dir;
};

// Each test starts the real server as a child process (and an embedded PostgreSQL): slow on a busy machine.
describe('npm start', { timeout: 180_000 }, () => {
  let database: TestDatabase | undefined;
  afterAll(async () => {
    await database?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('runs on an embedded PostgreSQL with demo data, prints how to sign in, and stops cleanly', async () => {
    const dataDir = dataDirFor();
    const s = await start({ DATA_DIR: dataDir, DATABASE_URL: '' }, 'tsx');
    try {
      const out = s.output();
      expect(out).toMatch(/starting embedded PostgreSQL/);
      expect(out).toMatch(/Sign in as: +admin@demo\.hailong\.vn {2}\/ {2}\S{12,}/);
      expect(out.match(/Demo form: +http:\/\/localhost:\d+\/f\/[A-Z0-9]{10}/g)?.length).toBe(2);
      expect(out).toMatch(/demo data: \d+ units, \d+ links \(\d+\.\d s\)/);
      // The banner says how long the start took, from the process start.
      const seconds = Number(/Started in: +(\d+\.\d) s/.exec(out)?.[1]);
      expect(seconds).toBeGreaterThan(0);
      console.log(`fresh start (new cluster, demo data) in ${seconds} s`);
      // Ready once the database answers: the demo's answers loading beside it may slow a first connection
      // on a busy machine, so a readiness probe is given a few tries, as an orchestrator would.
      expect(await readyWithin(s, 30_000)).toBe(200);
      const admin = await fetch(`${s.base}/admin/`);
      expect(admin.status).toBe(200);
      expect(await admin.text()).toMatch(/<div id="root">/);
      const [, email, password] = /Sign in as: +(\S+) {2}\/ {2}(\S+)/.exec(out)!;
      const login = await fetch(`${s.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(login.status).toBe(200);
      // The year of answers arrives after the banner, all at once (one transaction).
      const [, loaded] = await waitFor(s, /demo data: (\d+) responses \(\d+\.\d s, in the background\)/);
      const counts = await fetch(
        `${s.base}/api/v1/analytics/summary?survey=tthc-services&period=Y-${new Date().getFullYear()}`,
        {
          headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! },
        },
      );
      expect(counts.status).toBe(200);
      expect((await counts.json()).responses.accepted).toBeGreaterThan(300);
      expect(Number(loaded)).toBeGreaterThan(3000);
    } finally {
      expect(await stop(s)).toBe(0);
    }
    expect(s.output()).toMatch(/stopped cleanly/);

    // A second start on the same DATA_DIR reuses the cluster and loads nothing twice.
    const again = await start({ DATA_DIR: dataDir, DATABASE_URL: '' });
    try {
      expect(again.output()).not.toMatch(/demo data:/);
      expect(again.output()).not.toMatch(/migrations applied/);
      expect(again.output()).toMatch(/Sign in as: +admin@demo\.hailong\.vn/);
      console.log(`second start in ${/Started in: +(\d+\.\d) s/.exec(again.output())?.[1]} s`);
    } finally {
      expect(await stop(again)).toBe(0);
    }
  });

  it('uses DATABASE_URL when set, and starts no embedded database', async () => {
    database = await createTestDatabase({ migrated: false });
    const s = await start({
      DATABASE_URL: database.url,
      DATA_DIR: dataDirFor(),
      ADMIN_EMAIL: 'giamdoc@so.example.vn',
      ADMIN_PASSWORD: 'configured-password-123',
    });
    try {
      expect(s.output()).not.toMatch(/embedded PostgreSQL/);
      expect(s.output()).toMatch(/Sign in as: +giamdoc@so\.example\.vn\n/);
      expect(await readyWithin(s, 30_000)).toBe(200);
      const units = await database.pool.query('select count(*)::int as n from units');
      expect(units.rows[0].n).toBeGreaterThan(60);
    } finally {
      // Stopped at once: the answers still loading in the background are cancelled, not half-written.
      expect(await stop(s)).toBe(0);
    }
    const answers = (await database.pool.query('select count(*)::int as n from responses')).rows[0].n as number;
    expect(answers === 0 || answers > 3000).toBe(true);
    expect(s.output()).toMatch(answers === 0 ? /demo answers not loaded: stopped first/ : /in the background\)/);
  });
});
