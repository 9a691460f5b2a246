import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TKioskCreated } from '../domain/contract/kiosks.js';
import type { TOfficer, TOfficerResults } from '../domain/contract/officers.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { clusterShare, clusterSumsOf } from '../domain/statistics.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { newLinkCode } from '../server/links/codes.js';
import { importUnits } from '../server/units/import.js';
import { validAnswers } from './helpers/answers.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';

const SURVEY = 'tthc-services';
const MIN_N = 5;

/** Officers (#12.5): bound to links and kiosks, picked on the form, and their results kept private. */
describe('officers', () => {
  let t: TestApp;
  let admin: TestAgent;
  let managerA: TestAgent;
  let managerB: TestAgent;
  let analyst: TestAgent;
  let officerUser: TestAgent;
  let officerEmail: string;
  let unitA: number;
  let unitB: number;
  let surveyId: number;
  let versionId: number;
  let definition: TSurveyDefinition;
  const officers: Record<string, TOfficer> = {};

  const newLink = async (unitId: number, channel: string) => {
    const code = newLinkCode();
    await t.db.insertInto('links').values({ code, survey_id: surveyId, unit_id: unitId, channel }).execute();
    return code;
  };
  /** One person's answer: `staff` on the service-attitude questions, `rest` on every other Likert. */
  const answersOf = (staff: number, rest: number) => {
    const answers = validAnswers(definition, rest);
    for (const q of definition.questions) if (q.type === 'likert5' && q.criterion === 'staff') answers[q.key] = staff;
    return answers;
  };
  const send = (body: Record<string, unknown>) =>
    t
      .request()
      .post('/api/v1/public/responses')
      .send({ id: randomUUID(), versionId, ...body });
  const officerOf = async (id: string) =>
    (await t.db.selectFrom('responses').select('officer_id').where('id', '=', id).executeTakeFirstOrThrow()).officer_id;

  beforeAll(async () => {
    t = await startTestApp({ config: { MIN_N: String(MIN_N) } });
    await publishDefinitions(t.db, await readDefinitionFiles());
    await importUnits(
      t.db,
      [
        'code,name,kind,level,parent_code,ward,enrolment',
        'SO,Sở Giáo dục và Đào tạo,department,,,,',
        'P-AAA,Phòng Khảo thí,office,,SO,,',
        'P-BBB,Phòng Tổ chức cán bộ,office,,SO,,',
      ].join('\n'),
    );
    const units = await t.db.selectFrom('units').select(['id', 'code']).execute();
    unitA = units.find((u) => u.code === 'P-AAA')!.id;
    unitB = units.find((u) => u.code === 'P-BBB')!.id;
    const v = await t.db
      .selectFrom('survey_versions as v')
      .innerJoin('surveys as s', 's.id', 'v.survey_id')
      .select(['v.id', 'v.definition', 's.id as surveyId'])
      .where('s.slug', '=', SURVEY)
      .orderBy('v.number', 'desc')
      .executeTakeFirstOrThrow();
    versionId = v.id;
    surveyId = v.surveyId;
    definition = v.definition as TSurveyDefinition;
    admin = (await signedInAgent(t, [{ role: 'admin' }])).agent;
    managerA = (await signedInAgent(t, [{ role: 'unit_manager', unitId: unitA }])).agent;
    managerB = (await signedInAgent(t, [{ role: 'unit_manager', unitId: unitB }])).agent;
    analyst = (await signedInAgent(t, [{ role: 'analyst' }])).agent;
    const own = await signedInAgent(t, []);
    officerUser = own.agent;
    officerEmail = own.user.email;
  }, 120_000);

  afterAll(() => t?.close());

  it('registers officers per unit, within the manager’s scope, with Vietnamese field errors', async () => {
    const empty = await managerA.post('/api/v1/officers').send({ unitId: unitA, displayName: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.fields[0]).toMatchObject({ path: 'body.displayName', message: 'Cần nhập họ tên cán bộ' });
    const other = await managerB.post('/api/v1/officers').send({ unitId: unitA, displayName: 'Trần Văn Khác' });
    expect(other.status).toBe(404);
    const noUser = await managerA
      .post('/api/v1/officers')
      .send({ unitId: unitA, displayName: 'Lê Thị Ba', userEmail: 'khong-co@test.hailong.vn' });
    expect(noUser.status).toBe(400);
    expect(noUser.body.fields[0].path).toBe('userEmail');

    for (const [key, body] of [
      ['an', { unitId: unitA, displayName: 'Nguyễn Văn An', position: 'Chuyên viên một cửa', userEmail: officerEmail }],
      ['binh', { unitId: unitA, displayName: 'Phạm Thị Bình', position: 'Chuyên viên' }],
      ['cuong', { unitId: unitA, displayName: 'Đỗ Văn Cường' }],
      ['dung', { unitId: unitB, displayName: 'Hoàng Thị Dung' }],
    ] as const) {
      const agent = body.unitId === unitA ? managerA : managerB;
      const res = await agent.post('/api/v1/officers').send(body);
      expect(res.status, key).toBe(201);
      officers[key] = res.body as TOfficer;
    }
    expect(officers.an).toMatchObject({ active: true, userEmail: officerEmail, position: 'Chuyên viên một cửa' });
    // Cường leaves the desk: no longer offered on the form.
    expect((await managerA.patch(`/api/v1/officers/${officers.cuong!.id}`).send({ active: false })).body.active).toBe(
      false,
    );
    expect((await managerB.patch(`/api/v1/officers/${officers.an!.id}`).send({ active: false })).status).toBe(404);
    const listB = (await managerB.get('/api/v1/officers')).body as TOfficer[];
    expect(listB.map((o) => o.displayName)).toEqual(['Hoàng Thị Dung']);
    expect(((await admin.get('/api/v1/officers')).body as TOfficer[]).length).toBe(4);
  });

  it('a link bound to a named officer stores that officer on every answer', async () => {
    const code = await newLink(unitA, 'qr');
    const wrong = await managerA
      .put(`/api/v1/links/${code}/officer`)
      .send({ mode: 'named', officerId: officers.dung!.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields[0].path).toBe('officerId');
    expect((await managerB.put(`/api/v1/links/${code}/officer`).send({ mode: 'pick' })).status).toBe(404);
    const bound = await managerA
      .put(`/api/v1/links/${code}/officer`)
      .send({ mode: 'named', officerId: officers.an!.id });
    expect(bound.status).toBe(200);
    expect(bound.body).toEqual({ mode: 'named', officerId: officers.an!.id, officerName: 'Nguyễn Văn An' });

    const form = await t.request().get(`/api/v1/public/forms/${code}`);
    expect(form.body.officer).toMatchObject({ name: 'Nguyễn Văn An' });
    expect(JSON.stringify(form.body)).not.toContain('Chuyên viên');
    const res = await send({ linkCode: code, answers: answersOf(5, 4) });
    expect(res.status).toBe(201);
    expect(await officerOf(res.body.id)).toBe(officers.an!.id);
    // A bound link wins over a pick sent with it.
    const picked = await send({ linkCode: code, answers: answersOf(5, 4), officerId: officers.binh!.id });
    expect(picked.status).toBe(201);
    expect(await officerOf(picked.body.id)).toBe(officers.an!.id);
  });

  it('a link offering a choice lists the unit’s active officers by name and stores the one picked', async () => {
    const code = await newLink(unitA, 'desk');
    expect((await managerA.put(`/api/v1/links/${code}/officer`).send({ mode: 'pick' })).body.mode).toBe('pick');
    const form = await t.request().get(`/api/v1/public/forms/${code}`);
    expect(form.status).toBe(200);
    expect(form.body.officer.choices).toEqual([
      { id: officers.an!.id, name: 'Nguyễn Văn An' },
      { id: officers.binh!.id, name: 'Phạm Thị Bình' },
    ]);
    expect(form.body.officer.label.vi).toContain('Cán bộ nào đã phục vụ bạn');

    const res = await send({ linkCode: code, answers: answersOf(4, 4), officerId: officers.binh!.id });
    expect(res.status).toBe(201);
    expect(await officerOf(res.body.id)).toBe(officers.binh!.id);
    const none = await send({ linkCode: code, answers: answersOf(4, 4) });
    expect(none.status).toBe(201);
    expect(await officerOf(none.body.id)).toBeNull();
    // Another unit's officer is refused with a field error, and nothing is written.
    const id = randomUUID();
    const foreign = await send({ id, linkCode: code, answers: answersOf(4, 4), officerId: officers.dung!.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields.map((f: { path: string }) => f.path)).toEqual(['officerId']);
    expect(await t.db.selectFrom('responses').select('id').where('id', '=', id).executeTakeFirst()).toBeUndefined();
    // The pick is part of the answer: a replay naming someone else is another answer under the same id.
    const replay = await send({
      id: res.body.id,
      linkCode: code,
      answers: answersOf(4, 4),
      officerId: officers.an!.id,
    });
    expect(replay.status).toBe(409);
  });

  it('a kiosk bound to an officer stores that officer; its link’s binding is not used', async () => {
    const created = (await managerA.post('/api/v1/kiosks').send({ survey: SURVEY, unitId: unitA, label: 'Quầy 1' }))
      .body as TKioskCreated;
    const token = created.url.split('/k/')[1]!;
    // The unit's kiosks share one link; this one is bound to An, and the kiosk's own binding wins.
    const kioskLink = (await t.request().get(`/api/v1/public/kiosks/${token}`)).body.form.link.code as string;
    await managerA.put(`/api/v1/links/${kioskLink}/officer`).send({ mode: 'named', officerId: officers.an!.id });
    expect((await t.request().get(`/api/v1/public/kiosks/${token}`)).body.form.officer.name).toBe('Nguyễn Văn An');
    expect((await managerB.put(`/api/v1/kiosks/${created.kiosk.id}/officer`).send({ mode: 'pick' })).status).toBe(404);
    const bound = await managerA
      .put(`/api/v1/kiosks/${created.kiosk.id}/officer`)
      .send({ mode: 'named', officerId: officers.binh!.id });
    expect(bound.status).toBe(200);
    const page = await t.request().get(`/api/v1/public/kiosks/${token}`);
    expect(page.body.form.officer).toMatchObject({ name: 'Phạm Thị Bình' });
    const bindings = await managerA.get('/api/v1/officers/bindings').query({ unit: 'P-AAA' });
    expect(bindings.body.kiosks).toEqual([
      {
        id: created.kiosk.id,
        label: 'Quầy 1',
        survey: SURVEY,
        mode: 'named',
        officerId: officers.binh!.id,
        officerName: 'Phạm Thị Bình',
      },
    ]);
    expect((await managerB.get('/api/v1/officers/bindings').query({ unit: 'P-AAA' })).status).toBe(404);

    const res = await send({ linkCode: page.body.form.link.code, answers: answersOf(5, 5), kioskToken: token });
    expect(res.status).toBe(201);
    const row = await t.db
      .selectFrom('responses')
      .select(['officer_id', 'kiosk_id', 'channel'])
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ officer_id: officers.binh!.id, kiosk_id: created.kiosk.id, channel: 'kiosk' });
  });

  it('per-officer figures equal a raw computation, from the minimum n only, and only for those allowed', async () => {
    // Clean slate for An: only these answers count, through a link bound to An.
    await t.db.deleteFrom('responses').where('officer_id', 'is not', null).execute();
    const code = await newLink(unitA, 'desk_an');
    await managerA.put(`/api/v1/links/${code}/officer`).send({ mode: 'named', officerId: officers.an!.id });
    const people: Array<[number, number]> = [
      [5, 4],
      [4, 3],
      [2, 5],
      [5, 5],
      [3, 2],
      [4, 4],
      [1, 4],
    ];
    for (const [staff, rest] of people) {
      expect((await send({ linkCode: code, answers: answersOf(staff, rest) })).status).toBe(201);
    }
    // Bình: one fewer respondent than the minimum.
    for (let i = 0; i < MIN_N - 1; i++) {
      const res = await send({ linkCode: await newLinkFor(officers.binh!.id), answers: answersOf(5, 5) });
      expect(res.status).toBe(201);
    }

    const likert = definition.questions.filter((q) => q.type === 'likert5');
    const staffCount = likert.filter((q) => q.criterion === 'staff').length;
    const restCount = likert.length - staffCount;
    const top = (v: number) => (v >= 4 ? 1 : 0);
    const attitude = clusterShare(clusterSumsOf(people.map(([s]) => ({ s: top(s) * staffCount, c: staffCount }))));
    const overall = clusterShare(
      clusterSumsOf(people.map(([s, r]) => ({ s: top(s) * staffCount + top(r) * restCount, c: likert.length }))),
    );

    const mine = (await managerA.get(`/api/v1/officers/${officers.an!.id}/results`)).body as TOfficerResults;
    expect(mine.rows).toHaveLength(1);
    const row = mine.rows[0]!;
    expect(row).toMatchObject({ responses: 7, respondents: 7, shown: true, survey: { slug: SURVEY } });
    expect(row.attitude).toMatchObject({ n: attitude.n, respondents: 7, satisfied: 4 * staffCount });
    expect(row.attitude!.value).toBeCloseTo(attitude.p!, 12);
    expect(row.attitude!.interval.low).toBeCloseTo(attitude.interval.low, 12);
    expect(row.attitude!.interval.high).toBeCloseTo(attitude.interval.high, 12);
    expect(row.attitude!.designEffect).toBeCloseTo(attitude.designEffect, 12);
    expect(row.overall!.value).toBeCloseTo(overall.p!, 12);
    expect(row.overall!.interval.low).toBeCloseTo(overall.interval.low, 12);
    expect(row.overall!.interval.high).toBeCloseTo(overall.interval.high, 12);
    expect(row.overall!.target).toBe(0.95);

    // Below the minimum: counts only, no figure.
    const binh = (await admin.get(`/api/v1/officers/${officers.binh!.id}/results`)).body as TOfficerResults;
    expect(binh.rows[0]).toMatchObject({ respondents: MIN_N - 1, shown: false, attitude: null, overall: null });

    // Another unit's manager and an analyst: 404 for the officer, nothing in their lists.
    for (const agent of [managerB, analyst]) {
      expect((await agent.get(`/api/v1/officers/${officers.an!.id}/results`)).status).toBe(404);
      const list = (await agent.get('/api/v1/officers/results')).body as TOfficerResults;
      expect(list.rows).toEqual([]);
    }
    expect((await t.request().get('/api/v1/officers/results')).status).toBe(401);
    // The officer sees their own results, and no colleague's.
    const own = (await officerUser.get('/api/v1/officers/results')).body as TOfficerResults;
    expect(own.rows.map((r) => r.officer.id)).toEqual([officers.an!.id]);
    expect((await officerUser.get(`/api/v1/officers/${officers.binh!.id}/results`)).status).toBe(404);
    // The admin and the unit's manager see both.
    const all = (
      await managerA.get('/api/v1/officers/results').query({ survey: SURVEY, period: `Y-${new Date().getFullYear()}` })
    ).body as TOfficerResults;
    expect(all.rows.map((r) => r.officer.displayName).sort()).toEqual(['Nguyễn Văn An', 'Phạm Thị Bình']);
  });

  it('officers appear on no public page: the transparency API and the public web builds never name them', async () => {
    const pub = await t.request().get('/api/v1/public/transparency').query({ survey: SURVEY });
    expect(pub.status).toBe(200);
    const text = JSON.stringify(pub.body);
    for (const o of Object.values(officers)) expect(text).not.toContain(o.displayName);
    expect(text).not.toMatch(/officer/i);
    // The public page's code (and so its build) never asks for officers.
    const dir = path.resolve(import.meta.dirname, '..', 'web', 'transparency');
    for (const file of await readdir(dir, { recursive: true })) {
      if (!/\.(ts|tsx)$/.test(file)) continue;
      expect(await readFile(path.join(dir, file), 'utf8'), file).not.toMatch(/officer/i);
    }
  });

  /** A fresh link of unit A bound to one officer. */
  async function newLinkFor(officerId: number): Promise<string> {
    const code = await newLink(unitA, `o${officerId}_${Math.floor(Math.random() * 1e6)}`);
    await t.db.updateTable('links').set({ officer_id: officerId }).where('code', '=', code).execute();
    return code;
  }
});
