import { randomUUID } from 'node:crypto';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TPaperBatch, TPaperBatchDetail } from '../domain/contract/paper.js';
import { newLinkCode } from '../server/links/codes.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { pdfText } from './helpers/pdf.js';
import { seedSchools, surveyVersion } from './helpers/schools.js';
import { paperAnswers } from './paper-fixtures.js';

/** Paper questionnaires (#12.3): printed batches with serials, and staff entry through the phone's checks. */
describe('paper forms', () => {
  let t: TestApp;
  let admin: TestAgent;
  let adminId: number;
  let managerB: TestAgent;
  let batch: TPaperBatch;
  let detail: TPaperBatchDetail;
  let qrCode: string;

  const answersFor = paperAnswers;

  beforeAll(async () => {
    t = await startTestApp();
    const unitIds = await seedSchools(t, ['THCS-BBB,Trường THCS Beta,school,thcs,SO,Phường 2,700']);
    const survey = await surveyVersion(t, 'education-parents-thcs');
    qrCode = newLinkCode();
    await t.db
      .insertInto('links')
      .values({ code: qrCode, survey_id: survey.id, unit_id: unitIds['THCS-AAA']!, channel: 'qr' })
      .execute();
    const a = await signedInAgent(t, [{ role: 'admin' }]);
    admin = a.agent;
    adminId = a.user.id;
    managerB = (await signedInAgent(t, [{ role: 'unit_manager', unitId: unitIds['THCS-BBB'] }])).agent;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('issues a batch of serials, refusing bad input field by field', async () => {
    const bad = await admin.post('/api/v1/paper/batches').send({ survey: 'nope', unit: 'THCS-AAA', sheets: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.sheets']);
    const unknown = await admin.post('/api/v1/paper/batches').send({ survey: 'nope', unit: 'X', sheets: 3 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.map((f: { path: string }) => f.path).sort()).toEqual(['body.survey', 'body.unit']);
    const wrongLevel = await admin
      .post('/api/v1/paper/batches')
      .send({ survey: 'education-parents-thcs', unit: 'SO', sheets: 3 });
    expect(wrongLevel.status).toBe(400);
    expect(wrongLevel.body.fields[0].message).toBe('Phiếu khảo sát này dành cho trường thuộc cấp học khác');
    const outOfScope = await managerB
      .post('/api/v1/paper/batches')
      .send({ survey: 'education-parents-thcs', unit: 'THCS-AAA', sheets: 3 });
    expect(outOfScope.status).toBe(400);

    const res = await admin
      .post('/api/v1/paper/batches')
      .send({ survey: 'education-parents-thcs', unit: 'THCS-AAA', sheets: 3 });
    expect(res.status).toBe(201);
    batch = res.body as TPaperBatch;
    expect(batch.lastSerial - batch.firstSerial).toBe(2);
    expect(batch.entered).toBe(0);
    const got = await admin.get(`/api/v1/paper/batches/${batch.id}`);
    expect(got.status).toBe(200);
    detail = got.body as TPaperBatchDetail;
    expect(detail.pending).toEqual([batch.firstSerial, batch.firstSerial + 1, batch.lastSerial]);
    expect((await managerB.get(`/api/v1/paper/batches/${batch.id}`)).status).toBe(404);
    expect((await managerB.get('/api/v1/paper/batches')).body.items).toEqual([]);
  });

  it('prints the questionnaire: questions in order, numbered boxes, every serial, the online link', async () => {
    const res = await admin
      .get(`/api/v1/paper/batches/${batch.id}/sheets.pdf`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const text = (await pdfText(res.body as Buffer)).replace(/\s+/g, ' ');
    expect(text).toContain('PHIẾU KHẢO SÁT Ý KIẾN');
    expect(text).toContain('Trường THCS Alpha');
    for (let s = batch.firstSerial; s <= batch.lastSerial; s++) expect(text).toContain(`Số phiếu: ${s}`);
    const questions = detail.definition.questions;
    const first = text.indexOf(`Câu 1. ${questions[0]!.text.vi.split(' ').slice(0, 4).join(' ')}`);
    const last = text.indexOf(`Câu ${questions.length}.`);
    expect(first).toBeGreaterThan(-1);
    expect(last).toBeGreaterThan(first);
    expect(text).toContain('0. Không áp dụng');
    expect(text).toContain('Góp ý thêm');
    expect(text).toContain('Quét mã để trả lời');
  });

  it('enters a sheet with channel paper and the operator; serials are checked and entered once', async () => {
    const def = detail.definition;
    const entry = { id: randomUUID(), batchId: batch.id, serial: batch.firstSerial, answers: answersFor(def, 3) };
    const unknown = await admin.post('/api/v1/paper/entries').send({ ...entry, serial: 99 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].path).toBe('body.serial');
    const invalid = await admin.post('/api/v1/paper/entries').send({ ...entry, answers: {} });
    expect(invalid.status).toBe(400);
    expect(invalid.body.fields.length).toBeGreaterThan(0);
    expect((await managerB.post('/api/v1/paper/entries').send(entry)).status).toBe(400);

    const created = await admin.post('/api/v1/paper/entries').send({ ...entry, comment: 'Viết tay: cảm ơn cô' });
    expect(created.status).toBe(201);
    const row = await t.db
      .selectFrom('responses')
      .select(['channel', 'operator_id', 'flags', 'review_status', 'comment'])
      .where('id', '=', entry.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'paper', operator_id: adminId, flags: [], review_status: 'accepted' });

    // The same sheet sent again (a lost reply): a replay, nothing stored twice.
    const replay = await admin.post('/api/v1/paper/entries').send({ ...entry, comment: 'Viết tay: cảm ơn cô' });
    expect(replay.status).toBe(200);
    // The same id with other answers, and the same serial typed again on a new entry: both refused.
    expect((await admin.post('/api/v1/paper/entries').send({ ...entry, answers: answersFor(def, 1) })).status).toBe(
      409,
    );
    const again = await admin.post('/api/v1/paper/entries').send({ ...entry, id: randomUUID() });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('serial_entered');
    expect(again.body.message).toMatch(/^Phiếu số \d+ đã được nhập lúc .+; mỗi phiếu giấy chỉ nhập một lần$/);
    const stored = await t.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', 'paper')
      .executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(1);
    // The paper link's code is not a door for the public: an answer sent there is refused, not counted as paper.
    const paperLink = await t.db
      .selectFrom('paper_batches')
      .innerJoin('links', 'links.id', 'paper_batches.link_id')
      .select('links.code')
      .where('paper_batches.id', '=', batch.id)
      .executeTakeFirstOrThrow();
    const publicTry = await t
      .request()
      .post('/api/v1/public/responses')
      .send({ id: randomUUID(), linkCode: paperLink.code, versionId: detail.versionId, answers: answersFor(def, 3) });
    expect(publicTry.status).toBe(404);
    const stillOne = await t.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', 'paper')
      .executeTakeFirstOrThrow();
    expect(Number(stillOne.n)).toBe(1);
    const after = (await admin.get(`/api/v1/paper/batches/${batch.id}`)).body as TPaperBatchDetail;
    expect(after.entered).toBe(1);
    expect(after.pending).not.toContain(batch.firstSerial);
  });

  it('two operators typing the same serial at once: one answer stored', async () => {
    const def = detail.definition;
    const serial = batch.firstSerial + 1;
    const results = await Promise.all(
      [0, 1, 2].map((i) =>
        admin
          .post('/api/v1/paper/entries')
          .send({ id: randomUUID(), batchId: batch.id, serial, answers: answersFor(def, i) }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const bound = await t.db
      .selectFrom('paper_sheets')
      .innerJoin('responses', 'responses.id', 'paper_sheets.response_id')
      .select('responses.operator_id')
      .where('serial', '=', serial)
      .execute();
    expect(bound).toEqual([{ operator_id: adminId }]);
  });
  it('double entry: another operator re-types a sheet, and the differences are listed for resolution', async () => {
    const def = detail.definition;
    const first = answersFor(def, 3);
    const retyped = { ...first, [def.questions[0]!.key]: 1 };
    const check = { batchId: batch.id, serial: batch.firstSerial, answers: retyped, comment: 'Viết tay: cảm ơn cô' };
    // The operator who typed it first cannot be their own check.
    const own = await admin.post('/api/v1/paper/checks').send(check);
    expect(own.status).toBe(409);
    expect(own.body.code).toBe('same_operator');
    const second = (await signedInAgent(t, [{ role: 'admin' }])).agent;
    const notEntered = await second.post('/api/v1/paper/checks').send({ ...check, serial: batch.lastSerial });
    expect(notEntered.status).toBe(400);
    expect(notEntered.body.fields[0].message).toContain('chưa được nhập lần đầu');
    const res = await second.post('/api/v1/paper/checks').send(check);
    expect(res.status).toBe(201);
    expect(res.body.differences).toEqual([
      {
        key: def.questions[0]!.key,
        question: `Câu 1. ${def.questions[0]!.text.vi}`,
        first: first[def.questions[0]!.key],
        second: 1,
      },
    ]);
    expect((await second.post('/api/v1/paper/checks').send(check)).body.code).toBe('already_checked');
    const list = await admin.get(`/api/v1/paper/batches/${batch.id}/checks`);
    expect(list.status).toBe(200);
    expect(list.body.checked).toBe(1);
    expect(list.body.mismatches.map((m: { serial: number }) => m.serial)).toEqual([batch.firstSerial]);
    // The stored answer is untouched: resolution is a person's decision against the paper.
    const stored = await t.db
      .selectFrom('paper_sheets as p')
      .innerJoin('responses as r', 'r.id', 'p.response_id')
      .select('r.answers')
      .where('p.serial', '=', batch.firstSerial)
      .executeTakeFirstOrThrow();
    expect(stored.answers).toEqual(first);
    expect((await managerB.get(`/api/v1/paper/batches/${batch.id}/checks`)).status).toBe(404);
  });
});
