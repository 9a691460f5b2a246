import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { startServerProcess, stopServerProcess, type Started } from './helpers/server-process.js';

const start = (env: Record<string, string>) => startServerProcess(env);
const stop = (s: Started) => stopServerProcess(s);

// Each test starts the real server as a child process (and an embedded PostgreSQL): slow on a busy machine.
describe('npm start', { timeout: 180_000 }, () => {
  let database: TestDatabase | undefined;
  afterAll(() => database?.drop());

  it('runs on an embedded PostgreSQL with demo data, prints how to sign in, and stops cleanly', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'hailong-start-'));
    const s = await start({ DATA_DIR: dataDir, DATABASE_URL: '' });
    try {
      const out = s.output();
      expect(out).toMatch(/starting embedded PostgreSQL/);
      expect(out).toMatch(/Sign in as: +admin@demo\.hailong\.vn {2}\/ {2}\S{12,}/);
      expect(out.match(/Demo form: +http:\/\/localhost:\d+\/f\/[A-Z0-9]{10}/g)?.length).toBe(2);
      expect(out).toMatch(/demo data: \d+ units, \d+ links, \d+ responses/);
      expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
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
    } finally {
      expect(await stop(again)).toBe(0);
    }
  });

  it('uses DATABASE_URL when set, and starts no embedded database', async () => {
    database = await createTestDatabase({ migrated: false });
    const s = await start({
      DATABASE_URL: database.url,
      DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'hailong-start-')),
      ADMIN_EMAIL: 'giamdoc@so.example.vn',
      ADMIN_PASSWORD: 'configured-password-123',
    });
    try {
      expect(s.output()).not.toMatch(/embedded PostgreSQL/);
      expect(s.output()).toMatch(/Sign in as: +giamdoc@so\.example\.vn\n/);
      expect((await fetch(`${s.base}/readyz`)).status).toBe(200);
      const units = await database.pool.query('select count(*)::int as n from units');
      expect(units.rows[0].n).toBeGreaterThan(60);
    } finally {
      expect(await stop(s)).toBe(0);
    }
  });
});
