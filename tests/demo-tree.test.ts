import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TTHC_LOCATION } from '../server/demo/seed.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';

type Unit = {
  code: string;
  name: string;
  kind: string;
  level: string | null;
  ward: string | null;
  parentCode: string | null;
};

// The demo as `npm start` loads it: the two-level tree since 1/7/2025, its links and a year of answers.
describe('demo data', () => {
  let t: TestApp;
  let units: Unit[];
  let seedSeconds = 0;
  beforeAll(async () => {
    const started = performance.now();
    t = await startTestApp({ demo: true });
    seedSeconds = (performance.now() - started) / 1000;
    const { agent } = await signedInAgent(t, [{ role: 'admin' }]);
    units = (await agent.get('/api/v1/units')).body.units;
  });
  afterAll(() => t?.close());

  it('is the real two-level structure: wards, communes and special zones with their schools', () => {
    const byCode = new Map(units.map((u) => [u.code, u]));
    const kinds = (kind: string) => units.filter((u) => u.kind === kind);
    expect(kinds('ward').length).toBeGreaterThanOrEqual(15);
    expect(kinds('commune').length).toBeGreaterThanOrEqual(8);
    expect(
      kinds('special_zone')
        .map((u) => u.name)
        .sort(),
    ).toEqual(['Đặc khu Bạch Long Vĩ', 'Đặc khu Cát Hải']);
    // Real names of Nghị quyết 1669/NQ-UBTVQH15, e.g. the wards of the old Hồng Bàng and Lê Chân districts.
    expect(units.map((u) => u.name)).toEqual(
      expect.arrayContaining(['Phường Hồng Bàng', 'Phường Lê Chân', 'Phường Hải Dương', 'Xã Nguyễn Bỉnh Khiêm']),
    );
    for (const local of [...kinds('ward'), ...kinds('commune'), ...kinds('special_zone')]) {
      expect(local.parentCode).toBe('SGDDT');
    }
    // A ward with its schools: preschool, primary and lower secondary sit under it and carry its name.
    const leChan = units.filter((u) => u.parentCode === 'PH-LECHAN');
    expect(new Set(leChan.map((u) => u.level))).toEqual(new Set(['mam_non', 'tieu_hoc', 'thcs']));
    expect(leChan.every((u) => u.ward === 'Phường Lê Chân')).toBe(true);
    for (const school of units.filter((u) => u.kind === 'school')) {
      const parent = byCode.get(school.parentCode!)!;
      if (school.level === 'thpt' || school.level === 'gdtx') expect(parent.kind).toBe('department');
      else expect(['ward', 'commune', 'special_zone']).toContain(parent.kind);
    }
    // Every commune-level unit has at least one school; the offices sit under the Sở.
    for (const local of [...kinds('ward'), ...kinds('commune'), ...kinds('special_zone')]) {
      expect(units.some((u) => u.parentCode === local.code)).toBe(true);
    }
    expect(kinds('office').every((u) => u.parentCode === 'SGDDT')).toBe(true);
    expect(byCode.get('THPT-TRANPHU')).toMatchObject({ parentCode: 'SGDDT', ward: null });
  });

  it('breaks figures down and ranks per ward, commune and special zone', async () => {
    const { agent } = await signedInAgent(t, [{ role: 'admin' }]);
    const res = await agent.get('/api/v1/analytics/breakdown?survey=public-education-parents&by=ward');
    expect(res.status).toBe(200);
    const keys = (res.body.rows as Array<{ key: string | null }>).map((r) => r.key);
    const local = units.filter((u) => ['ward', 'commune', 'special_zone'].includes(u.kind)).map((u) => u.name);
    // Every commune-level unit has schools, so every one is a row; the Sở's own schools have no ward.
    expect(keys.filter((k) => k !== null).sort()).toEqual([...local].sort());
    // A ward as a unit filter counts its schools' answers, the same as the ward dimension.
    const byUnit = await agent.get('/api/v1/analytics/summary?survey=public-education-parents&unit=PH-LECHAN');
    const byWard = await agent.get(
      `/api/v1/analytics/summary?survey=public-education-parents&ward=${encodeURIComponent('Phường Lê Chân')}`,
    );
    expect(byUnit.status).toBe(200);
    expect(byUnit.body.responses).toEqual(byWard.body.responses);
    expect(byUnit.body.responses.accepted).toBeGreaterThan(0);
  });

  it('has no unit abolished on 1/7/2025: no inspectorate, no one-stop desk of its own', () => {
    expect(units.find((u) => /thanh tra/i.test(u.name))).toBeUndefined();
    expect(units.find((u) => /một cửa/i.test(u.name))).toBeUndefined();
  });

  it('points TTHC links at the service centre, while the answers belong to the office', async () => {
    const { agent } = await signedInAgent(t, [{ role: 'admin' }]);
    const links = (await agent.get('/api/v1/links?survey=tthc-services')).body as Array<{
      unit: string;
      location: string | null;
    }>;
    expect(links.length).toBeGreaterThanOrEqual(5);
    expect(links.every((l) => l.location === TTHC_LOCATION && byKind(l.unit) === 'office')).toBe(true);
    const school = (await agent.get('/api/v1/links?unit=TH-NBK')).body as Array<{ location: string | null }>;
    expect(school).toEqual([expect.objectContaining({ location: null })]);
    // No ward or commune has a survey of its own: they group schools.
    expect((await agent.get('/api/v1/links?unit=PH-LECHAN')).body).toEqual([]);
    const tthc = await t.db
      .selectFrom('responses as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .innerJoin('surveys as s', 's.id', 'r.survey_id')
      .select('u.kind')
      .distinct()
      .where('s.slug', '=', 'tthc-services')
      .execute();
    expect(tthc.map((r) => r.kind)).toEqual(['office']);

    // A new link can say where it hangs; the unit it reports on stays the office.
    const made = await agent.post('/api/v1/links').send({
      survey: 'tthc-services',
      unit: 'P-GDPT',
      channel: 'quay_xa',
      location: 'Trung tâm Phục vụ hành chính công phường Lê Chân',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ unit: 'P-GDPT', location: 'Trung tâm Phục vụ hành chính công phường Lê Chân' });
    const bad = await agent
      .post('/api/v1/links')
      .send({ survey: 'tthc-services', unit: 'P-GDPT', channel: 'quay_2', location: 'Trung tâm\u0007' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toEqual([expect.objectContaining({ path: 'body.location' })]);
  });

  it('tells a true story: comments belong to their survey', async () => {
    const rows = await t.db
      .selectFrom('responses as r')
      .innerJoin('surveys as s', 's.id', 'r.survey_id')
      .select(['s.kind', 's.level', 'r.comment', 'r.answers'])
      .execute();
    const texts = (kind: string) =>
      rows
        .filter((r) => r.kind === kind)
        .flatMap((r) => [r.comment, ...Object.values(r.answers as object).filter((v) => typeof v === 'string')])
        .filter((v): v is string => typeof v === 'string' && v.length > 12);
    const tthc = texts('administrative');
    expect(tthc.length).toBeGreaterThan(10);
    expect(tthc.filter((c) => /bán trú|bữa ăn|con tôi|thầy cô|lớp/i.test(c))).toEqual([]);
    const education = texts('education');
    expect(education.length).toBeGreaterThan(100);
    expect(education.filter((c) => /hồ sơ|Dịch vụ công|công chức|dự thảo/i.test(c))).toEqual([]);
    // Boarding meals are only mentioned where the survey asks about them.
    const meals = rows.filter((r) => r.comment && /bán trú/.test(r.comment)).map((r) => r.level);
    expect(meals.every((l) => l === 'mam_non' || l === 'tieu_hoc')).toBe(true);
    console.log(`demo: ${rows.length} responses loaded in ${seedSeconds.toFixed(1)} s (with a fresh database)`);
  });

  it('has staff-run collection to show: rated officers at a desk, an open campaign with quotas, an interview list', async () => {
    const { agent } = await signedInAgent(t, [{ role: 'admin' }]);
    // Officers at the diplomas desk: three above the minimum n with a figure, one below it with counts only.
    const officers = await agent.get('/api/v1/officers/results?survey=tthc-services');
    expect(officers.status).toBe(200);
    const rows = officers.body.rows as Array<{ officer: { displayName: string }; respondents: number; shown: boolean }>;
    expect(rows.map((r) => r.officer.displayName).sort()).toEqual(
      ['Lê Thị Hồng Nhung', 'Nguyễn Thị Lan', 'Phạm Quốc Bảo', 'Trần Văn Minh'].sort(),
    );
    expect(rows.filter((r) => r.shown).length).toBeGreaterThanOrEqual(2);
    expect(rows.some((r) => !r.shown && r.respondents > 0)).toBe(true);
    const bindings = await agent.get('/api/v1/officers/bindings?unit=P-QLCL');
    expect(JSON.stringify(bindings.body)).toContain('"mode":"pick"');
    // One open campaign with a quota per THPT school, answers inside its days, some schools behind.
    const campaigns = await agent.get('/api/v1/campaigns');
    expect(campaigns.status).toBe(200);
    const open = (campaigns.body as Array<{ id: number; state: string; quotaUnits: number }>).filter(
      (c) => c.state === 'open',
    );
    expect(open).toHaveLength(1);
    expect(open[0]!.quotaUnits).toBe(units.filter((u) => u.level === 'thpt').length);
    const progress = await agent.get(`/api/v1/campaigns/${open[0]!.id}/progress`);
    expect(progress.status).toBe(200);
    expect(progress.body.totals.respondents).toBeGreaterThan(0);
    expect(progress.body.totals.behind).toBeGreaterThan(0);
    expect(progress.body.totals.respondents).toBeLessThan(progress.body.totals.quota);
    // The campaign's answers give the students' multiple-choice and number questions a chart (raw answers, timed).
    const started = performance.now();
    const dist = await agent.get('/api/v1/analytics/distributions?survey=education-students-thpt');
    console.log(`demo: distributions of the THPT students' survey in ${(performance.now() - started).toFixed(0)} ms`);
    expect(dist.status).toBe(200);
    expect(dist.body.multipleChoice[0].n).toBeGreaterThan(100);
    expect(dist.body.numbers[0].median).not.toBeNull();
    // An interview list part way through, with every outcome; numbers kept only for people still to reach.
    const lists = await agent.get('/api/v1/interviews/lists');
    expect(lists.status).toBe(200);
    const [list] = lists.body.items as Array<{ id: number; progress: Record<string, number> }>;
    expect(list!.progress).toMatchObject({ completed: 11, refused: 3, notReached: 4, callback: 2, pending: 2 });
    const detail = await agent.get(`/api/v1/interviews/lists/${list!.id}`);
    const contacts = detail.body.contacts as Array<{ status: string; contact: string | null; label: string }>;
    expect(contacts.filter((c) => c.contact !== null).every((c) => !['completed', 'refused'].includes(c.status))).toBe(
      true,
    );
    expect(contacts[0]!.label).toMatch(/^Nguyễn Văn Hùng/);
    const interviewAnswers = await t.db
      .selectFrom('responses')
      .select(['operator_id'])
      .where('channel', '=', 'interview')
      .execute();
    expect(interviewAnswers).toHaveLength(11);
    expect(interviewAnswers.every((r) => r.operator_id !== null)).toBe(true);
  });

  it('a ward manager sees the schools of the ward and nothing else', async () => {
    const ward = await t.db.selectFrom('units').select('id').where('code', '=', 'PH-LECHAN').executeTakeFirstOrThrow();
    const { agent } = await signedInAgent(t, [{ role: 'unit_manager', unitId: ward.id }]);
    const seen = (await agent.get('/api/v1/units')).body.units as Unit[];
    expect(seen.map((u) => u.code).sort()).toEqual(
      ['PH-LECHAN', ...units.filter((u) => u.parentCode === 'PH-LECHAN').map((u) => u.code)].sort(),
    );
    const own = units.find((u) => u.parentCode === 'PH-LECHAN' && u.level === 'tieu_hoc')!;
    const other = units.find((u) => u.parentCode !== 'PH-LECHAN' && u.level === 'tieu_hoc')!;
    expect(
      (await agent.get(`/api/v1/analytics/summary?survey=education-parents-tieu-hoc&unit=${own.code}`)).status,
    ).toBe(200);
    expect(
      (await agent.get(`/api/v1/analytics/summary?survey=education-parents-tieu-hoc&unit=${other.code}`)).status,
    ).toBeGreaterThanOrEqual(403);
    // The ward's own breakdown: one row per school of the ward, every answer counted in the ward's figure.
    const breakdown = await agent.get('/api/v1/analytics/breakdown?survey=public-education-parents&by=unit');
    expect(breakdown.status).toBe(200);
    const keys = (breakdown.body.rows as Array<{ key: string }>).map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((k) => seen.some((u) => u.code === k && u.kind === 'school'))).toBe(true);
  });

  it('an edit that moves a school under a commune gives it the commune as its ward', async () => {
    const { agent } = await signedInAgent(t, [{ role: 'admin' }]);
    const res = await agent.patch('/api/v1/units/THPT-TDT').send({ parentCode: 'XA-NAMSACH', ward: null });
    expect(res.status).toBe(200);
    const moved = await t.db
      .selectFrom('units')
      .select('ward')
      .where('code', '=', 'THPT-TDT')
      .executeTakeFirstOrThrow();
    expect(moved.ward).toBe('Xã Nam Sách');
  });

  function byKind(code: string) {
    return units.find((u) => u.code === code)?.kind;
  }
});
