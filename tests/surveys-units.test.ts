import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFormTestApp } from './form-fixtures.js';
import { signedInAgent, type TestApp } from './helpers/app.js';

describe('surveys and units (signed in)', () => {
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  beforeAll(async () => {
    // Definitions and units only: nothing here reads the demo's year of responses.
    t = await startFormTestApp();
    ({ agent } = await signedInAgent(t, [{ role: 'analyst' }]));
  });
  afterAll(() => t.close());

  it('needs a session', async () => {
    expect((await t.request().get('/api/v1/surveys')).status).toBe(401);
    expect((await t.request().get('/api/v1/units')).status).toBe(401);
  });

  it('lists surveys with their versions and targets', async () => {
    const res = await agent.get('/api/v1/surveys');
    expect(res.status).toBe(200);
    const bySlug = Object.fromEntries(res.body.surveys.map((s: { slug: string }) => [s.slug, s]));
    expect(bySlug['tthc-services']).toMatchObject({ target: 0.95, kind: 'administrative', currentVersion: 1 });
    expect(bySlug['tthc-services'].versions).toEqual([
      expect.objectContaining({ number: 1, contentHash: expect.stringMatching(/^[0-9a-f]{64}$/) }),
    ]);
    expect(bySlug['education-parents-thcs']).toMatchObject({ target: 0.9, level: 'thcs' });
    expect(bySlug['policy-consultation-draft']).toBeDefined();
  });

  it('filters units by kind, level, ward and parent', async () => {
    const all = (await agent.get('/api/v1/units')).body.units as Array<Record<string, unknown>>;
    expect(all.length).toBeGreaterThan(60);

    const thcs = (await agent.get('/api/v1/units?level=thcs')).body.units as Array<Record<string, unknown>>;
    expect(thcs.length).toBe(all.filter((u) => u.level === 'thcs').length);
    expect(thcs.every((u) => u.level === 'thcs' && u.kind === 'school')).toBe(true);

    const offices = (await agent.get('/api/v1/units?kind=office')).body.units as Array<Record<string, unknown>>;
    expect(offices.length).toBeGreaterThanOrEqual(6);

    const ward = thcs[0]!.ward as string;
    const inWard = (await agent.get(`/api/v1/units?ward=${encodeURIComponent(ward)}`)).body.units;
    expect(inWard.length).toBe(all.filter((u) => u.ward === ward).length);

    const underSo = (await agent.get('/api/v1/units?parent=SGDDT')).body.units;
    expect(underSo.length).toBe(all.length - 1);
    expect((await agent.get('/api/v1/units?parent=NO-SUCH')).body.units).toEqual([]);
  });

  it('refuses bad filters with 400 and field errors', async () => {
    const res = await agent.get('/api/v1/units?level=dai_hoc&kind=planet');
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'querystring.kind',
      'querystring.level',
    ]);
    const injection = await agent.get(`/api/v1/units?ward=${encodeURIComponent("x' or 1=1 --")}`);
    expect(injection.status).toBe(200);
    expect(injection.body.units).toEqual([]);
  });
});
