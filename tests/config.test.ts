import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { nodeArgs } from './helpers/server-process.js';

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
    const config = loadConfig({ DATABASE_URL: '', DEMO_DATA: 'false', COOKIE_SECURE: '1' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.DEMO_DATA).toBe(false);
    expect(config.COOKIE_SECURE).toBe(true);
    expect(() => loadConfig({ DEMO_DATA: 'maybe' })).toThrow(/DEMO_DATA/);
  });

  describe('TRUST_PROXY names the proxies whose X-Forwarded-* headers are believed', () => {
    const problems = (value: string) => {
      try {
        loadConfig({ TRUST_PROXY: value });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
      return expect.unreachable(`TRUST_PROXY=${value} was accepted`);
    };

    it('trusts nobody by default, or when set to false or left empty', () => {
      expect(loadConfig({}).TRUST_PROXY).toBe(false);
      expect(loadConfig({ TRUST_PROXY: '' }).TRUST_PROXY).toBe(false);
      expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    });

    it('takes a comma-separated list of addresses, CIDR networks and named ranges', () => {
      expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).TRUST_PROXY).toEqual(['127.0.0.1']);
      expect(loadConfig({ TRUST_PROXY: ' 172.31.240.10 , 10.0.0.0/8,::1/128,loopback' }).TRUST_PROXY).toEqual([
        '172.31.240.10',
        '10.0.0.0/8',
        '::1/128',
        'loopback',
      ]);
    });

    it('refuses true and hop counts, saying why and what to write instead', () => {
      for (const value of ['true', 'yes', '1', '2']) {
        const [problem, ...rest] = problems(value);
        expect(rest).toEqual([]);
        expect(problem!.variable).toBe('TRUST_PROXY');
        expect(problem!.message).toContain(`TRUST_PROXY=${value} không được nhận`);
        expect(problem!.message).toMatch(/giả được địa chỉ/);
        expect(problem!.message).toMatch(/TRUST_PROXY=127\.0\.0\.1/);
      }
    });

    it('names each entry that is not an address or a network', () => {
      const [problem] = problems('10.0.0.1,proxy.local,10.0.0.0/33,1.2.3,');
      expect(problem!.variable).toBe('TRUST_PROXY');
      expect(problem!.message).toContain('"proxy.local", "10.0.0.0/33", "1.2.3", ""');
      expect(problems('::1/0')[0]!.message).toContain('"::1/0"');
    });
  });

  it('makes the server exit non-zero with a message naming the variable', () => {
    const result = spawnSync(process.execPath, nodeArgs('server/main.ts'), {
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
