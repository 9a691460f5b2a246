import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson } from '../domain/canonical-json.js';
import { startFormTestApp } from './form-fixtures.js';
import { submissionBodies, type FormTarget } from './fuzz-arbitraries.js';
import {
  formTargets,
  fuzzRoutes,
  fuzzSubmissions,
  healthAfter,
  knownValues,
  routeSpecs,
  signInAdmin,
  type Server,
} from './fuzz-harness.js';
import type { TestApp } from './helpers/app.js';

/**
 * Property-based fuzzing against the real server and database: generated bodies for the public
 * submission, and generated path and query values for every route. A bounded sample here
 * (FUZZ_RUNS bodies, default 150; FUZZ_SEED to replay a failure); bench/fuzz.ts runs 10,000+.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const ROUTE_RUNS = Math.max(3, Math.ceil(RUNS / 60));

/** The recursive original, kept to prove the iterative one writes exactly the same text (stored hashes depend on it). */
function recursiveCanonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(recursiveCanonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${recursiveCanonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

describe('canonicalJson', () => {
  it('writes the same text as the recursive original, for any JSON value', () => {
    const withUndefined = fc.dictionary(fc.string(), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), withUndefined), (v) => {
        expect(canonicalJson(v)).toBe(recursiveCanonicalJson(v));
      }),
      { numRuns: 500 },
    );
  });

  it('walks 50,000 levels of nesting without overflowing the stack', () => {
    const deep = JSON.parse('['.repeat(50_000) + '{"b":1,"a":2}' + ']'.repeat(50_000)) as unknown;
    expect(() => recursiveCanonicalJson(deep)).toThrow(RangeError);
    const text = canonicalJson(deep);
    expect(text).toBe('['.repeat(50_000) + '{"a":2,"b":1}' + ']'.repeat(50_000));
  });
});

describe(`fuzz (${RUNS} bodies, ${ROUTE_RUNS} per route, seed ${SEED})`, () => {
  let t: TestApp;
  let server: Server;
  let forms: FormTarget[];

  beforeAll(async () => {
    t = await startFormTestApp({ SUBMIT_RATE_LIMIT_PER_MINUTE: '1000000' });
    server = { url: t.url, db: t.db };
    forms = await formTargets(t.db);
  });
  afterAll(() => t.close());

  it('POST /api/v1/public/responses: valid bodies are stored, hostile ones get a 4xx and write nothing', async () => {
    const bodies = fc.sample(submissionBodies(forms), { numRuns: RUNS, seed: SEED });
    const report = await fuzzSubmissions(server, bodies);
    expect(report.failures, `seed ${SEED}`).toEqual([]);
    expect(report.storedDespiteRefusal).toEqual([]);
    expect(report.rowsAdded).toBe(report.created);
    expect(report.created).toBeGreaterThanOrEqual(report.valid);
    expect(report.valid).toBeGreaterThan(0);
  });

  it('every route: generated path and query values never give a 5xx; the pool is healthy after', async () => {
    const specs = routeSpecs(t.app);
    expect(specs.length).toBeGreaterThan(40);
    const report = await fuzzRoutes(server, () => signInAdmin(server), specs, await knownValues(t.db), {
      runsPerRoute: ROUTE_RUNS,
      seed: SEED,
    });
    expect(report.failures, `seed ${SEED}`).toEqual([]);
    expect(await healthAfter(server, forms[0]!)).toEqual({ readyz: 200, submit: 201 });
  });
});
