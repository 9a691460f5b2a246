import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES } from '../server/plugins/input-guard.js';
import { startFormTestApp } from './form-fixtures.js';
import { nestedText } from './fuzz-arbitraries.js';
import { formTargets, routeSpecs, signInAdmin, type RouteSpec } from './fuzz-harness.js';
import type { TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';

/**
 * Issue #9: hostile input answers a 4xx in the one error shape, never a 500 (which the phone
 * outbox would retry forever), writes nothing, and leaves the server healthy. Each case here was a
 * 500, or a 201 that stored a value that broke the exports, before plugins/input-guard.ts.
 */

interface Answer {
  status: number;
  body: { code?: string; message?: string; fields?: Array<{ path: string; message: string }>; error?: unknown };
}

const DAY = 24 * 3600_000;

describe('hostile input', () => {
  let t: TestApp;
  let admin: Record<string, string>;
  let tthc: { code: string; versionId: number; definition: TSurveyDefinition };
  let specs: RouteSpec[];
  let stored = 0;

  async function call(method: string, path: string, body?: string, contentType = 'application/json'): Promise<Answer> {
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: body === undefined ? admin : { ...admin, 'content-type': contentType },
      body,
    });
    const text = await res.text();
    let parsed: Answer['body'] = {};
    try {
      parsed = JSON.parse(text) as Answer['body'];
    } catch {
      // Not JSON: the shape checks below fail with the status in the message.
    }
    return { status: res.status, body: parsed };
  }

  /** The one error shape: code, message, optional fields with paths; mirrored under `error`. */
  function expectRefused(res: Answer, status: number, code: string, path?: string | RegExp) {
    expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
    expect(typeof res.body.message).toBe('string');
    expect(res.body.error).toEqual({ code: res.body.code, message: res.body.message, fields: res.body.fields });
    if (path !== undefined) {
      expect(res.body.fields?.map((f) => f.path)).toContainEqual(
        path instanceof RegExp ? expect.stringMatching(path) : path,
      );
    }
  }

  const rowCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('responses')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const submission = (extra: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    linkCode: tthc.code,
    versionId: tthc.versionId,
    answers: validAnswers(tthc.definition),
    startedAt: new Date(Date.now() - 120_000).toISOString(),
    ...extra,
  });
  const submit = (body: unknown) =>
    call('POST', '/api/v1/public/responses', typeof body === 'string' ? body : JSON.stringify(body));
  /** Submits, expects the refusal, and checks that nothing was written. */
  async function refusedSubmission(body: unknown, status: number, code: string, path?: string | RegExp) {
    const before = await rowCount();
    expectRefused(await submit(body), status, code, path);
    expect(await rowCount()).toBe(before);
  }

  beforeAll(async () => {
    t = await startFormTestApp({ SUBMIT_RATE_LIMIT_PER_MINUTE: '100000' });
    admin = await signInAdmin({ url: t.url, db: t.db });
    tthc = (await formTargets(t.db)).find((f) => f.definition.slug === 'tthc-services')!;
    specs = routeSpecs(t.app);
    stored = await rowCount();
  });
  afterAll(() => t.close());

  describe('NUL and lone surrogates in a body', () => {
    const cases: Array<[string, () => unknown, string]> = [
      ['NUL in the comment', () => submission({ comment: 'Tốt\u0000lắm' }), 'comment'],
      ['a lone high surrogate in the comment', () => submission({ comment: 'Tốt \ud83d' }), 'comment'],
      [
        'a lone low surrogate in a text answer',
        () => submission({ answers: { ...validAnswers(tthc.definition), suggestions: 'x\udc00y' } }),
        'answers.suggestions',
      ],
      [
        'NUL in an answer key',
        () => submission({ answers: { ...validAnswers(tthc.definition), 'k\u0000': 1 } }),
        'answers.k\ufffd',
      ],
      ['NUL in the link code', () => submission({ linkCode: `${tthc.code}\u0000` }), 'linkCode'],
      ['NUL in the honeypot', () => submission({ website: '\u0000' }), 'website'],
    ];
    for (const [name, body, path] of cases) {
      it(`refuses ${name}: 400 naming the field, nothing stored`, async () => {
        await refusedSubmission(body(), 400, 'invalid_input', path);
      });
    }

    it('refuses them in every JSON body, not only submissions', async () => {
      const unit = await t.db.selectFrom('units').select('code').executeTakeFirstOrThrow();
      expectRefused(
        await call('PATCH', `/api/v1/units/${unit.code}`, JSON.stringify({ name: 'Trường\u0000' })),
        400,
        'invalid_input',
        'name',
      );
      expectRefused(
        await call('POST', '/api/v1/auth/login', JSON.stringify({ email: 'a\ud800@b.vn', password: 'x' })),
        400,
        'invalid_input',
        'email',
      );
      // A CSV taken as text: NUL anywhere in it.
      expectRefused(
        await call('POST', '/api/v1/units/import', 'code,name\nX,Y\u0000', 'text/csv'),
        400,
        'invalid_input',
        'body',
      );
    });
  });

  describe('NUL and bad escapes in the URL', () => {
    it('answers 400 for %00 in each query parameter of every route', async () => {
      const problems: string[] = [];
      const jobs = specs.flatMap((spec) => [...spec.query, 'x'].map((key) => ({ spec, key })));
      expect(jobs.length).toBeGreaterThan(150);
      await Promise.all(
        [0, 1, 2, 3].map(async (lane) => {
          for (let i = lane; i < jobs.length; i += 4) {
            const { spec, key } = jobs[i]!;
            const path = spec.url.replace(/:\w+|\*/g, 'x');
            const res = await call(spec.method, `${path}?${key}=a%00b`, spec.method === 'GET' ? undefined : '{}');
            const ok =
              res.status === 400 && res.body.code === 'invalid_input' && res.body.fields?.[0]?.path === `query.${key}`;
            if (!ok) problems.push(`${spec.method} ${spec.url} ?${key}: ${res.status} ${JSON.stringify(res.body)}`);
          }
        }),
      );
      expect(problems).toEqual([]);
    });

    it('answers 400 for %00 in each path parameter of every route', async () => {
      const problems: string[] = [];
      for (const spec of specs.filter((s) => /:\w+/.test(s.url))) {
        for (const [, name] of spec.url.matchAll(/:(\w+)/g)) {
          const path = spec.url.replace(/:(\w+)/g, (_, n: string) => (n === name ? 'a%00b' : 'x'));
          const res = await call(spec.method, path, spec.method === 'GET' ? undefined : '{}');
          const ok = res.status === 400 && res.body.fields?.[0]?.path === `params.${name}`;
          if (!ok) problems.push(`${spec.method} ${spec.url} :${name}: ${res.status} ${JSON.stringify(res.body)}`);
        }
      }
      expect(problems).toEqual([]);
    });

    it('answers 400 for escapes that are no UTF-8 (a lone surrogate, %FF), in the query and in the path', async () => {
      for (const bad of ['%ED%A0%80', '%FF', '%E0%A4', '%C0%80']) {
        expectRefused(await call('GET', `/api/v1/units?q=${bad}`), 400, 'invalid_input', 'query.q');
        expectRefused(
          await call('GET', `/api/v1/public/transparency?sur${bad}vey=1`),
          400,
          'invalid_input',
          /^query\./,
        );
        expectRefused(await call('GET', `/f/${bad}`), 400, 'bad_url');
        expectRefused(await call('GET', `/api/v1/links/a${bad}`), 400, 'bad_url');
      }
      // A bare % in a search is no escape at all: left to the route.
      expect((await call('GET', '/api/v1/units?q=100%')).status).toBe(200);
    });
  });

  describe('timestamps', () => {
    const now = () => Date.now();
    const refused: Array<[string, () => Record<string, string>, string]> = [
      ['year 0001', () => ({ startedAt: '0001-01-01T00:00:00Z' }), 'body.startedAt'],
      ['year 9999', () => ({ startedAt: '9999-12-31T23:59:59Z' }), 'body.startedAt'],
      ['year 0000', () => ({ finishedAt: '0000-01-01T00:00:00Z' }), 'body.finishedAt'],
      [
        'an offset of +15:00',
        () => ({ startedAt: new Date(now()).toISOString().replace('Z', '+15:00') }),
        'body.startedAt',
      ],
      [
        'an offset of −23:59',
        () => ({ finishedAt: new Date(now()).toISOString().replace('Z', '-23:59') }),
        'body.finishedAt',
      ],
      ['31 days ago', () => ({ startedAt: new Date(now() - 31 * DAY).toISOString() }), 'body.startedAt'],
      ['two days ahead', () => ({ finishedAt: new Date(now() + 2 * DAY).toISOString() }), 'body.finishedAt'],
    ];
    for (const [name, extra, path] of refused) {
      it(`refuses ${name}`, async () => {
        await refusedSubmission(submission(extra()), 400, 'validation_failed', path);
      });
    }

    it('accepts the edges of the window, offsets from −12:00 to +14:00, and stores the instant', async () => {
      const at = (ms: number, offset: string) => {
        const sign = offset[0] === '-' ? -1 : 1;
        const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
        return new Date(ms + minutes * 60_000).toISOString().replace('Z', offset);
      };
      const cases = [
        { startedAt: at(now() - 29 * DAY, '+14:00'), finishedAt: at(now(), '-12:00') },
        { startedAt: at(now() - 3600_000, '+07:00'), finishedAt: at(now() + 23 * 3600_000, '+07:00') },
      ];
      for (const extra of cases) {
        const body = submission(extra);
        const res = await submit(body);
        expect(res.status).toBe(201);
        stored++;
        const row = await t.db
          .selectFrom('responses')
          .select('started_at')
          .where('id', '=', body.id)
          .executeTakeFirst();
        expect(row!.started_at).toEqual(new Date(extra.startedAt));
      }
    });
  });

  describe('dates in query parameters', () => {
    it('a day that does not exist or is out of range is a 400 on every date filter', async () => {
      const paths = [
        '/api/v1/audit?',
        '/api/v1/analytics/summary?survey=tthc-services&',
        '/api/v1/exports/responses.csv?survey=tthc-services&',
      ];
      for (const path of paths) {
        for (const [from, to] of [
          ['0000-01-01', '2026-01-01'],
          ['2026-02-30', '2026-03-01'],
          ['2026-01-01', '10000-01-01'],
        ]) {
          const res = await call('GET', `${path}from=${from}&to=${to}`);
          expectRefused(res, 400, 'validation_failed');
        }
      }
    });
  });

  describe('deep, huge and odd JSON', () => {
    it(`refuses answers nested past ${MAX_JSON_DEPTH} levels before anything recurses into them`, async () => {
      const at = (levels: number) =>
        JSON.stringify(submission()).replace(/"answers":\{[^}]*\}/, `"answers":${nestedText(levels, false)}`);
      // The body is level 1, answers level 2: 31 arrays inside make 32 levels, within the bound.
      expectRefused(await submit(at(MAX_JSON_DEPTH - 1)), 400, 'validation_failed', 'body.answers');
      await refusedSubmission(at(MAX_JSON_DEPTH), 400, 'too_deep', /^answers(\.0)+$/);
      await refusedSubmission(at(20_000), 400, 'too_deep', /^answers(\.0)+$/);
      const objects = JSON.stringify(submission()).replace(
        /"answers":\{[^}]*\}/,
        `"answers":${nestedText(10_000, true)}`,
      );
      await refusedSubmission(objects, 400, 'too_deep', /^answers(\.a)+$/);
      // 100,000 levels on a route that takes 256 KB.
      expectRefused(await call('POST', '/api/v1/definitions/validate', nestedText(100_000, false)), 400, 'too_deep');
    });

    it(`refuses more than ${MAX_JSON_VALUES} values in one body`, async () => {
      const many = JSON.stringify(submission()).replace(
        /"answers":\{[^}]*\}/,
        `"answers":[${'0,'.repeat(MAX_JSON_VALUES)}0]`,
      );
      await refusedSubmission(many, 400, 'too_many_values');
    });

    it('refuses numbers JSON cannot hold, and ids past int4', async () => {
      const text = JSON.stringify(submission());
      await refusedSubmission(text.replace(/"versionId":\d+/, '"versionId":1e400'), 400, 'invalid_input', 'versionId');
      await refusedSubmission(submission({ versionId: 1e20 }), 400, 'validation_failed', 'body.versionId');
      await refusedSubmission(submission({ versionId: 2 ** 31 }), 400, 'validation_failed', 'body.versionId');
      const likert = tthc.definition.questions.find((q) => q.type === 'likert5')!.key;
      await refusedSubmission(
        submission({ answers: { ...validAnswers(tthc.definition), [likert]: 1e308 } }),
        400,
        'validation_failed',
        `answers.${likert}`,
      );
    });
  });

  describe("Fastify's own errors, in the app's shape", () => {
    it('invalid JSON, an empty body and prototype poisoning: 400', async () => {
      await refusedSubmission('{"id":', 400, 'invalid_json');
      await refusedSubmission('', 400, 'empty_body');
      await refusedSubmission('{"__proto__":{"isAdmin":true}}', 400, 'invalid_json');
      await refusedSubmission('{"constructor":{"prototype":{"isAdmin":true}}}', 400, 'invalid_json');
    });

    it('a body over the limit: 413', async () => {
      await refusedSubmission(submission({ comment: 'x'.repeat(70 * 1024) }), 413, 'body_too_large', 'body');
      const big = JSON.stringify({ email: 'a@b.vn', password: 'x'.repeat(300 * 1024) });
      expectRefused(await call('POST', '/api/v1/auth/login', big), 413, 'body_too_large');
    });

    it('a content type a JSON route does not take: 415 (FST_ERR_CTP_INVALID_MEDIA_TYPE)', async () => {
      const text = JSON.stringify(submission());
      for (const type of ['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded']) {
        const before = await rowCount();
        const res = await call('POST', '/api/v1/public/responses', text, type);
        expectRefused(res, 415, 'unsupported_media_type');
        // The message mapped from FST_ERR_CTP_INVALID_MEDIA_TYPE (FST_ERR_CTP_INVALID_TYPE has another).
        expect(res.body.message).toMatch(/hãy gửi application\/json/);
        expect(await rowCount()).toBe(before);
      }
      // The unit import still takes its CSV as text/csv and text/plain.
      for (const type of ['text/csv', 'text/plain']) {
        const csv = 'code,name,kind,level,parent_code,ward,enrolment\nVP-SO,Văn phòng Sở,office,,SGDDT,,';
        const res = await call('POST', '/api/v1/units/import', csv, type);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
      }
    });
  });

  it('leaves the server healthy: /readyz 200, a valid answer 201, and only the accepted answers stored', async () => {
    expect((await call('GET', '/readyz')).status).toBe(200);
    expect((await submit(submission())).status).toBe(201);
    expect(await rowCount()).toBe(stored + 1);
  });
});
