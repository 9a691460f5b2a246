import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TInterviewContact, TInterviewList, TInterviewListDetail } from '../domain/contract/interviews.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';
import { seedSchools } from './helpers/schools.js';

/** Interviews (#12.4): a list of selected people, each call's outcome, and answers stored as channel 'interview'. */
describe('interviews', () => {
  let t: TestApp;
  let admin: TestAgent;
  let adminId: number;
  let managerA: TestAgent;
  let managerAId: number;
  let managerB: TestAgent;
  let analyst: TestAgent;
  let list: TInterviewList;
  let detail: TInterviewListDetail;
  const contact = (n: number): TInterviewContact => detail.contacts[n]!;
  let completed: Record<string, unknown>;

  beforeAll(async () => {
    t = await startTestApp();
    const unitIds = await seedSchools(t, ['THCS-BBB,Trường THCS Beta,school,thcs,SO,Phường 2,700']);
    const a = await signedInAgent(t, [{ role: 'admin' }]);
    admin = a.agent;
    adminId = a.user.id;
    const m = await signedInAgent(t, [{ role: 'unit_manager', unitId: unitIds['THCS-AAA'] }]);
    managerA = m.agent;
    managerAId = m.user.id;
    managerB = (await signedInAgent(t, [{ role: 'unit_manager', unitId: unitIds['THCS-BBB'] }])).agent;
    analyst = (await signedInAgent(t, [{ role: 'analyst' }])).agent;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('makes a list of selected people, refusing bad input field by field and other units', async () => {
    const bad = await managerA
      .post('/api/v1/interviews/lists')
      .send({ survey: 'education-parents-thcs', unit: 'THCS-AAA', label: '', mode: 'fax', contacts: [] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.contacts',
      'body.label',
      'body.mode',
    ]);
    const body = {
      survey: 'education-parents-thcs',
      unit: 'THCS-AAA',
      label: 'Mẫu phụ huynh khối 6, tháng 3',
      mode: 'phone',
      contacts: [
        { label: 'PH lớp 6A - số 1', contact: '0901 000 001' },
        { label: 'PH lớp 6A - số 2', contact: '0901 000 002' },
        { label: 'PH lớp 6B - số 3', contact: '0901 000 003' },
        { label: 'PH lớp 6B - số 4' },
      ],
    };
    const otherUnit = await managerB.post('/api/v1/interviews/lists').send(body);
    expect(otherUnit.status).toBe(400);
    expect(otherUnit.body.fields[0].path).toBe('body.unit');
    const analystTry = await analyst.post('/api/v1/interviews/lists').send(body);
    expect(analystTry.status).toBe(403);

    const res = await managerA.post('/api/v1/interviews/lists').send(body);
    expect(res.status).toBe(201);
    list = res.body as TInterviewList;
    expect(list.progress).toMatchObject({ total: 4, pending: 4, attempted: 0, responseRate: null });
    const link = await t.db
      .selectFrom('links')
      .select('channel')
      .innerJoin('interview_lists', 'interview_lists.link_id', 'links.id')
      .where('interview_lists.id', '=', list.id)
      .executeTakeFirstOrThrow();
    expect(link.channel).toBe('interview');

    const more = await managerA
      .post(`/api/v1/interviews/lists/${list.id}/contacts`)
      .send({ contacts: [{ label: 'PH lớp 6C - số 5', contact: '0901 000 005' }] });
    expect(more.status).toBe(201);
    expect(more.body.progress.total).toBe(5);
    const got = await managerA.get(`/api/v1/interviews/lists/${list.id}`);
    expect(got.status).toBe(200);
    detail = got.body as TInterviewListDetail;
    expect(detail.contacts.map((c) => c.position)).toEqual([1, 2, 3, 4, 5]);
    expect(detail.definition.questions.length).toBeGreaterThan(0);
  });

  it('keeps one unit out of another unit’s list and people, and analysts out of the people', async () => {
    expect((await managerB.get(`/api/v1/interviews/lists/${list.id}`)).status).toBe(404);
    expect((await managerB.get('/api/v1/interviews/lists')).body.items).toEqual([]);
    const outcome = await managerB
      .post(`/api/v1/interviews/contacts/${contact(0).id}/outcome`)
      .send({ outcome: 'not_reached' });
    expect(outcome.status).toBe(404);
    const answer = await managerB
      .post('/api/v1/interviews/responses')
      .send({ id: randomUUID(), contactId: contact(0).id, answers: validAnswers(detail.definition) });
    expect(answer.status).toBe(404);
    expect((await analyst.get(`/api/v1/interviews/lists/${list.id}`)).status).toBe(403);
    const seen = await analyst.get('/api/v1/interviews/lists');
    expect(seen.status).toBe(200);
    expect(seen.body.items.map((l: TInterviewList) => l.id)).toContain(list.id);
    expect(JSON.stringify(seen.body)).not.toContain('0901');
  });

  it('records not reached, a call-back and a refusal, clearing the refused person’s number', async () => {
    const nr = await managerA
      .post(`/api/v1/interviews/contacts/${contact(0).id}/outcome`)
      .send({ outcome: 'not_reached' });
    expect(nr.status).toBe(200);
    expect(nr.body).toMatchObject({ status: 'not_reached', attempts: 1, contact: '0901 000 001' });

    const noTime = await managerA
      .post(`/api/v1/interviews/contacts/${contact(1).id}/outcome`)
      .send({ outcome: 'callback' });
    expect(noTime.status).toBe(400);
    expect(noTime.body.fields[0].path).toBe('body.callbackAt');
    const at = new Date(Date.now() + 26 * 3600_000).toISOString();
    const cb = await managerA
      .post(`/api/v1/interviews/contacts/${contact(1).id}/outcome`)
      .send({ outcome: 'callback', callbackAt: at });
    expect(cb.status).toBe(200);
    expect(cb.body).toMatchObject({ status: 'callback', attempts: 1 });
    expect(Date.parse(cb.body.callbackAt)).toBe(Date.parse(at));

    const refused = await managerA
      .post(`/api/v1/interviews/contacts/${contact(2).id}/outcome`)
      .send({ outcome: 'refused', reason: 'Bận, không muốn trả lời qua điện thoại' });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({
      status: 'refused',
      contact: null,
      refusalReason: 'Bận, không muốn trả lời qua điện thoại',
    });
    const again = await managerA
      .post(`/api/v1/interviews/contacts/${contact(2).id}/outcome`)
      .send({ outcome: 'not_reached' });
    expect(again.status).toBe(409);
    const answer = await managerA
      .post('/api/v1/interviews/responses')
      .send({ id: randomUUID(), contactId: contact(2).id, answers: validAnswers(detail.definition) });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('contact_closed');
  });

  it('stores a completed interview with channel interview and the interviewer, exactly once', async () => {
    const before = await t.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const invalid = await managerA
      .post('/api/v1/interviews/responses')
      .send({ id: randomUUID(), contactId: contact(1).id, answers: { nope: 9 } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.every((f: { path: string }) => f.path.startsWith('body.answers'))).toBe(true);

    const id = randomUUID();
    const answers = validAnswers(detail.definition, 5);
    const body = { id, contactId: contact(1).id, answers, startedAt: new Date(Date.now() - 300_000).toISOString() };
    completed = body;
    const first = await managerA.post('/api/v1/interviews/responses').send(body);
    expect(first.status).toBe(201);
    expect(first.body.contact).toMatchObject({ status: 'completed', contact: null, callbackAt: null, attempts: 2 });
    const row = await t.db
      .selectFrom('responses')
      .select(['channel', 'operator_id', 'unit_id', 'review_status', 'device_hash'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      channel: 'interview',
      operator_id: managerAId,
      review_status: 'accepted',
      device_hash: null,
    });

    // A retry of the same answer (the network dropped the reply) is a replay, not a second answer.
    const retry = await managerA.post('/api/v1/interviews/responses').send(body);
    expect(retry.status).toBe(200);
    const changed = await managerA
      .post('/api/v1/interviews/responses')
      .send({ ...body, answers: validAnswers(detail.definition, 1) });
    expect(changed.status).toBe(409);
    const secondAnswer = await admin.post('/api/v1/interviews/responses').send({ ...body, id: randomUUID() });
    expect(secondAnswer.status).toBe(409);
    expect(secondAnswer.body.code).toBe('contact_closed');
    const sameIdElsewhere = await admin
      .post('/api/v1/interviews/responses')
      .send({ ...body, contactId: contact(3).id });
    expect(sameIdElsewhere.status).toBe(409);
    expect(sameIdElsewhere.body.code).toBe('id_conflict');

    // The admin interviews the person without a number (in person); the admin is that answer's operator.
    const other = randomUUID();
    const byAdmin = await admin
      .post('/api/v1/interviews/responses')
      .send({ id: other, contactId: contact(3).id, answers: validAnswers(detail.definition, 2) });
    expect(byAdmin.status).toBe(201);
    const adminRow = await t.db
      .selectFrom('responses')
      .select('operator_id')
      .where('id', '=', other)
      .executeTakeFirstOrThrow();
    expect(adminRow.operator_id).toBe(adminId);
    const after = await t.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(2);
    const attempts = await t.db
      .selectFrom('interview_attempts')
      .select(['outcome', 'interviewer_id'])
      .where('contact_id', '=', contact(1).id)
      .orderBy('id')
      .execute();
    expect(attempts).toEqual([
      { outcome: 'callback', interviewer_id: managerAId },
      { outcome: 'completed', interviewer_id: managerAId },
    ]);
  });

  it('reports the response rate as completed over attempted', async () => {
    const res = await managerA.get('/api/v1/interviews/lists');
    const mine = (res.body.items as TInterviewList[]).find((l) => l.id === list.id)!;
    // Attempted: 1 not reached, 1 refused, 2 completed; one person never called.
    expect(mine.progress).toEqual({
      total: 5,
      pending: 1,
      callback: 0,
      notReached: 1,
      refused: 1,
      completed: 2,
      attempted: 4,
      responseRate: 0.5,
    });
    const summary = await admin.get('/api/v1/analytics/summary').query({
      survey: 'education-parents-thcs',
      unit: 'THCS-AAA',
      channel: 'interview',
      from: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10),
    });
    expect(summary.status).toBe(200);
    expect(summary.body.responses.accepted).toBe(2);
  });

  it('refuses calls, answers and people on a closed list (409), still replays a stored answer, and says it is closed', async () => {
    const mine = async () =>
      ((await managerA.get('/api/v1/interviews/lists')).body.items as TInterviewList[]).find((l) => l.id === list.id)!;
    expect((await mine()).closedAt).toBeNull();
    const closed = await managerA.post(`/api/v1/interviews/lists/${list.id}/close`).send({});
    expect(closed.status).toBe(200);
    const listed = await mine();
    expect(listed).toMatchObject({ closedAt: closed.body.closedAt, contactsClearedAt: null });
    const got = await managerA.get(`/api/v1/interviews/lists/${list.id}`);
    expect(got.body.closedAt).toBe(closed.body.closedAt);

    const counts = async () => ({
      responses: Number(
        (
          await t.db
            .selectFrom('responses')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
      attempts: Number(
        (
          await t.db
            .selectFrom('interview_attempts')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    });
    const before = await counts();
    // contact(0) was not reached (still open), contact(4) never called.
    for (const outcome of [{ outcome: 'not_reached' }, { outcome: 'refused' }]) {
      const res = await managerA.post(`/api/v1/interviews/contacts/${contact(0).id}/outcome`).send(outcome);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('list_closed');
      expect(res.body.message).toBe(
        'Danh sách phỏng vấn này đã đóng; không ghi thêm kết quả cuộc gọi. Cần gọi tiếp thì lập danh sách mới.',
      );
    }
    const answer = await managerA
      .post('/api/v1/interviews/responses')
      .send({ id: randomUUID(), contactId: contact(4).id, answers: validAnswers(detail.definition) });
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe('list_closed');
    expect(answer.body.message).toMatch(/^Danh sách phỏng vấn này đã đóng; không nhận thêm phiếu phỏng vấn\./);
    const people = await managerA
      .post(`/api/v1/interviews/lists/${list.id}/contacts`)
      .send({ contacts: [{ label: 'PH lớp 6C - số 6', contact: '0901 000 006' }] });
    expect(people.status).toBe(409);
    expect(people.body.code).toBe('list_closed');
    // A late retry of an answer stored before the closing is still its replay.
    const replay = await managerA.post('/api/v1/interviews/responses').send(completed);
    expect(replay.status).toBe(200);

    expect(await counts()).toEqual(before);
    const after = await mine();
    expect(after.progress).toEqual(listed.progress);
    expect(after.progress.total).toBe(5);
  });
});
