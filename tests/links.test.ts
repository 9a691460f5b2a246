import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_PATTERN } from '../server/links/codes.js';
import { startFormTestApp } from './form-fixtures.js';
import { signedInAgent, type TestApp } from './helpers/app.js';

type Link = {
  id: number;
  code: string;
  url: string;
  survey: string;
  unit: string;
  unitId: number;
  channel: string;
  retiredAt: string | null;
};

/** Collect a binary body (supertest buffers only text and JSON by default). */
const binary = (
  res: { on: (ev: string, cb: (arg?: unknown) => void) => void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const pdfPages = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type \/Page\b(?!s)/g) ?? []).length;

describe('QR links, posters and form pages', () => {
  let t: TestApp;
  let admin: TestAgent;
  let analyst: TestAgent;
  let manager: TestAgent;
  let noRoles: TestAgent;

  beforeAll(async () => {
    t = await startFormTestApp();
    const sgd = await t.db.selectFrom('units').select('id').where('code', '=', 'SGDDT').executeTakeFirstOrThrow();
    const parent = await t.db
      .insertInto('units')
      .values({ code: 'T-PGD', name: 'Phòng GD thử nghiệm', kind: 'office', parent_id: sgd.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db
      .insertInto('units')
      .values([
        {
          code: 'T-THCS-A',
          name: 'Trường THCS Thử A',
          kind: 'school',
          level: 'thcs',
          parent_id: parent.id,
          ward: 'Phường Thử',
        },
        {
          code: 'T-THCS-B',
          name: 'Trường THCS Thử B',
          kind: 'school',
          level: 'thcs',
          parent_id: parent.id,
          ward: 'Phường Thử',
        },
      ])
      .execute();
    ({ agent: admin } = await signedInAgent(t, [{ role: 'admin' }]));
    ({ agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]));
    ({ agent: manager } = await signedInAgent(t, [{ role: 'unit_manager', unitId: parent.id }]));
    ({ agent: noRoles } = await signedInAgent(t, []));
  });
  afterAll(() => t.close());

  describe('listing', () => {
    it('lists every demo unit with a link, in the contract shape, with absolute form URLs', async () => {
      const res = await admin.get('/api/v1/links');
      expect(res.status).toBe(200);
      const links = res.body as Link[];
      expect(Array.isArray(links)).toBe(true);
      const units = await t.db.selectFrom('units').select('code').where('code', 'not like', 'T-%').execute();
      const linked = new Set(links.map((l) => l.unit));
      expect(units.every((u) => linked.has(u.code))).toBe(true);
      for (const l of links) {
        expect(l).toMatchObject({ code: expect.stringMatching(CODE_PATTERN), channel: 'qr', retiredAt: null });
        expect(l.url).toBe(`${t.url}/f/${l.code}`);
        expect(typeof l.survey).toBe('string');
        expect(typeof l.unit).toBe('string');
      }
    });

    it('filters by survey, unit, level and ward', async () => {
      const thcs = (await admin.get('/api/v1/links?survey=education-parents-thcs')).body as Link[];
      expect(thcs.length).toBeGreaterThan(5);
      expect(thcs.every((l) => l.survey === 'education-parents-thcs')).toBe(true);
      const one = (await admin.get('/api/v1/links?unit=VP-SO')).body as Link[];
      expect(one.map((l) => [l.unit, l.survey])).toEqual([['VP-SO', 'tthc-services']]);
      const level = (await admin.get('/api/v1/links?level=mam_non')).body as Link[];
      expect(level.length).toBeGreaterThan(5);
      expect(level.every((l) => l.unit.startsWith('MN-'))).toBe(true);
      const ward = (await admin.get(`/api/v1/links?ward=${encodeURIComponent('Phường Hòa Bình')}`)).body as Link[];
      expect(ward.length).toBeGreaterThan(0);
      expect((await admin.get('/api/v1/links?survey=no-such-survey')).body).toEqual([]);
    });

    it('refuses bad filters (400), no session (401) and no role (403)', async () => {
      const bad = await admin.get('/api/v1/links?level=dai_hoc&includeRetired=maybe');
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
        'querystring.includeRetired',
        'querystring.level',
      ]);
      expect((await t.request().get('/api/v1/links')).status).toBe(401);
      expect((await noRoles.get('/api/v1/links')).status).toBe(403);
    });

    it("shows a unit manager only their units' links", async () => {
      expect((await manager.get('/api/v1/links')).body).toEqual([]);
      expect((await manager.get('/api/v1/links?unit=VP-SO')).body).toEqual([]);
      const demo = (await admin.get('/api/v1/links?unit=VP-SO')).body as Link[];
      expect((await manager.get(`/api/v1/links/${demo[0]!.code}`)).status).toBe(404);
      expect((await analyst.get(`/api/v1/links/${demo[0]!.code}`)).status).toBe(200);
    });
  });

  describe('creating and retiring', () => {
    it('creates a link (201), returns the same active one again (200), and audits it', async () => {
      const first = await manager.post('/api/v1/links').send({ survey: 'education-parents-thcs', unit: 'T-THCS-A' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ survey: 'education-parents-thcs', unit: 'T-THCS-A', channel: 'qr' });
      expect(first.body.code).toMatch(CODE_PATTERN);
      const again = await manager.post('/api/v1/links').send({ survey: 'education-parents-thcs', unit: 'T-THCS-A' });
      expect(again.status).toBe(200);
      expect(again.body.code).toBe(first.body.code);
      const zalo = await manager
        .post('/api/v1/links')
        .send({ survey: 'education-parents-thcs', unit: 'T-THCS-A', channel: 'zalo' });
      expect(zalo.status).toBe(201);
      expect(zalo.body.code).not.toBe(first.body.code);
      const audit = await t.db
        .selectFrom('audit_log')
        .select(['action', 'target_id', 'details'])
        .where('action', '=', 'links.create')
        .where('target_id', '=', String(first.body.id))
        .execute();
      expect(audit).toEqual([
        {
          action: 'links.create',
          target_id: String(first.body.id),
          details: expect.objectContaining({ unit: 'T-THCS-A' }),
        },
      ]);
      expect((await manager.get('/api/v1/links')).body.map((l: Link) => l.code).sort()).toEqual(
        [first.body.code, zalo.body.code].sort(),
      );
    });

    it('makes one link under concurrent creation of the same triple', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => admin.post('/api/v1/links').send({ survey: 'tthc-services', unit: 'T-PGD' })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(new Set(results.map((r) => r.body.code)).size).toBe(1);
    });

    it('refuses what a user may not do or what does not exist', async () => {
      const other = await manager.post('/api/v1/links').send({ survey: 'tthc-services', unit: 'VP-SO' });
      expect(other.status).toBe(404);
      expect(other.body.error.fields).toEqual([{ path: 'unit', message: expect.any(String) }]);
      const unknownUnit = await admin.post('/api/v1/links').send({ survey: 'tthc-services', unit: 'NO-SUCH' });
      expect(unknownUnit.status).toBe(404);
      const unknownSurvey = await admin.post('/api/v1/links').send({ survey: 'no-such', unit: 'VP-SO' });
      expect(unknownSurvey.status).toBe(404);
      expect(unknownSurvey.body.error.fields[0].path).toBe('survey');
      const invalid = await admin.post('/api/v1/links').send({ survey: '', channel: 'Bad Channel!' });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
        'body.channel',
        'body.survey',
        'body.unit',
      ]);
      expect((await analyst.post('/api/v1/links').send({ survey: 'tthc-services', unit: 'VP-SO' })).status).toBe(403);
      // Reading everything (analyst) does not mean managing everything: only the managed branch.
      const branch = await t.db.selectFrom('units').select('id').where('code', '=', 'T-PGD').executeTakeFirstOrThrow();
      const { agent: both } = await signedInAgent(t, [
        { role: 'analyst' },
        { role: 'unit_manager', unitId: branch.id },
      ]);
      expect((await both.post('/api/v1/links').send({ survey: 'tthc-services', unit: 'VP-SO' })).status).toBe(404);
      expect(
        (await both.post('/api/v1/links').send({ survey: 'policy-consultation-draft', unit: 'T-THCS-A' })).status,
      ).toBe(201);
      // A cookie-authenticated mutation needs the CSRF header.
      const noCsrf = await manager
        .post('/api/v1/links')
        .set('x-csrf-token', 'wrong')
        .send({ survey: 'tthc-services', unit: 'T-THCS-B' });
      expect(noCsrf.status).toBe(403);
    });

    it('creates links in bulk for the matching units in scope only, idempotently', async () => {
      const res = await manager.post('/api/v1/links/bulk').send({ survey: 'education-parents-thcs' });
      expect(res.status).toBe(201);
      // The THCS survey fits only THCS schools: the office T-PGD gets none.
      expect(res.body.links.map((l: Link) => l.unit).sort()).toEqual(['T-THCS-A', 'T-THCS-B']);
      expect(res.body).toMatchObject({ created: 1, existing: 1 });
      const again = await manager.post('/api/v1/links/bulk').send({ survey: 'education-parents-thcs' });
      expect(again.body).toMatchObject({ created: 0, existing: 2 });

      const all = await admin.post('/api/v1/links/bulk').send({ survey: 'education-parents-thcs', channel: 'poster2' });
      const thcsUnits = await t.db.selectFrom('units').select('id').where('level', '=', 'thcs').execute();
      expect(all.body).toMatchObject({ created: thcsUnits.length, existing: 0 });
      const byWard = await admin
        .post('/api/v1/links/bulk')
        .send({ survey: 'tthc-services', ward: 'Phường Thử', channel: 'ward_test' });
      expect(byWard.body.links.map((l: Link) => l.unit).sort()).toEqual(['T-THCS-A', 'T-THCS-B']);
      const byParent = await admin
        .post('/api/v1/links/bulk')
        .send({ survey: 'tthc-services', parent: 'T-PGD', channel: 'parent_test' });
      expect(byParent.body.created).toBe(2);
      expect((await admin.post('/api/v1/links/bulk').send({ survey: 'tthc-services', parent: 'NOPE' })).status).toBe(
        404,
      );
      expect((await analyst.post('/api/v1/links/bulk').send({ survey: 'tthc-services' })).status).toBe(403);
    });

    it('retires a link: 200, audited, form answers 410, left out of lists, and a new one can be made', async () => {
      const made = await manager.post('/api/v1/links').send({ survey: 'tthc-services', unit: 'T-THCS-B' });
      const code = made.body.code as string;
      expect((await t.request().get(`/f/${code}`)).status).toBe(200);

      expect((await analyst.post(`/api/v1/links/${code}/retire`)).status).toBe(403);
      const res = await manager.post(`/api/v1/links/${code}/retire`);
      expect(res.status).toBe(200);
      expect(res.body.retiredAt).toEqual(expect.any(String));
      expect((await manager.post(`/api/v1/links/${code}/retire`)).status).toBe(200);
      const audits = await t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'links.retire')
        .where('target_id', '=', String(made.body.id))
        .execute();
      expect(audits).toHaveLength(1);

      const page = await t.request().get(`/f/${code}`);
      expect(page.status).toBe(410);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('Phiếu khảo sát đã đóng');
      expect((await t.request().get(`/api/v1/public/forms/${code}`)).status).toBe(410);

      const active = (await manager.get('/api/v1/links')).body as Link[];
      expect(active.map((l) => l.code)).not.toContain(code);
      const withRetired = (await manager.get('/api/v1/links?includeRetired=true')).body as Link[];
      expect(withRetired.find((l) => l.code === code)?.retiredAt).toEqual(expect.any(String));

      const fresh = await manager.post('/api/v1/links').send({ survey: 'tthc-services', unit: 'T-THCS-B' });
      expect(fresh.status).toBe(201);
      expect(fresh.body.code).not.toBe(code);

      const demo = (await admin.get('/api/v1/links?unit=VP-SO')).body as Link[];
      expect((await manager.post(`/api/v1/links/${demo[0]!.code}/retire`)).status).toBe(404);
      expect((await admin.post('/api/v1/links/NOSUCHCODE/retire')).status).toBe(404);
    });
  });

  describe('form pages and the public form API', () => {
    it('serves the phone form with its data inlined; 404 and 410 are friendly pages', async () => {
      const [link] = (await admin.get('/api/v1/links?unit=VP-SO')).body as Link[];
      const page = await t.request().get(`/f/${link!.code}`).set('accept-encoding', 'gzip');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.headers['content-encoding']).toBe('gzip');
      const data = /<script id="hl-form-data" type="application\/json">(.*?)<\/script>/s.exec(page.text);
      expect(JSON.parse(data![1]!)).toMatchObject({ survey: { slug: 'tthc-services' }, unit: { code: 'VP-SO' } });
      expect(page.text).toMatch(/<script type="module"[^>]*src="\/assets\//);

      const unknown = await t.request().get('/f/ZZZZZZZZZZ');
      expect(unknown.status).toBe(404);
      expect(unknown.text).toContain('Không tìm thấy phiếu khảo sát');
      // The page's inline style is allowed by its hash, nothing else inline is.
      expect(unknown.headers['content-security-policy']).toMatch(/style-src 'self' 'sha256-/);
      expect((await t.request().get('/f/not-a-code')).status).toBe(404);
      const lower = await t.request().get(`/f/${link!.code.toLowerCase()}`);
      expect(lower.status).toBe(301);
      expect(lower.headers.location).toBe(`/f/${link!.code}`);
    });

    it('answers GET /api/v1/public/forms/{code} with survey, version, unit and definition', async () => {
      const [link] = (await admin.get('/api/v1/links?unit=VP-SO')).body as Link[];
      const res = await t.request().get(`/api/v1/public/forms/${link!.code}`);
      expect(res.status).toBe(200);
      const version = await t.db
        .selectFrom('survey_versions as v')
        .innerJoin('surveys as s', 's.id', 'v.survey_id')
        .select(['v.id', 'v.number'])
        .where('s.slug', '=', 'tthc-services')
        .executeTakeFirstOrThrow();
      expect(res.body).toMatchObject({
        survey: { slug: 'tthc-services', title: { vi: expect.stringContaining('thủ tục hành chính') }, target: 0.95 },
        version: { id: version.id, number: version.number },
        unit: { code: 'VP-SO', name: expect.stringContaining('Văn phòng Sở') },
        definition: { slug: 'tthc-services', questions: expect.any(Array) },
      });
      const unknown = await t.request().get('/api/v1/public/forms/ZZZZZZZZZZ');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('link_not_found');
    });

    it('serves the service worker at /sw.js, uncached', async () => {
      const res = await t.request().get('/sw.js');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toBe('no-cache');
    });
  });

  describe('posters', () => {
    it('renders a PNG whose QR decodes to the exact form URL', async () => {
      const [link] = (await admin.get('/api/v1/links?unit=VP-SO')).body as Link[];
      const res = await analyst
        .get(`/api/v1/links/${link!.code}/poster.png?size=A5&dpi=110`)
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      const img = PNG.sync.read(res.body as Buffer);
      const qr = jsQR(
        new Uint8ClampedArray(img.data.buffer, img.data.byteOffset, img.data.length),
        img.width,
        img.height,
      );
      expect(qr?.data).toBe(`${t.url}/f/${link!.code}`);
    });

    it('renders SVG and PDF in A4 and A5 with the unit name', async () => {
      const [link] = (await admin.get('/api/v1/links?unit=VP-SO')).body as Link[];
      const svg = await admin.get(`/api/v1/links/${link!.code}/poster.svg`).buffer(true).parse(binary);
      expect(svg.status).toBe(200);
      expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
      const text = (svg.body as Buffer).toString('utf8');
      expect(text).toContain('Văn phòng Sở');
      expect(text).toContain('width="210mm"');
      const a5 = await admin.get(`/api/v1/links/${link!.code}/poster.svg?size=A5`).buffer(true).parse(binary);
      expect((a5.body as Buffer).toString('utf8')).toContain('width="148mm"');
      const pdf = await admin.get(`/api/v1/links/${link!.code}/poster.pdf?size=A5`).buffer(true).parse(binary);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPages(pdf.body as Buffer)).toBe(1);
      expect((await admin.get(`/api/v1/links/${link!.code}/poster.pdf?size=A3`)).status).toBe(400);
      expect((await manager.get(`/api/v1/links/${link!.code}/poster.svg`)).status).toBe(404);
      expect((await t.request().get(`/api/v1/links/${link!.code}/poster.svg`)).status).toBe(401);
    });

    it('streams one PDF with one poster a page for a level, within the scope', async () => {
      const expected = (await admin.get('/api/v1/links?survey=education-parents-mam-non')).body as Link[];
      const res = await admin
        .get('/api/v1/posters.pdf?survey=education-parents-mam-non&size=A5')
        .buffer(true)
        .parse(binary);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['x-poster-count']).toBe(String(expected.length));
      expect(pdfPages(res.body as Buffer)).toBe(expected.length);

      const mine = await manager.get('/api/v1/posters.pdf').buffer(true).parse(binary);
      const managed = (await manager.get('/api/v1/links')).body as Link[];
      expect(pdfPages(mine.body as Buffer)).toBe(managed.length);
      expect((await manager.get('/api/v1/posters.pdf?unit=VP-SO')).status).toBe(404);
    });
  });
});
