import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { insertResponses, setupSurveysAndUnits, TTHC_OTHER, TTHC_Q1 } from './analytics-fixtures.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

describe('review of flagged responses', () => {
  let t: TestApp;
  let admin: Agent;
  let adminId: number;
  let analyst: Agent;
  let pendingId: string;
  let ctx: Awaited<ReturnType<typeof setupSurveysAndUnits>>;
  const summary = async () =>
    (await analyst.get('/api/v1/analytics/summary?survey=tthc-services&period=Q1-2026&method=top2_pooled')).body as {
      n: number;
      responses: { accepted: number; pending: number; rejected: number };
    };
  beforeAll(async () => {
    t = await startTestApp();
    ctx = await setupSurveysAndUnits(t.db);
    await insertResponses(t.db, ctx, TTHC_Q1);
    pendingId = (await insertResponses(t.db, ctx, [TTHC_OTHER[1]!]))[0]!;
    await insertResponses(t.db, ctx, [TTHC_OTHER[2]!]);
    let user;
    ({ agent: admin, user } = await signedInAgent(t, [{ role: 'admin' }]));
    adminId = user.id;
    ({ agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]));
  });
  afterAll(() => t.close());

  it('lists the pending queue with flags, answers and timing', async () => {
    const res = await analyst.get('/api/v1/review/responses');
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ accepted: 0, pending: 1, rejected: 1 });
    expect(res.body.total).toBe(1);
    const item = res.body.items[0];
    expect(item).toMatchObject({ id: pendingId, flags: ['too_fast'], reviewStatus: 'pending', secondsTaken: 120 });
    expect(item.unit).toEqual({ code: 'MOTCUA', name: 'Bộ phận Một cửa' });
    expect(item.answers).toContainEqual(
      expect.objectContaining({
        key: 'staff_attitude',
        question: expect.stringContaining('Thái độ'),
        value: 1,
        answer: { vi: 'Rất không hài lòng (1/5)', en: 'Very dissatisfied (1/5)' },
      }),
    );
    // The threshold that raises "too fast" comes with the card (tthc-services: 35 s).
    expect(item.minSeconds).toBe(35);
    expect((await analyst.get('/api/v1/review/responses?status=rejected')).body.total).toBe(1);
    expect((await analyst.get('/api/v1/review/responses?flag=honeypot')).body.total).toBe(0);
  });

  it('only admins decide; analysts and anonymous callers are refused', async () => {
    expect((await analyst.post(`/api/v1/review/responses/${pendingId}`).send({ decision: 'accept' })).status).toBe(403);
    expect((await t.request().post(`/api/v1/review/responses/${pendingId}`).send({ decision: 'accept' })).status).toBe(
      401,
    );
    // An admin session without the CSRF header is refused.
    const user = await createUser(t.db, [{ role: 'admin' }]);
    const noCsrf = t.request();
    await noCsrf.post('/api/v1/auth/login').send({ email: user.email, password: user.password });
    const res = await noCsrf.post(`/api/v1/review/responses/${pendingId}`).send({ decision: 'accept' });
    expect([res.status, res.body.error.code]).toEqual([403, 'csrf_failed']);
  });

  it('accepting moves the answers into the rates; rejecting takes them out; who and when are recorded', async () => {
    const before = await summary();
    expect([before.n, before.responses.pending]).toEqual([19, 1]);
    const res = await admin.post(`/api/v1/review/responses/${pendingId}`).send({ decision: 'accept' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: pendingId, previous: 'pending', status: 'accepted' });
    const after = await summary();
    expect([after.n, after.responses.accepted, after.responses.pending]).toEqual([21, 11, 0]);
    const row = await t.db
      .selectFrom('responses')
      .select(['reviewed_by', 'reviewed_at'])
      .where('id', '=', pendingId)
      .executeTakeFirstOrThrow();
    expect(row.reviewed_by).toBe(adminId);
    expect(row.reviewed_at).toBeInstanceOf(Date);
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'responses.review').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_id: adminId,
      target_id: pendingId,
      details: { decision: 'accept', from: 'pending', to: 'accepted' },
    });

    const bulk = await admin.post('/api/v1/review/decisions').send({ ids: [pendingId], decision: 'reject' });
    expect(bulk.body).toEqual({ updated: 1, ids: [pendingId] });
    const rejected = await summary();
    expect([rejected.n, rejected.responses.rejected]).toEqual([19, 2]);
  });

  it('shows answers as the person saw them: labels, in question order, in the wording of the version answered', async () => {
    // Keys deliberately out of the questionnaire's order.
    const [id] = await insertResponses(t.db, ctx, [
      {
        survey: 'tthc-services',
        unit: 'MOTCUA',
        at: '2026-02-05T03:00:00Z',
        answers: {
          overall_satisfaction: 4,
          staff_attitude: 'na',
          procedure_fee_as_posted: false,
          service_channel: 'truc_tuyen',
        },
        status: 'pending',
      },
    ]);
    // A later version rewords a question: the card keeps the wording this person read.
    const files = await readDefinitionFiles();
    const file = files.find((f) => f.file === 'tthc-services.json')!;
    const def = JSON.parse(file.text) as { questions: Array<{ key: string; text: { vi: string } }> };
    def.questions.find((q) => q.key === 'staff_attitude')!.text.vi = 'Câu hỏi đã được viết lại';
    await publishDefinitions(t.db, [{ file: file.file, text: JSON.stringify(def) }]);

    const res = await analyst.get('/api/v1/review/responses?survey=tthc-services');
    const item = (res.body.items as Array<{ id: string; answers: Array<Record<string, unknown>> }>).find(
      (i) => i.id === id,
    )!;
    const keys = item.answers.map((a) => a.key);
    expect(keys).toEqual(['service_channel', 'procedure_fee_as_posted', 'staff_attitude', 'overall_satisfaction']);
    expect(item.answers.map((a) => (a.answer as { vi: string }).vi)).toEqual([
      'Trực tuyến trên Cổng Dịch vụ công',
      'Không',
      'Không áp dụng',
      'Hài lòng (4/5)',
    ]);
    expect(item.answers[2]!.question).toMatch(/^Thái độ giao tiếp/);
    expect(JSON.stringify(item.answers)).not.toContain('viết lại');
  });

  it('answers 400 for bad input and 404 for an unknown response, writing nothing', async () => {
    const bad = await admin.post('/api/v1/review/responses/not-a-uuid').send({ decision: 'accept' });
    expect([bad.status, bad.body.error.fields[0].path]).toEqual([400, 'params.id']);
    const badDecision = await admin.post(`/api/v1/review/responses/${pendingId}`).send({ decision: 'maybe' });
    expect([badDecision.status, badDecision.body.error.fields[0].path]).toEqual([400, 'body.decision']);
    const unknown = await admin
      .post('/api/v1/review/responses/00000000-0000-4000-8000-000000000000')
      .send({ decision: 'accept' });
    expect(unknown.status).toBe(404);
    expect((await admin.post('/api/v1/review/decisions').send({ ids: [], decision: 'accept' })).status).toBe(400);
    const audit = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'responses.review').execute();
    expect(audit).toHaveLength(2);
  });
});
