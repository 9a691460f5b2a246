import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteAccess } from '../server/auth/plugin.js';
import {
  PERSONAS,
  ROLE_OF,
  seedTwoSchools,
  signInPersonas,
  type Fixtures,
  type Persona,
  type Personas,
} from './authz-fixtures.js';
import { randomUUID } from 'node:crypto';
import { startTestApp, type TestApp } from './helpers/app.js';
import { seedInterviewList, type InterviewFixture } from './interview-fixtures.js';
import { seedKiosk } from './kiosk-fixtures.js';
import { dayFromToday, seedCampaign } from './campaign-fixtures.js';
import { seedKioskBeside, seedOfficer } from './officer-fixtures.js';
import { seedPaperBatch, type PaperFixture } from './paper-fixtures.js';

/**
 * The authorization matrix, generated from the app's own route table: every non-public
 * /api/v1 route × {anonymous, manager of unit A, manager of unit B, analyst, admin}, each
 * with its expected status. A route added later without an entry in EXPECTATIONS fails the
 * first test, naming it: decide who may call it, add the entry, and the matrix checks it.
 */

/** 2xx whose body mentions nothing of unit A (code or name): a filter on another unit's data that leaks nothing. */
const NO_LEAK = 'no-leak';
type Expected = number | typeof NO_LEAK | ReadonlyArray<number | typeof NO_LEAK>;
type Matrix = Record<Persona, Expected>;

interface RequestSpec {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
  /** Sign in again first (for requests that end the persona's sessions). */
  freshSession?: boolean;
}

interface Case {
  /** What the case checks, in the failure report. */
  label?: string;
  request?: (f: Fixtures, who: Persona) => RequestSpec | Promise<RequestSpec>;
  expect: Matrix;
}

// Shorthands for the common shapes of a row.
const everyoneSignedIn = (ok: Expected): Matrix => ({
  anonymous: 401,
  managerA: ok,
  managerB: ok,
  analyst: ok,
  admin: ok,
});
const adminOnly = (ok: Expected): Matrix => ({ anonymous: 401, managerA: 403, managerB: 403, analyst: 403, admin: ok });
/** Unit A's data: its manager and the global readers see it; the manager of B gets 404 (or nothing). */
const unitAData = (ok: Expected, other: Expected = 404): Matrix => ({
  anonymous: 401,
  managerA: ok,
  managerB: other,
  analyst: ok,
  admin: ok,
});
/** Changing unit A's links: its manager and the admin; the analyst changes nothing. */
const manageUnitA = (ok: Expected, other: Expected = 404): Matrix => ({
  anonymous: 401,
  managerA: ok,
  managerB: other,
  analyst: 403,
  admin: ok,
});

const YEAR = new Date().getFullYear();
/** A survey draft id that does not exist. */
const NO_DRAFT = 2_000_000_000;
/** A different finished quarter per persona, so a refused freeze never hides an allowed one. */
const QUARTERS: Record<Persona, number> = { anonymous: 1, managerA: 2, managerB: 3, analyst: 4, admin: 1 };

const analyticsQuery = (f: Fixtures) => ({ query: { survey: f.survey, unit: f.unitA } });

/** Expected statuses per route ("METHOD /path" exactly as registered). */
const EXPECTATIONS: Record<string, Case | Case[]> = {
  // --- the signed-in user's own account
  'GET /api/v1/auth/me': { expect: everyoneSignedIn(200) },
  'POST /api/v1/auth/password': {
    label: 'wrong current password: refused without changing anything',
    request: () => ({ body: { currentPassword: 'not the password', newPassword: 'a brand new passphrase' } }),
    expect: everyoneSignedIn(400),
  },
  'POST /api/v1/auth/logout-all': { request: () => ({ freshSession: true }), expect: everyoneSignedIn(204) },

  // --- surveys and definitions: not unit data; reading is for every signed-in user
  'GET /api/v1/surveys': { expect: everyoneSignedIn(200) },
  'GET /api/v1/surveys/:slug/versions/:number': {
    request: () => ({ params: { slug: 'tthc-services', number: 1 } }),
    expect: everyoneSignedIn(200),
  },
  'GET /api/v1/surveys/:slug/diff': {
    request: () => ({ params: { slug: 'tthc-services' }, query: { from: '1', to: '1' } }),
    expect: everyoneSignedIn(200),
  },
  'POST /api/v1/definitions/validate': {
    request: (f) => ({ body: { fileName: 'tthc-services.json', definition: f.tthcDefinition } }),
    expect: adminOnly(200),
  },
  'POST /api/v1/definitions/publish': {
    request: (f) => ({ body: { fileName: 'tthc-services.json', definition: f.tthcDefinition } }),
    expect: adminOnly(200),
  },

  // --- survey drafts (issue 12.8): the builder is for administrators; no such draft → 404
  'GET /api/v1/drafts': { expect: adminOnly(200) },
  'POST /api/v1/drafts': { request: () => ({ body: {} }), expect: adminOnly(201) },
  'GET /api/v1/drafts/:id': { request: () => ({ params: { id: NO_DRAFT } }), expect: adminOnly(404) },
  'PUT /api/v1/drafts/:id': {
    request: () => ({ params: { id: NO_DRAFT }, body: { version: 1, definition: { criteria: [], questions: [] } } }),
    expect: adminOnly(404),
  },
  'DELETE /api/v1/drafts/:id': { request: () => ({ params: { id: NO_DRAFT } }), expect: adminOnly(404) },
  'GET /api/v1/drafts/:id/review': { request: () => ({ params: { id: NO_DRAFT } }), expect: adminOnly(404) },
  'POST /api/v1/drafts/:id/publish': {
    request: () => ({ params: { id: NO_DRAFT }, body: { version: 1 } }),
    expect: adminOnly(404),
  },
  'GET /api/v1/drafts/:id/export': { request: () => ({ params: { id: NO_DRAFT } }), expect: adminOnly(404) },
  'GET /api/v1/surveys/:slug/versions/:number/export': {
    request: () => ({ params: { slug: 'tthc-services', number: 1 } }),
    expect: everyoneSignedIn(200),
  },

  // --- units
  'GET /api/v1/units': [
    { expect: everyoneSignedIn(200) },
    {
      label: 'by filter: the sub-units of unit A',
      request: (f) => ({ query: { parent: f.unitA } }),
      expect: unitAData(200),
    },
  ],
  'GET /api/v1/units/:code': {
    label: 'by id: unit A',
    request: (f) => ({ params: { code: f.unitA } }),
    expect: unitAData(200),
  },
  'PATCH /api/v1/units/:code': {
    request: (f) => ({ params: { code: f.unitA }, body: { enrolment: 810 } }),
    expect: adminOnly(200),
  },
  'POST /api/v1/units/import': {
    request: () => ({ body: { csv: 'code,name,kind,level,parent_code,ward,enrolment\nSO,Sở GD&ĐT,department,,,,' } }),
    expect: adminOnly(200),
  },

  // --- users and the audit log: administrators only
  'GET /api/v1/users': { expect: adminOnly(200) },
  'GET /api/v1/users/:id': {
    request: async (f) => ({ params: { id: await f.freshUserId() } }),
    expect: adminOnly(200),
  },
  'POST /api/v1/users': {
    request: (_f, who) => ({
      body: { email: `created-by-${who}@matrix.vn`, displayName: 'Ma trận', roles: [{ role: 'analyst' }] },
    }),
    expect: adminOnly(201),
  },
  'PATCH /api/v1/users/:id': {
    request: async (f) => ({ params: { id: await f.freshUserId() }, body: { displayName: 'Đổi tên' } }),
    expect: adminOnly(200),
  },
  'PUT /api/v1/users/:id/roles': {
    request: async (f) => ({ params: { id: await f.freshUserId() }, body: { roles: [{ role: 'admin' }] } }),
    expect: adminOnly(200),
  },
  'POST /api/v1/users/:id/password-reset': {
    request: async (f) => ({ params: { id: await f.freshUserId() } }),
    expect: adminOnly(200),
  },
  'GET /api/v1/audit': { expect: adminOnly(200) },

  // --- links and posters (issue 4)
  'GET /api/v1/links': [
    { expect: everyoneSignedIn(200) },
    {
      label: 'by filter: unit A’s links',
      request: (f) => ({ query: { unit: f.unitA } }),
      expect: unitAData(200, [403, 404, NO_LEAK]),
    },
  ],
  'GET /api/v1/links/:code': {
    label: 'by id: a link of unit A',
    request: (f) => ({ params: { code: f.linkA } }),
    expect: unitAData(200),
  },
  'POST /api/v1/links': {
    request: (f, who) => ({ body: { survey: f.survey, unit: f.unitA, channel: `ch_${who.toLowerCase()}` } }),
    expect: manageUnitA(201),
  },
  'POST /api/v1/links/bulk': [
    {
      label: 'every unit in the caller’s scope',
      request: (f, who) => ({ body: { survey: f.survey, channel: `bulk_${who.toLowerCase()}` } }),
      expect: { anonymous: 401, managerA: 201, managerB: 201, analyst: 403, admin: 201 },
    },
    {
      label: 'by filter: under unit A',
      request: (f, who) => ({ body: { survey: f.survey, parent: f.unitA, channel: `sub_${who.toLowerCase()}` } }),
      expect: manageUnitA(201, [403, 404, NO_LEAK]),
    },
  ],
  'POST /api/v1/links/:code/retire': {
    request: async (f) => ({ params: { code: await f.freshLinkA() } }),
    expect: manageUnitA(200),
  },
  'GET /api/v1/links/:code/poster.svg': { request: (f) => ({ params: { code: f.linkA } }), expect: unitAData(200) },
  'GET /api/v1/links/:code/poster.png': {
    request: (f) => ({ params: { code: f.linkA }, query: { dpi: '72' } }),
    expect: unitAData(200),
  },
  'GET /api/v1/links/:code/poster.pdf': { request: (f) => ({ params: { code: f.linkA } }), expect: unitAData(200) },
  'GET /api/v1/posters.pdf': {
    label: 'by filter: unit A’s posters',
    request: (f) => ({ query: { survey: f.survey, unit: f.unitA } }),
    expect: unitAData(200, [403, 404]),
  },
  'GET /api/v1/posters/public-url': { expect: everyoneSignedIn(200) },

  // --- kiosks (issue 12.2): registered and revoked by unit A's manager and admins
  'GET /api/v1/kiosks': {
    expect: { anonymous: 401, managerA: 200, managerB: 200, analyst: 403, admin: 200 },
  },
  'POST /api/v1/kiosks': {
    request: (f) => ({ body: { survey: f.survey, unitId: f.idOf(f.unitA), label: 'Quầy một cửa' } }),
    expect: manageUnitA(201),
  },
  'POST /api/v1/kiosks/:id/revoke': { request: () => ({ params: { id: kioskA } }), expect: manageUnitA(200) },

  // --- officers (issue 12.5): managed by unit A's manager and admins; results only for them (and the officer)
  'GET /api/v1/officers': { expect: { anonymous: 401, managerA: 200, managerB: NO_LEAK, analyst: 403, admin: 200 } },
  'POST /api/v1/officers': {
    request: (f) => ({ body: { unitId: f.idOf(f.unitA), displayName: 'Trần Thị Thử' } }),
    expect: manageUnitA(201),
  },
  'PATCH /api/v1/officers/:id': {
    request: () => ({ params: { id: officerA }, body: { position: 'Chuyên viên' } }),
    expect: manageUnitA(200),
  },
  'GET /api/v1/officers/bindings': { request: (f) => ({ query: { unit: f.unitA } }), expect: manageUnitA(200) },
  'PUT /api/v1/links/:code/officer': {
    request: async (f) => ({ params: { code: await f.freshLinkA() }, body: { mode: 'pick' } }),
    expect: manageUnitA(200),
  },
  'PUT /api/v1/kiosks/:id/officer': {
    request: () => ({ params: { id: officerKiosk }, body: { mode: 'named', officerId: officerA } }),
    expect: manageUnitA(200),
  },
  'GET /api/v1/officers/results': {
    label: 'B and the analyst see no officer of A',
    expect: { anonymous: 401, managerA: 200, managerB: NO_LEAK, analyst: NO_LEAK, admin: 200 },
  },
  'GET /api/v1/officers/:id/results': {
    request: () => ({ params: { id: officerA } }),
    expect: { anonymous: 401, managerA: 200, managerB: 404, analyst: 404, admin: 200 },
  },

  // --- campaigns (issue 12.7): planned by admins; read by all; progress only for the units one may see
  'GET /api/v1/campaigns': { expect: everyoneSignedIn(200) },
  'POST /api/v1/campaigns': {
    request: (f) => ({
      body: { survey: f.survey, name: 'Đợt năm sau', opensOn: '2031-01-01', closesOn: '2031-01-31' },
    }),
    expect: adminOnly(201),
  },
  'GET /api/v1/campaigns/:id': { request: () => ({ params: { id: campaignA } }), expect: everyoneSignedIn(200) },
  'PUT /api/v1/campaigns/:id': {
    request: (f) => ({
      params: { id: campaignA },
      body: {
        name: 'Đợt thử',
        opensOn: dayFromToday(-30),
        closesOn: dayFromToday(30),
        quotas: [{ unit: f.unitA, quota: 25 }],
      },
    }),
    expect: adminOnly(200),
  },
  'DELETE /api/v1/campaigns/:id': { request: () => ({ params: { id: campaignToDelete } }), expect: adminOnly(204) },
  'GET /api/v1/campaigns/:id/progress': {
    request: () => ({ params: { id: campaignA } }),
    expect: { anonymous: 401, managerA: 200, managerB: NO_LEAK, analyst: 200, admin: 200 },
  },

  // --- paper questionnaires (issue 12.3): printed and entered by unit A's manager and admins
  'POST /api/v1/paper/batches': {
    request: (f) => ({ body: { survey: f.survey, unit: f.unitA, sheets: 2 } }),
    expect: manageUnitA(201, 400),
  },
  'GET /api/v1/paper/batches': [
    { expect: everyoneSignedIn(200) },
    {
      label: 'by filter: unit A’s batches',
      request: (f) => ({ query: { unit: f.unitA } }),
      expect: unitAData(200, NO_LEAK),
    },
  ],
  'GET /api/v1/paper/batches/:id': { request: () => ({ params: { id: paperA.batchId } }), expect: unitAData(200) },
  'GET /api/v1/paper/batches/:id/sheets.pdf': {
    request: () => ({ params: { id: paperA.batchId } }),
    expect: unitAData(200),
  },
  'POST /api/v1/paper/entries': {
    label: 'a sheet of unit A’s batch (a serial per persona)',
    request: (_f, who) => ({
      body: {
        id: randomUUID(),
        batchId: paperA.batchId,
        serial: paperA.serials[PERSONAS.indexOf(who)],
        answers: paperA.answers,
      },
    }),
    expect: manageUnitA(201, 400),
  },
  'POST /api/v1/paper/checks': {
    label: 'double entry of a sheet of unit A entered by someone else',
    request: (_f, who) => ({
      body: {
        batchId: paperA.batchId,
        serial: paperA.entered[who === 'admin' ? 1 : 0],
        answers: paperA.answers,
      },
    }),
    expect: manageUnitA(201, 400),
  },
  'GET /api/v1/paper/batches/:id/checks': {
    request: () => ({ params: { id: paperA.batchId } }),
    expect: unitAData(200),
  },

  // --- interviews (issue 12.4): lists and calls by unit A's manager and admins; analysts read the progress
  'POST /api/v1/interviews/lists': {
    request: (f) => ({
      body: { survey: f.survey, unit: f.unitA, label: 'Mẫu thử', mode: 'phone', contacts: [{ label: 'Người 1' }] },
    }),
    expect: manageUnitA(201, 400),
  },
  'GET /api/v1/interviews/lists': [
    { expect: everyoneSignedIn(200) },
    {
      label: 'by filter: unit A’s lists',
      request: (f) => ({ query: { unit: f.unitA } }),
      expect: unitAData(200, NO_LEAK),
    },
  ],
  'GET /api/v1/interviews/lists/:id': {
    request: () => ({ params: { id: interviewA.listId } }),
    expect: manageUnitA(200),
  },
  'POST /api/v1/interviews/lists/:id/contacts': {
    request: () => ({ params: { id: interviewA.listId }, body: { contacts: [{ label: 'Người thêm' }] } }),
    expect: manageUnitA(201),
  },
  'POST /api/v1/interviews/contacts/:id/outcome': {
    request: () => ({ params: { id: interviewA.contactIds[0]! }, body: { outcome: 'not_reached' } }),
    expect: manageUnitA(200),
  },
  'POST /api/v1/interviews/responses': {
    label: 'the answer of a person on unit A’s list (a person per persona)',
    request: (_f, who) => ({
      body: {
        id: randomUUID(),
        contactId: interviewA.contactIds[PERSONAS.indexOf(who) + 1],
        answers: interviewA.answers,
      },
    }),
    expect: manageUnitA(201),
  },

  // --- analytics (issue 5): unit A's results
  'GET /api/v1/analytics/summary': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
  'GET /api/v1/analytics/breakdown': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
  'GET /api/v1/analytics/series': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
  'GET /api/v1/analytics/comments': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
  'GET /api/v1/analytics/options': { expect: everyoneSignedIn(200) },

  // --- CCHC scores (issue 5): every reader gets a table of the units they may see
  'GET /api/v1/analytics/cchc': {
    label: 'the manager of B sees no row of A',
    request: (f) => ({ query: { survey: f.survey } }),
    expect: unitAData(200, NO_LEAK),
  },
  'GET /api/v1/analytics/coverage': {
    label: 'the manager of B sees no school of A',
    request: (f) => ({ query: { survey: f.survey } }),
    expect: unitAData(200, NO_LEAK),
  },
  'GET /api/v1/analytics/cchc.csv': {
    label: 'the manager of B sees no row of A',
    request: (f) => ({ query: { survey: f.survey } }),
    expect: unitAData(200, NO_LEAK),
  },
  'GET /api/v1/analytics/cchc.xlsx': {
    request: (f) => ({ query: { survey: f.survey } }),
    expect: everyoneSignedIn(200),
  },
  'PUT /api/v1/analytics/settings/cchc': {
    request: () => ({ body: { maxPoints: 1, scale: { kind: 'proportional' } } }),
    expect: adminOnly(200),
  },

  // --- period reports and exports (issue 5): unit A's figures
  'GET /api/v1/reports/:file': {
    label: 'by filter',
    request: (f) => ({ params: { file: `Y-${YEAR}.csv` }, query: { survey: f.survey, unit: f.unitA } }),
    expect: unitAData(200),
  },
  'GET /api/v1/reports/:period/data': {
    label: 'by filter',
    request: (f) => ({ params: { period: `Y-${YEAR}` }, query: { survey: f.survey, unit: f.unitA } }),
    expect: unitAData(200),
  },
  'POST /api/v1/reports/:period/freeze': {
    request: (f, who) => ({ params: { period: `Q${QUARTERS[who]}-${YEAR - 1}` }, body: { survey: f.survey } }),
    expect: adminOnly(201),
  },
  'GET /api/v1/reports/frozen': { expect: everyoneSignedIn(200) },

  // --- settings (issue 15.7): the organisation is the admin's, a person's own name and title everyone's
  'GET /api/v1/settings/organisation': { expect: adminOnly(200) },
  'PUT /api/v1/settings/organisation': {
    label: 'an empty name: validated only for the admin',
    request: () => ({ body: { name: '' } }),
    expect: adminOnly(400),
  },
  'GET /api/v1/settings/profile': { expect: everyoneSignedIn(200) },
  'PUT /api/v1/settings/profile': {
    label: 'an empty name is refused',
    request: () => ({ body: { displayName: '', title: '' } }),
    expect: everyoneSignedIn(400),
  },
  'GET /api/v1/exports/responses.csv': {
    label: 'by filter',
    request: (f) => ({ query: { survey: f.survey, unit: f.unitA } }),
    expect: unitAData(200),
  },

  // --- review of flagged responses (issue 5): read by admins and analysts, decided by admins
  'GET /api/v1/review/responses': {
    expect: { anonymous: 401, managerA: 403, managerB: 403, analyst: 200, admin: 200 },
  },
  'POST /api/v1/review/responses/:id': {
    request: async (f) => ({ params: { id: await f.freshPendingResponse() }, body: { decision: 'accept' } }),
    expect: adminOnly(200),
  },
  'POST /api/v1/review/decisions': {
    request: async (f) => ({ body: { ids: [await f.freshPendingResponse()], decision: 'reject' } }),
    expect: adminOnly(200),
  },
  // --- the admin start page (issue 15): every signed-in role, each within their units
  'GET /api/v1/overview': { expect: everyoneSignedIn(200) },

  // --- feedback (issue 13): read in scope, handled by unit managers and admins; contact only for handlers
  'GET /api/v1/feedback': {
    label: 'B’s list shows nothing of A',
    request: async (f) => {
      await f.freshFeedbackA();
      return {};
    },
    expect: unitAData(200, NO_LEAK),
  },
  'POST /api/v1/feedback': {
    label: 'staff entry for unit A',
    request: (f) => ({ body: { unit: f.unitA, category: 'khac', channel: 'hotline', content: 'Gọi đường dây nóng' } }),
    expect: { anonymous: 401, managerA: 201, managerB: 400, analyst: 403, admin: 201 },
  },
  'GET /api/v1/feedback/metrics': { label: 'B sees no row of A', expect: unitAData(200, NO_LEAK) },
  'GET /api/v1/feedback/export.csv': { label: 'B’s file has no row of A', expect: unitAData(200, NO_LEAK) },
  'GET /api/v1/feedback/:code': {
    request: async (f) => ({ params: { code: await f.freshFeedbackA() } }),
    expect: unitAData(200),
  },
  'POST /api/v1/feedback/:code/actions': {
    request: async (f) => ({ params: { code: await f.freshFeedbackA() }, body: { action: 'accept' } }),
    expect: manageUnitA(200),
  },
  'PUT /api/v1/feedback/:code/publish': {
    label: 'a new item cannot be published yet',
    request: async (f) => ({
      params: { code: await f.freshFeedbackA() },
      body: { issue: 'Vấn đề đã nêu ra', action: 'Việc đơn vị đã làm' },
    }),
    expect: manageUnitA(409),
  },
  'DELETE /api/v1/feedback/:code/publish': {
    request: async (f) => ({ params: { code: await f.freshFeedbackA() } }),
    expect: manageUnitA(200),
  },
  'GET /api/v1/feedback/:code/photos/:n': {
    request: async (f) => ({ params: { code: await f.freshFeedbackA(), n: 1 } }),
    expect: manageUnitA(200),
  },
  'GET /api/v1/feedback/settings': { expect: everyoneSignedIn(200) },
  'PUT /api/v1/feedback/settings': {
    request: () => ({ body: { deadlines: { khac: 15 }, retentionMonths: 12 } }),
    expect: adminOnly(200),
  },
  'PUT /api/v1/feedback/settings/calendar/:day': {
    request: () => ({ params: { day: '2031-01-02' }, body: { kind: 'off', name: 'Ngày nghỉ thử' } }),
    expect: adminOnly(200),
  },
  'DELETE /api/v1/feedback/settings/calendar/:day': {
    request: () => ({ params: { day: '2031-01-02' } }),
    expect: adminOnly(200),
  },
};

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

/** A printed paper batch of unit A (seeded in beforeAll). */
let paperA: PaperFixture = { batchId: 0, serials: [], entered: [], answers: {} };

/** An interview list of unit A (seeded in beforeAll). */
let interviewA: InterviewFixture = { listId: 0, contactIds: [], answers: {} };

/** A kiosk of unit A (seeded in beforeAll). */
let kioskA = 0;
/** A campaign of the survey with a quota for unit A, and one for the admin to delete (seeded in beforeAll). */
let campaignA = 0;
let campaignToDelete = 0;
/** An officer of unit A and a kiosk that stays live (the one above is revoked), seeded in beforeAll. */
let officerA = 0;
let officerKiosk = 0;

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
    kioskA = await seedKiosk(t, fixtures.survey, fixtures.unitA);
    campaignA = await seedCampaign(t, fixtures.survey, fixtures.unitA);
    campaignToDelete = await seedCampaign(t, fixtures.survey, fixtures.unitA, 'Đợt để xoá', [400, 410]);
    officerA = await seedOfficer(t, fixtures.unitA);
    officerKiosk = await seedKioskBeside(t, kioskA);
    paperA = await seedPaperBatch(t, fixtures.survey, fixtures.unitA, PERSONAS.length + 2, 2);
    interviewA = await seedInterviewList(t, fixtures.survey, fixtures.unitA, PERSONAS.length + 2);
  });
  afterAll(() => t?.close());

  it('has an expectation for every non-public route, and every public route is public on purpose', () => {
    const declared = table.filter((r) => r.url !== '/api/v1/test/undeclared');
    const missing = declared
      .filter((r) => r.access !== 'public' && r.access !== undefined && !(routeKey(r) in EXPECTATIONS))
      .map((r) => `${routeKey(r)} (access: ${JSON.stringify(r.access)})`);
    expect(missing, 'add these routes to EXPECTATIONS in tests/authz-matrix.test.ts').toEqual([]);
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
