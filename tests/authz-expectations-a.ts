import { dayFromToday } from './campaign-fixtures.js';
import {
  NO_DRAFT,
  NO_LEAK,
  adminOnly,
  everyoneSignedIn,
  manageUnitA,
  unitAData,
  seeded,
  type Case,
} from './authz-cases.js';

/** Expected statuses per route ("METHOD /path" exactly as registered), first part. */
export const EXPECTATIONS_A: Record<string, Case | Case[]> = {
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
  'POST /api/v1/kiosks/:id/revoke': { request: () => ({ params: { id: seeded.kioskA } }), expect: manageUnitA(200) },

  // --- officers (issue 12.5): managed by unit A's manager and admins; results only for them (and the officer)
  'GET /api/v1/officers': { expect: { anonymous: 401, managerA: 200, managerB: NO_LEAK, analyst: 403, admin: 200 } },
  'POST /api/v1/officers': {
    request: (f) => ({ body: { unitId: f.idOf(f.unitA), displayName: 'Trần Thị Thử' } }),
    expect: manageUnitA(201),
  },
  'PATCH /api/v1/officers/:id': {
    request: () => ({ params: { id: seeded.officerA }, body: { position: 'Chuyên viên' } }),
    expect: manageUnitA(200),
  },
  'GET /api/v1/officers/bindings': { request: (f) => ({ query: { unit: f.unitA } }), expect: manageUnitA(200) },
  'PUT /api/v1/links/:code/officer': {
    request: async (f) => ({ params: { code: await f.freshLinkA() }, body: { mode: 'pick' } }),
    expect: manageUnitA(200),
  },
  'PUT /api/v1/kiosks/:id/officer': {
    request: () => ({ params: { id: seeded.officerKiosk }, body: { mode: 'named', officerId: seeded.officerA } }),
    expect: manageUnitA(200),
  },
  'GET /api/v1/officers/results': {
    label: 'B and the analyst see no officer of A',
    expect: { anonymous: 401, managerA: 200, managerB: NO_LEAK, analyst: NO_LEAK, admin: 200 },
  },
  'GET /api/v1/officers/:id/results': {
    request: () => ({ params: { id: seeded.officerA } }),
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
  'GET /api/v1/campaigns/:id': { request: () => ({ params: { id: seeded.campaignA } }), expect: everyoneSignedIn(200) },
  'PUT /api/v1/campaigns/:id': {
    request: (f) => ({
      params: { id: seeded.campaignA },
      body: {
        name: 'Đợt thử',
        opensOn: dayFromToday(-30),
        closesOn: dayFromToday(30),
        quotas: [{ unit: f.unitA, quota: 25 }],
      },
    }),
    expect: adminOnly(200),
  },
  'DELETE /api/v1/campaigns/:id': {
    request: () => ({ params: { id: seeded.campaignToDelete } }),
    expect: adminOnly(204),
  },
  'GET /api/v1/campaigns/:id/progress': {
    request: () => ({ params: { id: seeded.campaignA } }),
    expect: { anonymous: 401, managerA: 200, managerB: NO_LEAK, analyst: 200, admin: 200 },
  },

  // --- paper questionnaires (issue 12.3): printed and entered by unit A's manager and admins
  'POST /api/v1/paper/batches': {
    request: (f) => ({ body: { survey: f.survey, unit: f.unitA, sheets: 2 } }),
    expect: manageUnitA(201, 400),
  },
};
