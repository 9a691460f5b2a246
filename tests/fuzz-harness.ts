import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { SCORING_METHOD_KEYS } from '../domain/methods.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import type { App } from '../server/app.js';
import { hashPassword } from '../server/auth/passwords.js';
import { CSRF_HEADER } from '../server/auth/plugin.js';
import type { Database } from '../server/db/schema.js';
import { newLinkCode } from '../server/links/codes.js';
import { parameterValue, percentEncode, rawTail, type FormTarget, type FuzzBody } from './fuzz-arbitraries.js';
import { validAnswers } from './helpers/answers.js';

/**
 * Runs the fuzz against a real server over HTTP: shared by tests/fuzz.test.ts (a bounded sample)
 * and bench/fuzz.ts (the full count). Nothing here imports vitest, so the bench can use it.
 */

export interface Server {
  url: string;
  db: Database;
}

export interface Failure {
  status: number | 'timeout' | 'network';
  request: string;
  response: string;
}

/** "POST /api/v1/…" with its query keys, for every route of the app (API or not). */
export interface RouteSpec {
  method: string;
  url: string;
  query: string[];
}

/** The keys of a zod object schema (querystring), as the security tests read them. */
function queryKeys(schema: unknown): string[] {
  const s = schema as {
    shape?: Record<string, unknown>;
    _zod?: { def?: { in?: { shape?: Record<string, unknown> } } };
  };
  return Object.keys(s?.shape ?? s?._zod?.def?.in?.shape ?? {});
}

/** Routes outside /api/v1 (pages, docs, health) from Fastify's printed tree: the table only lists the API. */
function printedRoutes(tree: string): Array<{ method: string; url: string }> {
  const paths: string[] = [];
  const out: Array<{ method: string; url: string }> = [];
  for (const line of tree.split('\n')) {
    const m = /^(.*?)[├└]── (.*?)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const parent = depth === 0 ? '' : paths[depth - 1]!;
    // A wildcard is printed without the slash before it ("admin" then "*" for /admin/*).
    const url = m[2] === '*' && !parent.endsWith('/') ? `${parent}/*` : parent + m[2]!;
    paths[depth] = url;
    for (const method of (m[3] ?? '').split(', ').filter(Boolean)) out.push({ method, url });
  }
  return out;
}

export function routeSpecs(app: App): RouteSpec[] {
  const specs: RouteSpec[] = app.routeAccessTable.map((r) => ({
    method: r.method,
    url: r.url,
    query: queryKeys(r.schema.querystring),
  }));
  for (const r of printedRoutes(app.printRoutes({ commonPrefix: false }))) {
    if (r.method === 'HEAD' || r.url.startsWith('/api/v1/') || r.url.includes('|')) continue;
    specs.push({ method: r.method, url: r.url, query: [] });
  }
  // Signing out would stop the sweep's own session; those two take no parameters anyway.
  return specs.filter((s) => !/^\/api\/v1\/auth\/logout/.test(s.url));
}

/** An admin session (cookie and CSRF header), so access checks do not stop requests before validation. */
export async function signInAdmin(server: Server): Promise<Record<string, string>> {
  const email = `fuzz-admin-${randomUUID()}@test.hailong.vn`;
  const password = 'fuzz admin passphrase 2026';
  const user = await server.db
    .insertInto('users')
    .values({ email, display_name: 'Quản trị thử', password_hash: await hashPassword(password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await server.db.insertInto('user_roles').values({ user_id: user.id, role: 'admin', unit_id: null }).execute();
  const res = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`fuzz admin sign-in failed: ${res.status}`);
  const body = (await res.json()) as { user: { csrfToken: string } };
  const cookie = (res.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  return { cookie, [CSRF_HEADER]: body.user.csrfToken };
}

/** One active link per survey with its newest version: where valid answers go. */
export async function formTargets(db: Database): Promise<FormTarget[]> {
  const { rows } = await sql<{ code: string; version_id: number; definition: TSurveyDefinition }>`
    select distinct on (l.survey_id) l.code, v.id as version_id, v.definition
      from links l
      join lateral (select id, definition from survey_versions
                     where survey_id = l.survey_id and retired_at is null order by number desc limit 1) v on true
     where l.retired_at is null order by l.survey_id, l.id`.execute(db);
  return rows.map((r) => ({ code: r.code, versionId: Number(r.version_id), definition: r.definition }));
}

/**
 * Values that pass validation, per parameter name, so that generated requests reach handlers and
 * queries, not only the schemas. Links and users here are made for the sweep: it may retire or reset them.
 */
export async function knownValues(db: Database): Promise<Record<string, string[]>> {
  const units = await db.selectFrom('units').select(['id', 'code', 'ward']).orderBy('id').limit(5).execute();
  const surveys = await db.selectFrom('surveys').select(['id', 'slug']).execute();
  const link = newLinkCode();
  await db
    .insertInto('links')
    .values({ code: link, survey_id: surveys[0]!.id, unit_id: units[0]!.id, channel: 'fuzz' })
    .execute();
  const user = await db
    .insertInto('users')
    .values({ email: `fuzz-${randomUUID()}@test.hailong.vn`, display_name: 'Người dùng thử', password_hash: 'x' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const response = await db.selectFrom('responses').select('id').limit(1).executeTakeFirst();
  const periods = ['Q1-2026', 'H2-2026', 'Y-2026', '2026-01-01..2026-03-31', '0001-01-01..9999-12-31', 'Y-9999'];
  const dates = ['2026-01-01', '2026-12-31', '0001-01-01', '9999-12-31', '2026-02-29'];
  const unitCodes = units.map((u) => u.code);
  return {
    code: [link, ...unitCodes],
    slug: surveys.map((s) => s.slug),
    number: ['1', '2', '0'],
    id: [String(user.id), ...(response ? [response.id] : [])],
    file: periods.map((p) => `${p}.csv`).concat(['Q1-2026.pdf', 'Y-2026.xlsx']),
    period: periods,
    survey: surveys.map((s) => s.slug).concat(['public-education-parents']),
    family: ['public-education-parents'],
    from: dates,
    to: dates,
    until: ['Q1-2026', 'Q4-2026', ...dates],
    unit: unitCodes,
    parent: unitCodes,
    ward: units.map((u) => u.ward).filter((w): w is string => !!w),
    level: ['mam_non', 'tieu_hoc', 'thcs', 'thpt'],
    kind: ['school', 'department', 'ward'],
    channel: ['qr', 'fuzz'],
    version: ['1', '2'],
    method: [...SCORING_METHOD_KEYS],
    bucket: ['week', 'month', 'quarter'],
    by: ['unit', 'criterion', 'level', 'ward', 'channel', 'survey', 'version'],
    q: ['Trường', 'a'],
    page: ['1', '2', '0', '1000000'],
    pageSize: ['1', '50', '100', '100000'],
    includeFlagged: ['true', 'false'],
    includeRetired: ['true', 'false'],
    year: ['2026', '2025', '0', '9999'],
    quarters: ['1', '4', '1000'],
    status: ['pending', 'accepted', 'rejected'],
    flag: ['too_fast', 'burst', 'honeypot', 'duplicate_device'],
    size: ['A4', 'A5'],
    dpi: ['150', '300'],
    role: ['admin', 'analyst', 'unit_manager'],
  };
}

async function send(url: string, init: RequestInit): Promise<{ status: number; text: string; json: boolean }> {
  const res = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  const text = init.method === 'HEAD' ? '' : await res.text();
  return { status: res.status, text, json: (res.headers.get('content-type') ?? '').includes('json') };
}

/** A 4xx from the API must carry the one error shape. */
function hasErrorShape(text: string): boolean {
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown; fields?: unknown };
    return (
      typeof body.code === 'string' &&
      typeof body.message === 'string' &&
      (body.fields === undefined || Array.isArray(body.fields))
    );
  } catch {
    return false;
  }
}

async function inParallel<T>(items: T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const countRows = async (db: Database) =>
  Number(
    (
      await db
        .selectFrom('responses')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';
const clip = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);

export interface SubmissionReport {
  sent: number;
  valid: number;
  byStatus: Record<string, number>;
  /** Rows the run added, and the 201s it got: equal when no refusal wrote anything. */
  rowsAdded: number;
  created: number;
  /** Ids answered 4xx that are in the table all the same. */
  storedDespiteRefusal: string[];
  /** 5xx, a valid answer not stored, or a 4xx without the error shape. */
  failures: Failure[];
  seconds: number;
}

/** Sends every body to POST /api/v1/public/responses, each under a fresh id, and checks the table after. */
export async function fuzzSubmissions(server: Server, bodies: FuzzBody[], concurrency = 4): Promise<SubmissionReport> {
  const started = performance.now();
  const before = await countRows(server.db);
  const byStatus: Record<string, number> = {};
  const created = new Set<string>();
  const refused = new Set<string>();
  const failures: Failure[] = [];
  await inParallel(bodies, concurrency, async (b) => {
    const id = randomUUID();
    const text = b.text.replaceAll(PLACEHOLDER_ID, id);
    const request = `${b.label}: ${clip(text)}`;
    let res: Awaited<ReturnType<typeof send>>;
    try {
      res = await send(`${server.url}/api/v1/public/responses`, {
        method: 'POST',
        headers: { 'content-type': b.contentType },
        body: text,
      });
    } catch (err) {
      failures.push({
        status: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network',
        request,
        response: String(err),
      });
      return;
    }
    byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    if (res.status === 201) created.add(id);
    const refusedOk = res.status >= 400 && res.status < 500 && hasErrorShape(res.text);
    if (res.status >= 400 && res.status < 500) refused.add(id);
    const ok = b.valid ? res.status === 201 || res.status === 200 : res.status < 400 || refusedOk;
    if (!ok) failures.push({ status: res.status, request, response: clip(res.text) });
  });
  const rowsAdded = (await countRows(server.db)) - before;
  const suspects = [...refused].filter((id) => !created.has(id));
  const stored =
    suspects.length === 0
      ? []
      : (await server.db.selectFrom('responses').select('id').where('id', 'in', suspects).execute()).map((r) => r.id);
  return {
    sent: bodies.length,
    valid: bodies.filter((b) => b.valid).length,
    byStatus,
    rowsAdded,
    created: created.size,
    storedDespiteRefusal: stored,
    failures,
    seconds: (performance.now() - started) / 1000,
  };
}

export interface RouteReport {
  routes: number;
  sent: number;
  byStatus: Record<string, number>;
  failures: Failure[];
  /** Admin sign-ins the sweep needed (1 when no request ended its session). */
  signIns: number;
  seconds: number;
}

interface RouteRequest {
  params: Record<string, string>;
  tails: Record<string, string>;
  query: Array<[string, string, string]>;
}

function requestsFor(spec: RouteSpec, known: Record<string, string[]>, runs: number, seed: number): RouteRequest[] {
  const names = [...spec.url.matchAll(/:(\w+)|\*/g)].map((m) => m[1] ?? '*');
  const value = (name: string) => parameterValue(known[name] ?? []);
  const params = fc.record(Object.fromEntries(names.map((n) => [n, value(n)])));
  const tails = fc.record(Object.fromEntries(names.map((n) => [n, rawTail])));
  const keys = spec.query.length > 0 ? fc.subarray(spec.query) : fc.constant([] as string[]);
  const query = fc
    .tuple(
      keys,
      fc.option(fc.oneof(fc.constantFrom('x', 'survey', 'unit'), fc.string({ maxLength: 8 })), { nil: undefined }),
    )
    .chain(([chosen, extra]) => {
      const all = extra === undefined ? chosen : [...chosen, extra];
      return fc.tuple(...all.map((k) => fc.tuple(fc.constant(k), value(k), rawTail)));
    });
  return fc.sample(fc.record({ params, tails, query }), { numRuns: runs, seed });
}

function urlOf(spec: RouteSpec, r: RouteRequest): string {
  const path = spec.url.replace(/:(\w+)|\*/g, (_, name: string | undefined) => {
    const key = name ?? '*';
    return percentEncode(r.params[key] ?? '') + (r.tails[key] ?? '');
  });
  const query = r.query.map(([k, v, tail]) => `${percentEncode(k)}=${percentEncode(v)}${tail}`).join('&');
  return query ? `${path}?${query}` : path;
}

/**
 * Generated path and query values for every route, signed in as admin: anything but a 5xx. A
 * generated request may end the admin's own session (a password reset of a user id that happens
 * to be theirs): on a 401 the sweep signs a new admin in and sends that request again.
 */
export async function fuzzRoutes(
  server: Server,
  signIn: () => Promise<Record<string, string>>,
  specs: RouteSpec[],
  known: Record<string, string[]>,
  options: { runsPerRoute: number; seed: number; concurrency?: number },
): Promise<RouteReport> {
  const started = performance.now();
  const byStatus: Record<string, number> = {};
  const failures: Failure[] = [];
  let session = await signIn();
  let signIns = 1;
  let renewing: Promise<void> | undefined;
  const renew = (stale: Record<string, string>) => {
    if (session !== stale) return Promise.resolve();
    renewing ??= signIn().then((fresh) => {
      session = fresh;
      signIns++;
      renewing = undefined;
    });
    return renewing;
  };
  const jobs = specs.flatMap((spec, i) =>
    requestsFor(spec, known, options.runsPerRoute, options.seed + i).map((r) => ({ spec, url: urlOf(spec, r) })),
  );
  await inParallel(jobs, options.concurrency ?? 4, async ({ spec, url }) => {
    const request = `${spec.method} ${clip(url)}`;
    const hasBody = !['GET', 'HEAD'].includes(spec.method);
    const attempt = (headers: Record<string, string>) =>
      send(`${server.url}${url}`, {
        method: spec.method,
        headers: hasBody ? { ...headers, 'content-type': 'application/json' } : headers,
        body: hasBody ? '{}' : undefined,
      });
    let res: Awaited<ReturnType<typeof send>>;
    try {
      const used = session;
      res = await attempt(used);
      if (res.status === 401) {
        await renew(used);
        res = await attempt(session);
      }
    } catch (err) {
      failures.push({
        status: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network',
        request,
        response: String(err),
      });
      return;
    }
    byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
    const shapeMissing = res.status >= 400 && res.status < 500 && res.json && !hasErrorShape(res.text);
    if (res.status >= 500 || shapeMissing) failures.push({ status: res.status, request, response: clip(res.text) });
  });
  const seconds = (performance.now() - started) / 1000;
  return { routes: specs.length, sent: jobs.length, byStatus, failures, signIns, seconds };
}

/** After the storm: the database answers, and a plain valid answer is stored. */
export async function healthAfter(server: Server, form: FormTarget): Promise<{ readyz: number; submit: number }> {
  const readyz = (await send(`${server.url}/readyz`, { method: 'GET' })).status;
  const answers = validAnswers(form.definition);
  const body = { id: randomUUID(), linkCode: form.code, versionId: form.versionId, answers };
  const submit = (
    await send(`${server.url}/api/v1/public/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  ).status;
  return { readyz, submit };
}
