import { randomUUID } from 'node:crypto';
import { PERSONAS } from './authz-fixtures.js';
import {
  NO_LEAK,
  QUARTERS,
  YEAR,
  adminOnly,
  analyticsQuery,
  everyoneSignedIn,
  manageUnitA,
  unitAData,
  seeded,
  type Case,
} from './authz-cases.js';

/** Expected statuses per route, second part: a new route goes in either. */
export const EXPECTATIONS_B: Record<string, Case | Case[]> = {
  'GET /api/v1/paper/batches': [
    { expect: everyoneSignedIn(200) },
    {
      label: 'by filter: unit A’s batches',
      request: (f) => ({ query: { unit: f.unitA } }),
      expect: unitAData(200, NO_LEAK),
    },
  ],
  'GET /api/v1/paper/batches/:id': {
    request: () => ({ params: { id: seeded.paperA.batchId } }),
    expect: unitAData(200),
  },
  'GET /api/v1/paper/batches/:id/sheets.pdf': {
    request: () => ({ params: { id: seeded.paperA.batchId } }),
    expect: unitAData(200),
  },
  'POST /api/v1/paper/entries': {
    label: 'a sheet of unit A’s batch (a serial per persona)',
    request: (_f, who) => ({
      body: {
        id: randomUUID(),
        batchId: seeded.paperA.batchId,
        serial: seeded.paperA.serials[PERSONAS.indexOf(who)],
        answers: seeded.paperA.answers,
      },
    }),
    expect: manageUnitA(201, 400),
  },
  'POST /api/v1/paper/checks': {
    label: 'double entry of a sheet of unit A entered by someone else',
    request: (_f, who) => ({
      body: {
        batchId: seeded.paperA.batchId,
        serial: seeded.paperA.entered[who === 'admin' ? 1 : 0],
        answers: seeded.paperA.answers,
      },
    }),
    expect: manageUnitA(201, 400),
  },
  'GET /api/v1/paper/batches/:id/checks': {
    request: () => ({ params: { id: seeded.paperA.batchId } }),
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
    request: () => ({ params: { id: seeded.interviewA.listId } }),
    expect: manageUnitA(200),
  },
  'POST /api/v1/interviews/lists/:id/contacts': {
    request: () => ({ params: { id: seeded.interviewA.listId }, body: { contacts: [{ label: 'Người thêm' }] } }),
    expect: manageUnitA(201),
  },
  'POST /api/v1/interviews/lists/:id/close': {
    request: () => ({ params: { id: seeded.interviewToClose } }),
    expect: manageUnitA(200),
  },
  'POST /api/v1/interviews/contacts/:id/outcome': {
    request: () => ({ params: { id: seeded.interviewA.contactIds[0]! }, body: { outcome: 'not_reached' } }),
    expect: manageUnitA(200),
  },
  'POST /api/v1/interviews/responses': {
    label: 'the answer of a person on unit A’s list (a person per persona)',
    request: (_f, who) => ({
      body: {
        id: randomUUID(),
        contactId: seeded.interviewA.contactIds[PERSONAS.indexOf(who) + 1],
        answers: seeded.interviewA.answers,
      },
    }),
    expect: manageUnitA(201),
  },

  // --- analytics (issue 5): unit A's results
  'GET /api/v1/analytics/summary': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
  'GET /api/v1/analytics/breakdown': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
  'GET /api/v1/analytics/series': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
  'GET /api/v1/analytics/comments': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
  'GET /api/v1/analytics/distributions': { label: 'by filter', request: analyticsQuery, expect: unitAData(200) },
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
