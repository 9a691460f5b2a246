import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { estimateMinutes } from '../domain/estimate.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { isPrivateHost, publicUrlStartWarning, publicUrlWarning } from '../server/posters/public-url.js';
import { batchFileName } from '../server/posters/routes.js';
import { startFormTestApp } from './form-fixtures.js';
import { createUser, signedInAgent, type TestApp } from './helpers/app.js';
import { launchBrowser, phonePage } from './helpers/browser.js';
import { pdfText } from './helpers/pdf.js';
import { startServerProcess, stopServerProcess } from './helpers/server-process.js';

const binary = (
  res: { on: (ev: string, cb: (arg?: unknown) => void) => void },
  cb: (err: Error | null, body: Buffer) => void,
) => {
  const chunks: Buffer[] = [];
  res.on('data', (c) => chunks.push(c as Buffer));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

const meta = (html: string, property: string) =>
  new RegExp(`<meta\\s+(?:property|name)="${property}"\\s+content="([^"]*)"`).exec(html)?.[1];

/** Links that work when printed and shared (#15.6) and one time estimate everywhere (#15.5). */
describe('sharing: Open Graph, icons, poster names, the public address and the estimate', () => {
  let t: TestApp;
  let school: { code: string; unitName: string; surveyTitle: string; definition: TSurveyDefinition };

  beforeAll(async () => {
    t = await startFormTestApp();
    const row = await t.db
      .selectFrom('links as l')
      .innerJoin('surveys as s', 's.id', 'l.survey_id')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .innerJoin('survey_versions as v', 'v.survey_id', 's.id')
      .select(['l.code', 'u.name as unitName', 's.title_vi as surveyTitle', 'v.definition'])
      .where('s.slug', '=', 'education-parents-tieu-hoc')
      .orderBy('l.id')
      .orderBy('v.number', 'desc')
      .executeTakeFirstOrThrow();
    school = { ...row, definition: row.definition as TSurveyDefinition };
  });
  afterAll(() => t?.close());

  it('/f/{code} carries Open Graph tags with the survey title and the unit name', async () => {
    const res = await t.request().get(`/f/${school.code}`);
    expect(res.status).toBe(200);
    const html = res.text;
    expect(meta(html, 'og:title')).toBe(school.surveyTitle);
    expect(meta(html, 'og:description')).toContain(school.unitName);
    expect(meta(html, 'og:url')).toBe(`${t.url}/f/${school.code}`);
    expect(meta(html, 'og:image')).toBe(`${t.url}/icon-512.png`);
    expect(meta(html, 'og:locale')).toBe('vi_VN');
    expect(html).toContain('<link rel="icon" href="/favicon.svg"');
  });

  it('/cong-khai carries Open Graph tags too', async () => {
    const html = (await t.request().get('/cong-khai')).text;
    expect(meta(html, 'og:title')).toMatch(/Công khai mức độ hài lòng/);
    expect(meta(html, 'og:description')).toBeTruthy();
  });

  it('serves the favicon, the icons and a web app manifest', async () => {
    // The app staff install on a phone is the admin app; a parent's survey page is not an app.
    const admin = (await t.request().get('/admin/')).text;
    expect(admin).toContain('<link rel="manifest" href="/manifest.webmanifest"');
    expect(admin).toContain('<link rel="icon" href="/favicon.svg"');
    const manifest = await t.request().get('/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
    const parsed = JSON.parse(manifest.text) as { name: string; lang: string; icons: Array<{ src: string }> };
    expect(parsed).toMatchObject({ short_name: 'Hài lòng', lang: 'vi', display: 'standalone' });
    for (const icon of parsed.icons) {
      const res = await t.request().get(icon.src).buffer(true).parse(binary);
      expect(res.status, icon.src).toBe(200);
    }
    const svg = await t.request().get('/favicon.svg');
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const ico = await t.request().get('/favicon.ico').buffer(true).parse(binary);
    expect(ico.status).toBe(200);
    expect((ico.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
  });

  it('the poster and the form say the same time, computed from the definition', async () => {
    const minutes = estimateMinutes(school.definition);
    const { agent } = await signedInAgent(t);
    const pdf = await agent.get(`/api/v1/links/${school.code}/poster.pdf`).buffer(true).parse(binary);
    expect(pdf.status).toBe(200);
    // pdf.js joins wrapped lines without a space: compare without spaces.
    const posterText = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, '');
    expect(posterText).toContain(`chỉmấtkhoảng${minutes}phút`);
    const form = (await t.request().get(`/f/${school.code}`)).text;
    expect(form).toContain(`Thời gian trả lời: khoảng ${minutes} phút.`);
    // No other duration on either.
    for (const text of [posterText, form]) {
      for (const m of text.matchAll(/(\d+) ?phút/g)) expect(Number(m[1])).toBe(minutes);
    }
  });

  it('names poster downloads by what they hold: survey, units and paper size', async () => {
    const { agent } = await signedInAgent(t);
    const one = await agent.get(`/api/v1/links/${school.code}/poster.svg?size=A5`);
    expect(one.headers['content-disposition']).toMatch(
      new RegExp(`filename="poster-education-parents-tieu-hoc-[a-z0-9-]+-${school.code}-A5\\.svg"`),
    );
    const batch = await agent
      .get('/api/v1/posters.pdf?survey=education-parents-tieu-hoc&level=tieu_hoc&size=A4')
      .buffer(true)
      .parse(binary);
    expect(batch.status).toBe(200);
    expect(batch.headers['content-disposition']).toContain(
      'filename="posters-education-parents-tieu-hoc-cap-tieu-hoc-A4.pdf"',
    );
    expect(batchFileName({}, 'A5')).toBe('posters-tat-ca-khao-sat-tat-ca-don-vi-A5.pdf');
    expect(batchFileName({ ward: 'Phường Bến Nghé' }, 'A4')).toBe('posters-tat-ca-khao-sat-phuong-ben-nghe-A4.pdf');
  });

  it('warns the admin app before printing when QR codes would carry a loopback or private address', async () => {
    const { agent } = await signedInAgent(t, [{ role: 'analyst' }]);
    const res = await agent.get('/api/v1/posters/public-url');
    expect(res.status).toBe(200);
    // No PUBLIC_URL in tests: the request's own 127.0.0.1 address would be printed.
    expect(res.body).toMatchObject({ url: t.url, configured: false });
    expect(res.body.warning).toMatch(/địa chỉ nội bộ 127\.0\.0\.1:\d+.*PUBLIC_URL/);
    expect((await t.request().get('/api/v1/posters/public-url')).status).toBe(401);

    for (const host of ['127.0.0.1', 'localhost', '10.1.2.3', '192.168.1.20', '172.20.0.5', '[::1]', 'server01']) {
      expect(isPrivateHost(host.replace(/[[\]]/g, '')), host).toBe(true);
    }
    for (const host of ['hailong.sogd.gov.vn', '203.113.1.10', '172.32.0.1'])
      expect(isPrivateHost(host), host).toBe(false);
    expect(publicUrlWarning('https://hailong.sogd.gov.vn', true)).toBeNull();
    expect(publicUrlStartWarning('https://hailong.sogd.gov.vn', 'https://hailong.sogd.gov.vn')).toBeUndefined();
  });

  it('shows the warning on the posters page, at phone width', { timeout: 60_000 }, async () => {
    const browser = await launchBrowser();
    try {
      const { context, page } = await phonePage(browser);
      const user = await createUser(t.db, [{ role: 'admin' }]);
      const login = await context.request.post(`${t.url}/api/v1/auth/login`, {
        data: { email: user.email, password: user.password },
      });
      expect(login.status()).toBe(200);
      await page.goto(`${t.url}/admin/links`);
      const warning = page.getByTestId('public-url-warning');
      await warning.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await warning.textContent()).toMatch(/địa chỉ nội bộ 127\.0\.0\.1:\d+/);
      const box = await warning.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    } finally {
      await browser.close();
    }
  });

  it('prints a warning on start when PUBLIC_URL is a loopback address', { timeout: 120_000 }, async () => {
    const s = await startServerProcess({
      DATABASE_URL: t.database.url,
      PUBLIC_URL: 'http://127.0.0.1:3000',
      WEB_BUILD_ON_START: 'false',
      DEMO_DATA: 'false',
      ADMIN_EMAIL: 'admin@so.example.vn',
      ADMIN_PASSWORD: 'configured-password-123',
    });
    try {
      expect(s.output()).toMatch(/WARNING: PUBLIC_URL \(http:\/\/127\.0\.0\.1:3000\) is a loopback or private address/);
    } finally {
      await stopServerProcess(s);
    }
  });
});
