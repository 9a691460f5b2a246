import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZOverview, type TOverview } from '../domain/contract/overview.js';
import { listRecentQuarters } from '../domain/periods.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

/** The start page's figures come from the same engine as the detail pages, and agree with them. */
describe('GET /api/v1/overview (the "Tổng quan" start page)', () => {
  let t: TestApp;
  let admin: Agent;
  let overview: TOverview;
  const quarter = listRecentQuarters(new Date(), 1)[0]!.code;

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    ({ agent: admin } = await signedInAgent(t, [{ role: 'admin' }]));
    const res = await admin.get('/api/v1/overview');
    expect(res.status).toBe(200);
    overview = ZOverview.parse(res.body);
  });
  afterAll(() => t?.close());

  it('covers the current quarter, every survey group, and answers in the contract', () => {
    expect(overview.period.code).toBe(quarter);
    expect(overview.surveys.length).toBeGreaterThan(0);
    expect(overview.surveys.some((s) => s.responses > 0)).toBe(true);
  });

  it('each survey line is the figure the analytics summary gives for it', async () => {
    for (const s of overview.surveys) {
      const res = await admin.get(`/api/v1/analytics/summary?survey=${s.selector}&period=${quarter}`);
      expect(res.status).toBe(200);
      expect(s.overall).toEqual(res.body.headline.figure);
      expect(s.method).toEqual(res.body.headline.method.label);
      expect(s.responses).toBe(res.body.responses.accepted);
      expect(s.target).toBe(res.body.target);
      const method = res.body.headline.method.key as string;
      const units = await admin.get(
        `/api/v1/analytics/breakdown?survey=${s.selector}&period=${quarter}&by=unit&method=${method}`,
      );
      const below = (units.body.rows as Array<{ unit?: { code: string }; figure: { status: string } }>)
        .filter((r) => r.unit && r.figure.status === 'below')
        .map((r) => r.unit!.code);
      expect(s.unitsBelow.map((u) => u.code)).toEqual(below);
    }
  });

  it('counts flagged answers waiting and units without answers as the database has them', async () => {
    const pending = await t.db
      .selectFrom('responses')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('review_status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(overview.flagged.pending).toBe(Number(pending.n));
    expect(overview.flagged.recent).toBeLessThanOrEqual(overview.flagged.pending);
    expect(overview.unitsWithoutAnswers.units.length).toBeLessThanOrEqual(
      Math.min(5, overview.unitsWithoutAnswers.count),
    );
    expect(overview.feedback).not.toBeNull();
  });

  it('a unit manager sees only their units; bad input is a 400 with the field; no session is a 401', async () => {
    const school = await t.db
      .selectFrom('units')
      .select(['id', 'code'])
      .where('kind', '=', 'school')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const { agent: manager } = await signedInAgent(t, [{ role: 'unit_manager', unitId: school.id }]);
    const mine = ZOverview.parse((await manager.get('/api/v1/overview')).body);
    for (const s of mine.surveys) for (const u of s.unitsBelow) expect(u.code).toBe(school.code);
    for (const u of mine.unitsWithoutAnswers.units) expect(u.code).toBe(school.code);
    expect(mine.unitsWithoutAnswers.count).toBeLessThanOrEqual(1);

    const bad = await admin.get('/api/v1/overview?period=Q5-2026');
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].path).toBe('querystring.period');
    expect((await t.request().get('/api/v1/overview')).status).toBe(401);
  });
});
