import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignNotice, elapsedShare, governingCampaign } from '../domain/campaigns.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { localDay } from '../domain/periods.js';
import { suggestSampleSize } from '../domain/sample-size.js';
import { formForLink } from '../server/forms/queries.js';
import { submitResponse } from '../server/responses/submit.js';
import { dayFromToday } from './campaign-fixtures.js';
import { startFormTestApp } from './form-fixtures.js';
import { signedInAgent, type TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';

describe('sample size and campaign days (domain)', () => {
  it('suggests the n of Cochran’s formula, worked by hand', () => {
    // 1.959964² · 0.25 / 0.05² = 3.841459 · 0.25 / 0.0025 = 384.15 → 385
    expect(suggestSampleSize({ margin: 0.05 })).toBe(385);
    // ×1.5 design effect: 576.22 → 577; ±10 points: 96.04 → 97
    expect(suggestSampleSize({ margin: 0.05, designEffect: 1.5 })).toBe(577);
    expect(suggestSampleSize({ margin: 0.1 })).toBe(97);
    // p = 0.9: 3.841459 · 0.09 / 0.0025 = 138.29 → 139
    expect(suggestSampleSize({ margin: 0.05, expectedRate: 0.9 })).toBe(139);
    // A school of 500: 384.15 / (1 + 383.15 / 500) = 217.49 → 218
    expect(suggestSampleSize({ margin: 0.05, population: 500 })).toBe(218);
    expect(suggestSampleSize({ margin: 0 })).toBeNaN();
    expect(suggestSampleSize({ margin: 0.05, designEffect: 0.5 })).toBeNaN();
  });

  it('reads local dates at midnight Asia/Ho_Chi_Minh, both campaign ends included', () => {
    expect(localDay(new Date('2030-01-09T16:59:59Z'))).toBe('2030-01-09');
    expect(localDay(new Date('2030-01-09T17:00:00Z'))).toBe('2030-01-10');
    const c = { name: 'Đợt 1', opensOn: '2030-01-10', closesOn: '2030-01-20' };
    expect(governingCampaign('2030-01-09', [c])?.state).toBe('before');
    expect(governingCampaign('2030-01-10', [c])?.state).toBe('open');
    expect(governingCampaign('2030-01-20', [c])?.state).toBe('open');
    expect(governingCampaign('2030-01-21', [c])?.state).toBe('after');
    expect(governingCampaign('2030-01-21', [])).toBeUndefined();
    // Between two campaigns the next one speaks; after both, the last.
    const d = { name: 'Đợt 2', opensOn: '2030-03-01', closesOn: '2030-03-31' };
    expect(governingCampaign('2030-02-10', [d, c])).toMatchObject({ state: 'before', campaign: d });
    expect(governingCampaign('2030-05-01', [d, c])).toMatchObject({ state: 'after', campaign: d });
    expect(campaignNotice('2030-01-09', [c])?.message).toBe(
      'Đợt khảo sát "Đợt 1" nhận ý kiến từ ngày 10/01/2030 đến ngày 20/01/2030. Kính mời Ông/Bà quay lại trong thời gian này.',
    );
    expect(elapsedShare('2030-01-10', c)).toBe(0);
    expect(elapsedShare('2030-01-15', c)).toBeCloseTo(5 / 11);
    expect(elapsedShare('2030-01-21', c)).toBe(1);
  });
});

describe('campaigns (API)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  /** tthc-services links of three units: the survey's answers are checked against its campaigns. */
  let links: Array<{ code: string; unit: string; unitId: number }>;
  let definition: TSurveyDefinition;
  let versionId: number;

  beforeAll(async () => {
    t = await startFormTestApp();
    admin = (await signedInAgent(t)).agent;
    links = (
      await t.db
        .selectFrom('links as l')
        .innerJoin('surveys as s', 's.id', 'l.survey_id')
        .innerJoin('units as u', 'u.id', 'l.unit_id')
        .select(['l.code', 'u.code as unit', 'u.id as unitId'])
        .where('s.slug', '=', 'tthc-services')
        .orderBy('u.id')
        .limit(3)
        .execute()
    ).map((l) => ({ ...l, unitId: Number(l.unitId) }));
    const form = await t.request().get(`/api/v1/public/forms/${links[0]!.code}`).expect(200);
    definition = form.body.definition as TSurveyDefinition;
    versionId = form.body.version.id as number;
  });
  afterAll(() => t?.close());

  const submit = (code: string, id = randomUUID()) =>
    t
      .request()
      .post('/api/v1/public/responses')
      .send({ id, linkCode: code, versionId, answers: validAnswers(definition) });

  it('refuses a close before the open, an unknown unit and a unit twice, field by field (400)', async () => {
    const base = { survey: 'tthc-services', name: 'Đợt quý I', opensOn: '2031-03-31', closesOn: '2031-03-01' };
    const res = await admin.post('/api/v1/campaigns').send(base).expect(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.fields).toContainEqual({
      path: 'body.closesOn',
      message: 'Ngày kết thúc phải từ ngày bắt đầu trở đi',
    });
    const bad = await admin
      .post('/api/v1/campaigns')
      .send({ ...base, opensOn: '2031-02-30', closesOn: '2031-03-31', marginPoints: 0 })
      .expect(400);
    const paths = (bad.body.fields as Array<{ path: string }>).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['body.opensOn', 'body.marginPoints']));
    const twice = await admin
      .post('/api/v1/campaigns')
      .send({
        ...base,
        closesOn: '2031-04-30',
        quotas: [
          { unit: links[0]!.unit, quota: 5 },
          { unit: links[0]!.unit, quota: 6 },
        ],
      })
      .expect(400);
    expect(twice.body.fields).toContainEqual({
      path: 'body.quotas.1.unit',
      message: 'Đơn vị này đã có chỉ tiêu ở dòng trên',
    });
    const unknown = await admin
      .post('/api/v1/campaigns')
      .send({ ...base, closesOn: '2031-04-30', quotas: [{ unit: 'KHONG-CO', quota: 5 }] })
      .expect(400);
    expect(unknown.body.fields).toEqual([{ path: 'quotas.0.unit', message: 'Không tìm thấy đơn vị KHONG-CO' }]);
    const survey = await admin.post('/api/v1/campaigns').send({ ...base, survey: 'khong-co', closesOn: '2031-04-30' });
    expect(survey.status).toBe(400);
    expect(
      await admin
        .get('/api/v1/campaigns')
        .expect(200)
        .then((r) => r.body),
    ).toEqual([]);
  });

  it('leaves a survey without campaigns as it was', async () => {
    const form = await t.request().get(`/api/v1/public/forms/${links[0]!.code}`).expect(200);
    expect(form.body).not.toHaveProperty('campaign');
    await submit(links[0]!.code).expect(201);
  });

  it('takes answers only on the campaign’s dates: before, during, after', async () => {
    const code = links[0]!.code;
    const created = await admin
      .post('/api/v1/campaigns')
      .send({
        survey: 'tthc-services',
        name: 'Đợt khảo sát thử',
        opensOn: dayFromToday(1),
        closesOn: dayFromToday(10),
        marginPoints: 5,
        designEffect: 1.5,
        quotas: [{ unit: links[0]!.unit, quota: 30 }],
      })
      .expect(201);
    const id = created.body.id as number;
    expect(created.body).toMatchObject({ state: 'before', suggestedQuota: 577, quotaUnits: 1, quotaTotal: 30 });

    // Before the open: the form says when, the page is a message, the answer is refused.
    const before = await t.request().get(`/api/v1/public/forms/${code}`).expect(200);
    expect(before.body.campaign).toMatchObject({ state: 'before', open: false, title: 'Đợt khảo sát chưa mở' });
    const page = await t.request().get(`/f/${code}`).expect(403);
    expect(page.text).toContain('Đợt khảo sát chưa mở');
    expect(page.text).toContain(`Đợt khảo sát &quot;Đợt khảo sát thử&quot; nhận ý kiến từ ngày`);
    const early = await submit(code).expect(403);
    expect(early.body).toMatchObject({ code: 'campaign_closed' });
    expect(early.body.message).toContain('Đợt khảo sát chưa mở');
    // A kiosk of the survey says the same instead of its form.
    const kiosk = await admin
      .post('/api/v1/kiosks')
      .send({ survey: 'tthc-services', unitId: links[0]!.unitId, label: 'Máy quầy một cửa' })
      .expect(201);
    const token = String(kiosk.body.url).split('/k/')[1]!;
    const tablet = await t.request().get(`/api/v1/public/kiosks/${token}`).expect(200);
    expect(tablet.body.form.campaign).toMatchObject({ state: 'before', open: false });

    // During: taken, and another survey's links never cared.
    const during = { opensOn: dayFromToday(0), closesOn: dayFromToday(10), name: 'Đợt khảo sát thử', marginPoints: 5 };
    const open = await admin
      .put(`/api/v1/campaigns/${id}`)
      .send({ ...during, quotas: [] })
      .expect(200);
    expect(open.body).toMatchObject({ state: 'open', quotaUnits: 0 });
    const form = await t.request().get(`/api/v1/public/forms/${code}`).expect(200);
    expect(form.body.campaign).toMatchObject({ state: 'open', open: true });
    const kept = randomUUID();
    await submit(code, kept).expect(201);

    // After the close: refused with the dates, but a replay of an answer stored in time is still a success.
    await admin
      .put(`/api/v1/campaigns/${id}`)
      .send({ ...during, opensOn: dayFromToday(-10), closesOn: dayFromToday(-1) })
      .expect(200);
    const late = await submit(code).expect(403);
    expect(late.body.message).toContain('Đợt khảo sát đã kết thúc');
    await submit(code, kept).expect(200);
    const after = await t.request().get(`/f/${code}`).expect(403);
    expect(after.text).toContain('Đợt khảo sát đã kết thúc');

    // A second campaign may not overlap the first (409, on the dates).
    const overlap = await admin
      .post('/api/v1/campaigns')
      .send({ survey: 'tthc-services', name: 'Đợt trùng', opensOn: dayFromToday(-3), closesOn: dayFromToday(3) })
      .expect(409);
    expect(overlap.body.code).toBe('campaign_overlap');
    expect(overlap.body.fields.map((f: { path: string }) => f.path)).toEqual(['opensOn', 'closesOn']);

    // Deleting the campaign returns the survey to taking answers any day.
    await admin.delete(`/api/v1/campaigns/${id}`).expect(204);
    await submit(code).expect(201);
    await admin.delete(`/api/v1/campaigns/${id}`).expect(404);
  });

  it('turns at local midnight in Asia/Ho_Chi_Minh (23:59:59 refused, 00:00 taken)', async () => {
    const created = await admin
      .post('/api/v1/campaigns')
      .send({ survey: 'tthc-services', name: 'Đợt năm 2030', opensOn: '2030-01-10', closesOn: '2030-01-20' })
      .expect(201);
    const code = links[1]!.code;
    const key = Buffer.alloc(32, 1);
    const at = async (instant: string) => {
      const outcome = await submitResponse(
        t.db,
        { id: randomUUID(), linkCode: code, versionId, answers: validAnswers(definition) },
        { key, ip: '127.0.0.1', now: new Date(instant), enforceCampaign: true },
      );
      return 'refused' in outcome ? outcome.refused : outcome.status;
    };
    expect(await at('2030-01-09T16:59:59Z')).toBe('campaign_closed'); // 23:59:59 on the 9th
    expect(await at('2030-01-09T17:00:00Z')).toBe(201); // 00:00 on the 10th
    expect(await at('2030-01-20T16:59:59Z')).toBe(201); // 23:59:59 on the 20th
    expect(await at('2030-01-20T17:00:00Z')).toBe('campaign_closed'); // 00:00 on the 21st
    const lookup = await formForLink(t.db, code, new Date('2030-01-20T17:00:00Z'));
    expect(lookup.status === 'ok' && lookup.form.campaign?.state).toBe('after');
    // Staff entering paper sheets later are not bound by the dates.
    const paper = await submitResponse(
      t.db,
      { id: randomUUID(), linkCode: code, versionId, answers: validAnswers(definition) },
      { key, ip: '127.0.0.1', now: new Date('2030-02-01T00:00:00Z') },
    );
    expect(paper).toMatchObject({ status: 201 });
    await admin.delete(`/api/v1/campaigns/${created.body.id}`).expect(204);
  });

  it('counts respondents against each unit’s quota, units behind first, within the manager’s scope', async () => {
    const [a, b, c] = links as [(typeof links)[0], (typeof links)[0], (typeof links)[0]];
    // Twenty days, nine of them over: 45 % of each quota is expected by now.
    const created = await admin
      .post('/api/v1/campaigns')
      .send({
        survey: 'tthc-services',
        name: 'Đợt tiến độ',
        opensOn: dayFromToday(-9),
        closesOn: dayFromToday(10),
        marginPoints: 10,
        quotas: [
          { unit: a.unit, quota: 10 },
          { unit: b.unit, quota: 4 },
          { unit: c.unit, quota: 5 },
        ],
      })
      .expect(201);
    const id = created.body.id as number;
    expect(created.body.quotas).toHaveLength(3);
    expect(created.body.quotas[0]).toMatchObject({ suggested: expect.any(Number) });
    // Start from a clean slate: answers of the earlier tests are not this campaign's concern here.
    await t.db.deleteFrom('responses').execute();
    for (let i = 0; i < 2; i++) await submit(a.code).expect(201);
    for (let i = 0; i < 4; i++) await submit(b.code).expect(201);
    // One of A's answers held for review, and one given before the campaign opened: neither counts.
    const held = randomUUID();
    await submit(a.code, held).expect(201);
    await t.db
      .updateTable('responses')
      .set({ review_status: 'pending', flags: ['burst'] })
      .where('id', '=', held)
      .execute();
    const early = randomUUID();
    await submit(a.code, early).expect(201);
    await t.db
      .updateTable('responses')
      .set({ submitted_at: new Date(Date.now() - 30 * 86_400_000) })
      .where('id', '=', early)
      .execute();

    const res = await admin.get(`/api/v1/campaigns/${id}/progress`).expect(200);
    expect(res.body.elapsed).toBeCloseTo(9 / 20);
    expect(
      (res.body.units as Array<Record<string, unknown>>).map((u) => [
        u.unit,
        u.respondents,
        u.pending,
        u.expected,
        u.behind,
      ]),
    ).toEqual([
      [c.unit, 0, 0, 2, true],
      [a.unit, 2, 1, 4, true],
      [b.unit, 4, 0, 1, false],
    ]);
    expect(res.body.totals).toEqual({ quota: 19, respondents: 6, behind: 2 });
    expect(res.body.units[0].unitName).not.toBe(c.unit);

    const manager = (await signedInAgent(t, [{ role: 'unit_manager', unitId: b.unitId }])).agent;
    const mine = await manager.get(`/api/v1/campaigns/${id}/progress`).expect(200);
    expect(mine.body.units.map((u: { unit: string }) => u.unit)).toEqual([b.unit]);
    await manager
      .put(`/api/v1/campaigns/${id}`)
      .send({ name: 'x', opensOn: '2031-01-01', closesOn: '2031-01-02' })
      .expect(403);
    await admin.get('/api/v1/campaigns/999999/progress').expect(404);
    const list = await admin.get('/api/v1/campaigns?survey=tthc-services').expect(200);
    expect(list.body.map((x: { name: string }) => x.name)).toEqual(['Đợt tiến độ']);
  });
});
