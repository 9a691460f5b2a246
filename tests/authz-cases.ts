import type { Fixtures, Persona } from './authz-fixtures.js';
import type { InterviewFixture } from './interview-fixtures.js';
import type { PaperFixture } from './paper-fixtures.js';

// Shapes and shorthands of the authorization matrix (tests/authz-matrix.test.ts).

/** 2xx whose body mentions nothing of unit A (code or name): a filter on another unit's data that leaks nothing. */
export const NO_LEAK = 'no-leak';
export type Expected = number | typeof NO_LEAK | ReadonlyArray<number | typeof NO_LEAK>;
export type Matrix = Record<Persona, Expected>;

export interface RequestSpec {
  params?: Record<string, string | number>;
  query?: Record<string, string>;
  body?: unknown;
  /** Sign in again first (for requests that end the persona's sessions). */
  freshSession?: boolean;
}

export interface Case {
  /** What the case checks, in the failure report. */
  label?: string;
  request?: (f: Fixtures, who: Persona) => RequestSpec | Promise<RequestSpec>;
  expect: Matrix;
}

// Shorthands for the common shapes of a row.
export const everyoneSignedIn = (ok: Expected): Matrix => ({
  anonymous: 401,
  managerA: ok,
  managerB: ok,
  analyst: ok,
  admin: ok,
});
export const adminOnly = (ok: Expected): Matrix => ({
  anonymous: 401,
  managerA: 403,
  managerB: 403,
  analyst: 403,
  admin: ok,
});
/** Unit A's data: its manager and the global readers see it; the manager of B gets 404 (or nothing). */
export const unitAData = (ok: Expected, other: Expected = 404): Matrix => ({
  anonymous: 401,
  managerA: ok,
  managerB: other,
  analyst: ok,
  admin: ok,
});
/** Changing unit A's links: its manager and the admin; the analyst changes nothing. */
export const manageUnitA = (ok: Expected, other: Expected = 404): Matrix => ({
  anonymous: 401,
  managerA: ok,
  managerB: other,
  analyst: 403,
  admin: ok,
});

export const YEAR = new Date().getFullYear();
/** A survey draft id that does not exist. */
export const NO_DRAFT = 2_000_000_000;
/** A different finished quarter per persona, so a refused freeze never hides an allowed one. */
export const QUARTERS: Record<Persona, number> = { anonymous: 1, managerA: 2, managerB: 3, analyst: 4, admin: 1 };

export const analyticsQuery = (f: Fixtures) => ({ query: { survey: f.survey, unit: f.unitA } });

/** What beforeAll seeded in the matrix's database; the cases read it when they run. */
export const seeded = {
  paperA: { batchId: 0, serials: [], entered: [], answers: {} } as PaperFixture,
  interviewA: { listId: 0, contactIds: [], answers: {} } as InterviewFixture,
  /** Closed by the close case: a closed list takes no more calls, so not interviewA. */
  interviewToClose: 0,
  kioskA: 0,
  campaignA: 0,
  campaignToDelete: 0,
  officerA: 0,
  officerKiosk: 0,
};
