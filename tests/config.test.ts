import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';

const root = path.resolve(import.meta.dirname, '..');

describe('configuration', () => {
  it('has working defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATA_DIR).toBe('./.data');
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEMO_DATA).toBe(true);
    expect(config.MIN_N).toBe(30);
  });

  it('names each bad variable', () => {
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', ADMIN_EMAIL: 'not-an-email', ADMIN_PASSWORD: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const vars = (err as ConfigError).problems.map((p) => p.variable);
      expect(vars).toEqual(expect.arrayContaining(['PORT', 'DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']));
      expect((err as ConfigError).message).toMatch(/PORT: /);
    }
  });

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => loadConfig({ ADMIN_EMAIL: 'a@b.vn' })).toThrow(/ADMIN_PASSWORD/);
  });

  it('treats empty strings as unset and parses booleans', () => {
    const config = loadConfig({ DATABASE_URL: '', DEMO_DATA: 'false', TRUST_PROXY: '1' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEMO_DATA).toBe(false);
    expect(config.TRUST_PROXY).toBe(true);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
  });

  it('makes the server exit non-zero with a message naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/PORT/);
    expect(result.stderr).toMatch(/Invalid configuration/);
  }, 90_000);
});
