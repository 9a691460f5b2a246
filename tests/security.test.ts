import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../server/auth/plugin.js';
import { WEB_DIST } from '../server/web/dist.js';
import { seedTwoSchools, signInPersonas, type Fixtures, type Personas } from './authz-fixtures.js';
import { createUser, startTestApp, type TestApp } from './helpers/app.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Strings that would change a query built by string concatenation. */
const INJECTIONS = [
  `' OR '1'='1`,
  `1; DROP TABLE users; --`,
  `%' OR 1=1 --`,
  `') UNION SELECT email, password_hash FROM users --`,
  `\\'; DELETE FROM audit_log; --`,
];
const BENIGN = 'khong-co-gi-khop';

/** The keys of a route's zod querystring schema. */
function queryKeys(schema: unknown): string[] {
  const s = schema as {
    shape?: Record<string, unknown>;
    _zod?: { def?: { in?: { shape?: Record<string, unknown> } } };
  };
  return Object.keys(s?.shape ?? s?._zod?.def?.in?.shape ?? {});
}

/** Valid values for required query parameters, so one bad parameter is tested at a time. */
const BASE_QUERY: Record<string, Record<string, string>> = {
  '/api/v1/surveys/:slug/diff': { from: '1', to: '1' },
};

describe('security', () => {
  let t: TestApp;
  let f: Fixtures;
  let personas: Personas;
  let table: RouteAccess[];
  let adminId: number;

  beforeAll(async () => {
    t = await startTestApp();
    table = t.app.routeAccessTable;
    f = await seedTwoSchools(t);
    personas = await signInPersonas(t, f);
    adminId = (await createUser(t.db, [{ role: 'analyst' }])).id;
  });
  afterAll(() => t.close());

  function pathOf(route: RouteAccess, override: Record<string, string> = {}): string {
    return route.url.replace(/:(\w+)/g, (_, name: string) => {
      if (override[name] !== undefined) return encodeURIComponent(override[name]!);
      if (name === 'code') return route.url.startsWith('/api/v1/units/') ? f.unitA : f.linkA;
      if (name === 'slug') return 'tthc-services';
      if (name === 'number') return '1';
      if (name === 'id') return route.url.startsWith('/api/v1/users/') ? String(adminId) : crypto.randomUUID();
      return 'x';
    });
  }

  describe('headers', () => {
    it('sends a strict Content Security Policy and forbids framing, on pages and on the API', async () => {
      for (const url of ['/admin/', '/admin/units', '/api/v1/auth/me', '/healthz', '/api/v1/no-such']) {
        const res = await t.request().get(url);
        const csp = String(res.headers['content-security-policy']);
        expect(csp, url).toMatch(/default-src 'self'/);
        expect(csp, url).toMatch(/script-src 'self'(;|$)/);
        expect(csp, url).toMatch(/script-src-attr 'none'/);
        expect(csp, url).toMatch(/object-src 'none'/);
        expect(csp, url).toMatch(/frame-ancestors 'none'/);
        expect(csp, url).not.toMatch(/unsafe-inline|unsafe-eval/);
        expect(res.headers['x-frame-options'], url).toBe('DENY');
        expect(res.headers['x-content-type-options'], url).toBe('nosniff');
        expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      }
    });

    it('gives the API docs their own policy: inline styles, but still no inline script and no framing', async () => {
      const res = await t.request().get('/api/docs/');
      expect(res.status).toBe(200);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toMatch(/script-src 'self';/);
      expect(csp).toMatch(/style-src 'self' 'unsafe-inline'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      // Swagger UI loads only script files.
      expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    });

    it('builds web pages with no inline script and no inline event handler', () => {
      const htmlFiles: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) walk(full);
          else if (e.name.endsWith('.html')) htmlFiles.push(full);
        }
      };
      walk(WEB_DIST);
      expect(htmlFiles.map((p) => path.relative(WEB_DIST, p)).sort()).toEqual(
        expect.arrayContaining([path.join('admin', 'index.html'), path.join('form', 'index.html')]),
      );
      for (const file of htmlFiles) {
        const html = readFileSync(file, 'utf8');
        const scripts = html.match(/<script\b[^>]*>/g) ?? [];
        expect(scripts.length, file).toBeGreaterThan(0);
        for (const tag of scripts) expect(tag, file).toMatch(/\bsrc="\/assets\//);
        expect(html, file).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
        expect(html, file).not.toMatch(/\son[a-z]+\s*=/i);
      }
    });

    it('never uses dangerouslySetInnerHTML or eval in the web app sources', () => {
      const offenders: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) {
            if (e.name !== 'dist' && e.name !== 'node_modules') walk(full);
          } else if (/\.(tsx?|jsx?)$/.test(e.name) && !e.name.endsWith('.test.ts')) {
            const text = readFileSync(full, 'utf8');
            if (/dangerouslySetInnerHTML|\beval\(|new Function\(|\.innerHTML\s*=/.test(text)) offenders.push(full);
          }
        }
      };
      walk(path.resolve(import.meta.dirname, '..', 'web'));
      expect(offenders).toEqual([]);
    });
  });

  describe('SQL injection', () => {
    it('answers an injection string in every filter parameter with a 4xx or what a harmless value gets, never a 500', async () => {
      const problems: string[] = [];
      let tried = 0;
      const normalise = (text: string, value: string) =>
        text
          .split(JSON.stringify(value).slice(1, -1))
          .join('<value>')
          .split(encodeURIComponent(value))
          .join('<value>')
          .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>');
      for (const route of table.filter((r) => r.method === 'GET' && r.access !== undefined)) {
        const keys = queryKeys(route.schema.querystring);
        for (const key of keys) {
          for (const who of ['admin', 'managerA'] as const) {
            const agent = personas.agents[who];
            const base = BASE_QUERY[route.url] ?? {};
            // The payloads of one parameter go together: the server answers them concurrently.
            const [benign, ...answers] = (await Promise.all(
              [BENIGN, ...INJECTIONS].map((value) => agent.get(pathOf(route)).query({ ...base, [key]: value })),
            )) as [Awaited<ReturnType<typeof agent.get>>, ...Array<Awaited<ReturnType<typeof agent.get>>>];
            for (const [i, payload] of INJECTIONS.entries()) {
              tried++;
              const res = answers[i]!;
              const where = `${route.url}?${key}= as ${who} (${payload})`;
              if (res.status >= 500) problems.push(`${where}: ${res.status}`);
              else if (res.status < 300) {
                if (benign.status !== res.status)
                  problems.push(`${where}: ${res.status}, harmless value ${benign.status}`);
                else if (
                  typeof res.text === 'string' &&
                  normalise(res.text, payload) !== normalise(benign.text, BENIGN)
                ) {
                  problems.push(`${where}: answered differently from a harmless value: ${res.text.slice(0, 200)}`);
                }
              }
            }
          }
        }
      }
      expect(problems).toEqual([]);
      expect(tried).toBeGreaterThan(200);
      // Nothing was dropped or deleted.
      expect((await t.db.selectFrom('users').select('id').execute()).length).toBeGreaterThan(4);
      expect((await personas.agents.admin.get('/api/v1/audit')).status).toBe(200);
      // About a thousand requests: generous on two shared cores.
    }, 180_000);

    it('builds no SQL from strings in the server: kysely parameters everywhere', () => {
      // sql`…${value}` is a bound parameter; sql.raw/sql.lit and interpolated raw queries are not.
      const offenders: string[] = [];
      const walk = (dir: string) => {
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) walk(full);
          else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) {
            const rel = path.relative(path.resolve(import.meta.dirname, '..'), full);
            const text = readFileSync(full, 'utf8');
            if (/\bsql\.(raw|lit)\(/.test(text)) offenders.push(`${rel}: sql.raw/sql.lit`);
            // The embedded database's own name comes from configuration, never from a request;
            // backup and restore name tables and columns read from the database's own catalog, quoted;
            // partition upkeep names month partitions it derives from dates or reads from the catalog, quoted
            // (DDL takes no bound parameters).
            const allowed = ['embedded.ts', 'backup.ts', 'restore.ts', 'partitions.ts'].map((f) =>
              path.join('server', 'db', f),
            );
            if (/\.query\(`[^`]*\$\{/.test(text) && !allowed.includes(rel)) {
              offenders.push(`${rel}: interpolated raw query`);
            }
          }
        }
      };
      walk(path.resolve(import.meta.dirname, '..', 'server'));
      expect(offenders).toEqual([]);
    });

    it('answers an injection string in every path parameter with a 4xx, never a 500', async () => {
      const problems: string[] = [];
      for (const route of table.filter((r) => r.url.includes(':') && r.access !== undefined)) {
        const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        for (const name of names) {
          for (const payload of INJECTIONS) {
            const agent = personas.agents.admin;
            const res = await agent[route.method.toLowerCase() as 'get'](pathOf(route, { [name]: payload })).send(
              MUTATING.has(route.method) ? {} : undefined,
            );
            if (res.status < 400 || res.status >= 500) {
              problems.push(`${route.method} ${route.url} :${name}=${payload}: ${res.status}`);
            }
          }
        }
      }
      expect(problems).toEqual([]);
    });
  });

  describe('CSRF', () => {
    it('refuses every signed-in mutation without the session’s CSRF token, or with another session’s', async () => {
      const login = async () => {
        const agent = t.request();
        const user = await createUser(t.db, [{ role: 'admin' }]);
        const res = await agent.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
        return { agent, token: res.body.user.csrfToken as string };
      };
      const victim = await login();
      const other = await login();
      const mutations = table.filter((r) => MUTATING.has(r.method) && r.access !== 'public' && r.access !== undefined);
      expect(mutations.length).toBeGreaterThanOrEqual(10);
      const problems: string[] = [];
      for (const route of mutations) {
        const url = pathOf(route);
        const none = await victim.agent[route.method.toLowerCase() as 'post'](url).send({});
        const foreign = await victim.agent[route.method.toLowerCase() as 'post'](url)
          .set('x-csrf-token', other.token)
          .send({});
        for (const [label, res] of [
          ['no token', none],
          ['another session’s token', foreign],
        ] as const) {
          if (res.status !== 403 || res.body.error?.code !== 'csrf_failed') {
            problems.push(`${route.method} ${route.url} (${label}): ${res.status}`);
          }
        }
      }
      expect(problems).toEqual([]);
      // The victim's session still works with its own token.
      expect((await victim.agent.get('/api/v1/auth/me')).status).toBe(200);
    });

    it('marks the session cookie HttpOnly and SameSite', async () => {
      const user = await createUser(t.db, [{ role: 'analyst' }]);
      const res = await t.request().post('/api/v1/auth/login').send({ email: user.email, password: user.password });
      expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Lax/i);
    });
  });

  describe('posters and exports', () => {
    it('prints a unit name carrying markup as text in the SVG poster', async () => {
      // A renamed poster route must fail here, not skip.
      expect(table.some((r) => r.url === '/api/v1/links/:code/poster.svg')).toBe(true);
      const name = '<script>alert(1)</script> Trường "A" & <img src=x onerror=alert(2)>';
      await t.db.updateTable('units').set({ name }).where('code', '=', f.unitA).execute();
      const res = await personas.agents.managerA.get(`/api/v1/links/${f.linkA}/poster.svg`).buffer(true);
      expect(res.status).toBe(200);
      const svg = res.body instanceof Buffer ? res.body.toString('utf8') : String(res.text);
      // Booleans, so a failure does not print a poster full of embedded fonts.
      expect(/<script|<img/i.test(svg), 'a tag from the unit name').toBe(false);
      expect(svg.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the name as escaped text').toBe(true);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    });
  });
});
