import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../server/auth/plugin.js';
import { PERSONAS, ROLE_OF, seedTwoSchools, signInPersonas, type Fixtures, type Personas } from './authz-fixtures.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { seedInterviewList } from './interview-fixtures.js';
import { seedKiosk } from './kiosk-fixtures.js';
import { seedCampaign } from './campaign-fixtures.js';
import { seedKioskBeside, seedOfficer } from './officer-fixtures.js';
import { seedPaperBatch } from './paper-fixtures.js';
import { seeded, NO_LEAK, type Expected } from './authz-cases.js';
import { EXPECTATIONS_A } from './authz-expectations-a.js';
import { EXPECTATIONS_B } from './authz-expectations-b.js';

/**
 * The authorization matrix, generated from the app's own route table: every non-public
 * /api/v1 route × {anonymous, manager of unit A, manager of unit B, analyst, admin}, each
 * with its expected status. A route added later without an entry in EXPECTATIONS fails the
 * first test, naming it: decide who may call it, add the entry, and the matrix checks it.
 */

/** Expected statuses per route ("METHOD /path" exactly as registered), in two files for length. */
const EXPECTATIONS = { ...EXPECTATIONS_A, ...EXPECTATIONS_B };

/** Routes anyone may call. A new public route must be listed here on purpose. */
const PUBLIC_ROUTES = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'GET /api/v1/public/forms/:code',
  'GET /api/v1/public/kiosks/:token',
  'POST /api/v1/public/responses',
  'GET /api/v1/public/transparency',
  'POST /api/v1/public/feedback',
  'GET /api/v1/public/feedback/:code',
  'GET /api/v1/public/units',
  'GET /api/v1/public/feedback-published',
  'GET /api/v1/public/organisation',
  'GET /api/v1/public/organisation/logo',
]);

const routeKey = (r: Pick<RouteAccess, 'method' | 'url'>) => `${r.method} ${r.url}`;

function matches(expected: Expected, status: number, body: string, leakMarkers: string[]): boolean {
  if (expected === NO_LEAK) return status >= 200 && status < 300 && !leakMarkers.some((m) => body.includes(m));
  if (typeof expected !== 'number') return expected.some((e) => matches(e, status, body, leakMarkers));
  return status === expected;
}

describe('authorization matrix', () => {
  let t: TestApp;
  let table: RouteAccess[];
  let fixtures: Fixtures;
  let personas: Personas;

  beforeAll(async () => {
    t = await startTestApp({
      beforeListen: (app) => {
        // A route that forgot its declaration: it must show up below, and refuse everyone.
        app.get('/api/v1/test/undeclared', async () => ({ secret: true }));
      },
    });
    table = t.app.routeAccessTable;
    fixtures = await seedTwoSchools(t);
    personas = await signInPersonas(t, fixtures);
    seeded.kioskA = await seedKiosk(t, fixtures.survey, fixtures.unitA);
    seeded.campaignA = await seedCampaign(t, fixtures.survey, fixtures.unitA);
    seeded.campaignToDelete = await seedCampaign(t, fixtures.survey, fixtures.unitA, 'Đợt để xoá', [400, 410]);
    seeded.officerA = await seedOfficer(t, fixtures.unitA);
    seeded.officerKiosk = await seedKioskBeside(t, seeded.kioskA);
    seeded.paperA = await seedPaperBatch(t, fixtures.survey, fixtures.unitA, PERSONAS.length + 2, 2);
    seeded.interviewA = await seedInterviewList(t, fixtures.survey, fixtures.unitA, PERSONAS.length + 2);
    seeded.interviewToClose = (await seedInterviewList(t, fixtures.survey, fixtures.unitA, 1)).listId;
  });
  afterAll(() => t?.close());

  it('has an expectation for every non-public route, and every public route is public on purpose', () => {
    const declared = table.filter((r) => r.url !== '/api/v1/test/undeclared');
    const missing = declared
      .filter((r) => r.access !== 'public' && r.access !== undefined && !(routeKey(r) in EXPECTATIONS))
      .map((r) => `${routeKey(r)} (access: ${JSON.stringify(r.access)})`);
    expect(missing, 'add these routes to EXPECTATIONS in tests/authz-expectations-a.ts or -b.ts').toEqual([]);
    const unexpectedPublic = declared.filter((r) => r.access === 'public' && !PUBLIC_ROUTES.has(routeKey(r)));
    expect(unexpectedPublic.map(routeKey), 'public routes not listed in PUBLIC_ROUTES').toEqual([]);
    const undeclared = declared.filter((r) => r.access === undefined).map(routeKey);
    expect(undeclared, 'routes without an access declaration (they refuse everyone)').toEqual([]);
    // The matrix covers the features that exist so far.
    expect(declared.length).toBeGreaterThanOrEqual(20);
  });

  it('catches a route without an access declaration, which refuses everyone', async () => {
    const entry = table.find((r) => r.url === '/api/v1/test/undeclared');
    expect(entry).toMatchObject({ method: 'GET', access: undefined });
    for (const who of PERSONAS) {
      const res = await personas.agents[who].get('/api/v1/test/undeclared');
      expect(res.status, who).toBe(403);
      expect(res.body.secret).toBeUndefined();
    }
  });

  it('agrees with each route’s declaration: anonymous gets 401, roles not declared get 403', () => {
    const problems: string[] = [];
    for (const route of table) {
      const entry = EXPECTATIONS[routeKey(route)];
      if (!entry || !route.access || route.access === 'public') continue;
      for (const c of [entry].flat()) {
        if (c.expect.anonymous !== 401) problems.push(`${routeKey(route)}: anonymous should get 401`);
        if (route.access === 'authenticated') continue;
        const allowed = route.access;
        for (const who of ['managerA', 'managerB', 'analyst', 'admin'] as const) {
          if (!allowed.includes(ROLE_OF[who]) && c.expect[who] !== 403) {
            problems.push(`${routeKey(route)}: ${who} is not in ${JSON.stringify(allowed)}, so expects 403`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('answers every route × persona with the expected status', async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const route of table) {
      const entry = EXPECTATIONS[routeKey(route)];
      if (!entry) continue;
      for (const c of [entry].flat()) {
        for (const who of PERSONAS) {
          const spec = (await c.request?.(fixtures, who)) ?? {};
          const path = route.url.replace(/:(\w+)/g, (_, name: string) =>
            encodeURIComponent(String(spec.params?.[name] ?? 'missing-param')),
          );
          const agent = spec.freshSession && who !== 'anonymous' ? await personas.signIn(who) : personas.agents[who];
          let req = agent[route.method.toLowerCase() as 'get'](path);
          if (spec.query) req = req.query(spec.query);
          const res = spec.body === undefined ? await req : await req.send(spec.body as object);
          // Signing out everywhere ended the persona's main session too.
          if (spec.freshSession && who !== 'anonymous') personas.agents[who] = await personas.signIn(who);
          const body = typeof res.text === 'string' ? res.text : '';
          checked++;
          if (!matches(c.expect[who], res.status, body, [fixtures.unitA, fixtures.unitAName])) {
            failures.push(
              `${routeKey(route)}${c.label ? ` [${c.label}]` : ''} as ${who}: expected ${JSON.stringify(c.expect[who])}, got ${res.status} ${body.slice(0, 160)}`,
            );
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(100);
    // Some two hundred requests, posters and reports among them: generous on two shared cores.
  }, 180_000);
});
