import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { DEFINITIONS_DIR, publishDefinitions } from '../server/definitions/publish.js';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';

interface Target {
  code: string;
  linkId: number;
  unitId: number;
  versionId: number;
  definition: TSurveyDefinition;
}

let ipCounter = 0;
/** Each test speaks from its own address (TRUST_PROXY is on), so the per-IP ceiling is per test. */
const freshIp = () => `198.51.100.${++ipCounter}`;

describe('POST /api/v1/public/responses', () => {
  let t: TestApp;
  let tthc: Target;
  let school: Target;
  let ip: string;

  async function target(unitCode: string, slug: string): Promise<Target> {
    const row = await t.db
      .selectFrom('links as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .innerJoin('surveys as s', 's.id', 'l.survey_id')
      .innerJoin('survey_versions as v', 'v.survey_id', 's.id')
      .select(['l.code', 'l.id as linkId', 'u.id as unitId', 'v.id as versionId', 'v.definition'])
      .where('u.code', '=', unitCode)
      .where('s.slug', '=', slug)
      .where('l.retired_at', 'is', null)
      .orderBy('v.number', 'desc')
      .executeTakeFirstOrThrow();
    return { ...row, definition: row.definition as TSurveyDefinition };
  }

  const post = (body: unknown, from = ip) =>
    t
      .request()
      .post('/api/v1/public/responses')
      .set('x-forwarded-for', from)
      .send(body as object);
  const body = (tg: Target, extra: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    linkCode: tg.code,
    versionId: tg.versionId,
    answers: validAnswers(tg.definition),
    startedAt: new Date(Date.now() - 120_000).toISOString(),
    ...extra,
  });
  const rowCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('responses')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const row = (id: string) => t.db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirst();

  beforeAll(async () => {
    t = await startFormTestApp({ TRUST_PROXY: '127.0.0.1' });
    tthc = await target('VP-SO', 'tthc-services');
    const school0 = await t.db
      .selectFrom('units')
      .select('code')
      .where('level', '=', 'tieu_hoc')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    school = await target(school0.code, 'education-parents-tieu-hoc');
  });
  afterAll(() => t.close());
  beforeEach(() => {
    ip = freshIp();
  });

  describe('storing exactly once', () => {
    it('answers 201 { id } after the commit, with keyed hashes and no raw IP or device token', async () => {
      const b = body(tthc, { deviceToken: 'device-token-0123456789abcdef' });
      const res = await post(b);
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: b.id });
      // Read through another connection: the row is committed.
      const stored = await row(b.id);
      expect(stored).toMatchObject({
        version_id: tthc.versionId,
        unit_id: tthc.unitId,
        link_id: tthc.linkId,
        channel: 'qr',
        answers: b.answers,
        comment: null,
        flags: [],
        review_status: 'accepted',
      });
      expect(stored!.started_at).toEqual(new Date(b.startedAt));
      expect(stored!.ip_hash).toMatch(/^[\w-]{43}$/);
      expect(stored!.device_hash).toMatch(/^[\w-]{43}$/);
      expect(JSON.stringify(stored)).not.toContain(ip);
      expect(JSON.stringify(stored)).not.toContain('device-token-0123456789abcdef');
      const key = await t.db
        .selectFrom('app_secrets')
        .select('name')
        .where('name', '=', 'integrity_hmac_key')
        .execute();
      expect(key).toHaveLength(1);
    });

    it('answers a replay of the same id and body with 200 and stores nothing more; another body is 409', async () => {
      const b = body(school, { comment: '  Cảm ơn thầy cô.  ' });
      expect((await post(b)).status).toBe(201);
      const before = await rowCount();
      // A re-send from the outbox may carry other metadata (a later finish time, another IP).
      const replay = await post({ ...b, finishedAt: new Date().toISOString() }, freshIp());
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual({ id: b.id });
      expect(await rowCount()).toBe(before);
      expect((await row(b.id))!.comment).toBe('Cảm ơn thầy cô.');

      const other = await post({ ...b, answers: validAnswers(school.definition, 2) });
      expect(other.status).toBe(409);
      expect(other.body.error.code).toBe('id_conflict');
      expect((await row(b.id))!.answers).toEqual(b.answers);
      expect((await post({ ...b, comment: 'Một góp ý khác' })).status).toBe(409);
    });

    it('stores one row when the same submission races itself', async () => {
      const b = body(tthc);
      const results = await Promise.all(Array.from({ length: 6 }, () => post(b)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 201]);
      const n = await t.db
        .selectFrom('responses')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('id', '=', b.id)
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(1);
    });
  });

  describe('refusing invalid answers with field errors and writing nothing', () => {
    const cases: Array<[string, (tg: Target) => Record<string, unknown>, string[]]> = [
      [
        'an unknown key',
        (tg) => ({ answers: { ...validAnswers(tg.definition), bogus_key: 5 } }),
        ['answers.bogus_key'],
      ],
      [
        'a wrong type',
        (tg) => ({ answers: { ...validAnswers(tg.definition), staff_attitude: '5', result_on_time: 'yes' } }),
        ['answers.staff_attitude', 'answers.result_on_time'],
      ],
      [
        'values out of range',
        (tg) => ({
          answers: { ...validAnswers(tg.definition), staff_attitude: 6, staff_guidance: 0, staff_competence: 4.5 },
        }),
        ['answers.staff_attitude', 'answers.staff_guidance', 'answers.staff_competence'],
      ],
      [
        'a missing required answer',
        (tg) => {
          const answers = validAnswers(tg.definition);
          delete answers.overall_satisfaction;
          return { answers };
        },
        ['answers.overall_satisfaction'],
      ],
      [
        'an option not in the list, and "not applicable" where it is not allowed',
        (tg) => ({ answers: { ...validAnswers(tg.definition), service_channel: 'bo_cau', staff_attitude: 'na' } }),
        ['answers.service_channel', 'answers.staff_attitude'],
      ],
      [
        'a text answer over its length',
        (tg) => ({ answers: { ...validAnswers(tg.definition), suggestions: 'x'.repeat(2001) } }),
        ['answers.suggestions'],
      ],
      ['a comment on a form without a comment box', () => ({ comment: 'Góp ý' }), ['comment']],
      ['answers that are not an object', () => ({ answers: [1, 2, 3] }), ['body.answers']],
      [
        'a bad id, version and start time',
        () => ({ id: 'not-a-uuid', versionId: 'one', startedAt: 'yesterday' }),
        ['body.id', 'body.startedAt', 'body.versionId'],
      ],
    ];

    for (const [name, change, paths] of cases) {
      it(`refuses ${name}`, async () => {
        const before = await rowCount();
        const res = await post(body(tthc, change(tthc)));
        expect(res.status).toBe(400);
        expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([...paths].sort());
        for (const f of res.body.error.fields) expect(f.message).toEqual(expect.any(String));
        expect(await rowCount()).toBe(before);
      });
    }

    it('refuses a comment over 2,000 characters where comments are allowed', async () => {
      const res = await post(body(school, { comment: 'y'.repeat(2001) }));
      expect(res.status).toBe(400);
      expect(res.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['comment']);
      expect((await post(body(school, { comment: 'y'.repeat(2000) }))).status).toBe(201);
    });

    it('refuses an oversized body with 413 (PRODUCT.md), not 500', async () => {
      const before = await rowCount();
      const res = await post(body(tthc, { website: '', padding: 'z'.repeat(70 * 1024) }));
      expect(res.status).toBe(413);
      expect(res.body.error.code).toBe('body_too_large');
      expect(await rowCount()).toBe(before);
    });

    it('refuses a version of another survey', async () => {
      const res = await post(body(tthc, { versionId: school.versionId }));
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual([{ path: 'versionId', message: expect.any(String) }]);
    });
  });

  describe('links', () => {
    it('answers 404 for an unknown link', async () => {
      const res = await post(body(tthc, { linkCode: 'ZZZZZZZZZZ' }));
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('link_not_found');
      expect((await post(body(tthc, { linkCode: 'nope' }))).status).toBe(404);
    });

    it('answers 410 for a retired link, but 200 to a replay of an answer stored before it retired', async () => {
      const link = await t.db
        .insertInto('links')
        .values({
          code: 'RETRETRET2',
          survey_id: (await surveyId('tthc-services'))!,
          unit_id: tthc.unitId,
          channel: 'tmp',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const stored = body({ ...tthc, code: 'RETRETRET2' });
      expect((await post(stored)).status).toBe(201);
      await t.db.updateTable('links').set({ retired_at: new Date() }).where('id', '=', link.id).execute();
      const before = await rowCount();
      const res = await post(body({ ...tthc, code: 'RETRETRET2' }));
      expect(res.status).toBe(410);
      expect(res.body.error.code).toBe('link_retired');
      expect(await rowCount()).toBe(before);
      expect((await post(stored)).status).toBe(200);
    });
  });

  async function surveyId(slug: string) {
    return (await t.db.selectFrom('surveys').select('id').where('slug', '=', slug).executeTakeFirst())?.id;
  }

  describe('integrity flags: kept, held for review', () => {
    it('flags a filled honeypot', async () => {
      const b = body(tthc, { website: 'http://spam.example' });
      expect((await post(b)).status).toBe(201);
      expect(await row(b.id)).toMatchObject({ flags: ['honeypot'], review_status: 'pending' });
    });

    it("flags an answer faster than the definition's minimum, judged on the phone's own clock", async () => {
      const quick = body(tthc, { startedAt: new Date(Date.now() - 5_000).toISOString() });
      expect((await post(quick)).status).toBe(201);
      expect(await row(quick.id)).toMatchObject({ flags: ['too_fast'], review_status: 'pending' });

      // A phone whose clock is an hour behind: 10 s between opening and sending is still too fast.
      const skewed = Date.now() - 3600_000;
      const behind = body(tthc, {
        startedAt: new Date(skewed).toISOString(),
        finishedAt: new Date(skewed + 10_000).toISOString(),
      });
      expect((await post(behind)).status).toBe(201);
      expect((await row(behind.id))!.flags).toEqual(['too_fast']);

      const fine = body(tthc, { startedAt: new Date(Date.now() - 60_000).toISOString() });
      expect((await post(fine)).status).toBe(201);
      expect(await row(fine.id)).toMatchObject({ flags: [], review_status: 'accepted' });
    });

    it('flags a burst from one device and the same answers sent twice from it', async () => {
      const device = `burst-device-${randomUUID()}`;
      const ids: string[] = [];
      for (let i = 1; i <= 5; i++) {
        const b = body(school, { deviceToken: device, answers: validAnswers(school.definition, i) });
        ids.push(b.id);
        expect((await post(b)).status).toBe(201);
      }
      const flags = await Promise.all(ids.map(async (id) => (await row(id))!.flags));
      expect(flags).toEqual([[], [], [], ['burst'], ['burst']]);

      const twin = `twin-device-${randomUUID()}`;
      const first = body(tthc, { deviceToken: twin });
      const second = body(tthc, { deviceToken: twin, answers: first.answers });
      expect((await post(first)).status).toBe(201);
      expect((await post(second)).status).toBe(201);
      expect((await row(first.id))!.flags).toEqual([]);
      expect(await row(second.id)).toMatchObject({ flags: ['duplicate_device'], review_status: 'pending' });
      // The same answers from another phone are two people agreeing.
      const other = body(tthc, { deviceToken: `other-device-${randomUUID()}`, answers: first.answers });
      expect((await post(other)).status).toBe(201);
      expect((await row(other.id))!.flags).toEqual([]);
    });

    it('has a generous per-IP ceiling (429 past it) that does not touch other addresses', async () => {
      const shared = freshIp();
      const statuses = await Promise.all(
        Array.from({ length: 120 }, () => post({ id: 'x' }, shared).then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 400)).toBe(true);
      const limited = await post(body(tthc), shared);
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect((await post(body(tthc), freshIp())).status).toBe(201);
    });
  });

  describe('versions', () => {
    it('keeps v1 valid after v2 is published: a form opened on v1 is stored as a v1 answer', async () => {
      const file = 'tthc-services.json';
      const v1 = JSON.parse(await readFile(path.join(DEFINITIONS_DIR, file), 'utf8')) as TSurveyDefinition;
      const v2 = {
        ...v1,
        questions: [
          ...v1.questions,
          {
            key: 'waiting_time',
            criterion: 'procedure',
            type: 'likert5',
            text: { vi: 'Thời gian chờ đến lượt', en: 'Waiting time' },
          },
        ],
      };
      await publishDefinitions(t.db, [{ file, text: JSON.stringify(v2) }]);
      const current = await t.request().get(`/api/v1/public/forms/${tthc.code}`);
      expect(current.body.version.number).toBe(2);
      const v2Id = current.body.version.id as number;
      expect(v2Id).not.toBe(tthc.versionId);

      // Opened before v2: v1's answers, v1's id.
      const old = body(tthc);
      expect((await post(old)).status).toBe(201);
      expect((await row(old.id))!.version_id).toBe(tthc.versionId);

      // v2 requires its new question; v1 never had it.
      const incomplete = await post(body(tthc, { versionId: v2Id }));
      expect(incomplete.status).toBe(400);
      expect(incomplete.body.error.fields).toEqual([{ path: 'answers.waiting_time', message: expect.any(String) }]);
      const unknownInV1 = await post(body(tthc, { answers: { ...validAnswers(tthc.definition), waiting_time: 4 } }));
      expect(unknownInV1.body.error.fields).toEqual([{ path: 'answers.waiting_time', message: expect.any(String) }]);
      const v2Answer = body(tthc, { versionId: v2Id, answers: { ...validAnswers(tthc.definition), waiting_time: 5 } });
      expect((await post(v2Answer)).status).toBe(201);
      expect((await row(v2Answer.id))!.version_id).toBe(v2Id);
      // v1's stored answers are untouched.
      expect((await row(old.id))!.answers).toEqual(old.answers);
    });
  });
});
