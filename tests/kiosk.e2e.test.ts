import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TKioskCreated } from '../domain/contract/kiosks.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { paperChoices } from '../domain/paper-keys.js';
import { startFormTestApp } from './form-fixtures.js';
import { createUser, signedInAgent, type TestApp } from './helpers/app.js';
import { axeViolations, launchBrowser, PHONE, phonePage } from './helpers/browser.js';
import { answerAll, shown } from './helpers/form-page.js';

const SURVEY = 'education-parents-tieu-hoc';

/** Kiosks (#12.2): registered per unit and survey, revocable, and a shared tablet is not a burst. */
describe('kiosks', () => {
  let t: TestApp;
  let admin: TestAgent;
  let managerA: TestAgent;
  let managerB: TestAgent;
  let unitA: number;
  let definition: TSurveyDefinition;
  let versionId: number;
  let browser: Browser | undefined;

  const answers = () =>
    Object.fromEntries(
      definition.questions.flatMap((q) => {
        const choices = paperChoices(q);
        return choices && q.required ? [[q.key, choices[Math.min(3, choices.length - 1)]!.value]] : [];
      }),
    );
  const linkCodeOf = async (kioskId: number) =>
    (
      await t.db
        .selectFrom('kiosks as k')
        .innerJoin('links as l', 'l.id', 'k.link_id')
        .select('l.code')
        .where('k.id', '=', kioskId)
        .executeTakeFirstOrThrow()
    ).code;
  const tokenOf = (created: TKioskCreated) => created.url.split('/k/')[1]!;
  /** An answer that began `startedSecondsAgo` ago and took 100 s, always from the same tablet. */
  const send = (linkCode: string, kioskToken: string, startedSecondsAgo: number) => {
    const started = Date.now() - startedSecondsAgo * 1000;
    return t
      .request()
      .post('/api/v1/public/responses')
      .send({
        id: randomUUID(),
        linkCode,
        versionId,
        answers: answers(),
        startedAt: new Date(started).toISOString(),
        finishedAt: new Date(started + 100_000).toISOString(),
        deviceToken: 'the-same-tablet-every-time',
        kioskToken,
      });
  };

  beforeAll(async () => {
    t = await startFormTestApp();
    const units = await t.db
      .selectFrom('units')
      .select(['id', 'level'])
      .where('kind', '=', 'school')
      .where('level', '=', 'tieu_hoc')
      .orderBy('id')
      .limit(2)
      .execute();
    unitA = units[0]!.id;
    const v = await t.db
      .selectFrom('survey_versions as v')
      .innerJoin('surveys as s', 's.id', 'v.survey_id')
      .select(['v.id', 'v.definition'])
      .where('s.slug', '=', SURVEY)
      .orderBy('v.number', 'desc')
      .executeTakeFirstOrThrow();
    versionId = v.id;
    definition = v.definition as TSurveyDefinition;
    admin = (await signedInAgent(t, [{ role: 'admin' }])).agent;
    managerA = (await signedInAgent(t, [{ role: 'unit_manager', unitId: unitA }])).agent;
    managerB = (await signedInAgent(t, [{ role: 'unit_manager', unitId: units[1]!.id }])).agent;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('registers within scope, with field errors in Vietnamese and a QR code of the URL', async () => {
    const bad = await admin.post('/api/v1/kiosks').send({ survey: SURVEY, unitId: unitA, label: ' ' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { path: string }) => f.path)).toEqual(['body.label']);
    const other = await managerB.post('/api/v1/kiosks').send({ survey: SURVEY, unitId: unitA, label: 'Quầy 1' });
    expect(other.status).toBe(404);
    expect(other.body.fields[0].path).toBe('unitId');
    expect(await t.db.selectFrom('kiosks').select('id').execute()).toHaveLength(0);

    const res = await managerA.post('/api/v1/kiosks').send({ survey: SURVEY, unitId: unitA, label: 'Quầy một cửa' });
    expect(res.status).toBe(201);
    const created = res.body as TKioskCreated;
    expect(created.url).toMatch(/\/k\/[A-Za-z0-9_-]{32}$/);
    expect(created.qrSvg).toMatch(/^<svg/);
    expect(created.kiosk).toMatchObject({ label: 'Quầy một cửa', unitId: unitA, survey: SURVEY, revokedAt: null });
    // Only the token's hash is stored.
    const stored = await t.db.selectFrom('kiosks').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(tokenOf(created));
    expect((await managerB.get('/api/v1/kiosks')).body).toEqual([]);
    expect((await managerA.get('/api/v1/kiosks')).body.map((k: { id: number }) => k.id)).toEqual([created.kiosk.id]);
  });

  it('records kiosk answers without burst or duplicate flags; the kiosk guard holds answers too close together', async () => {
    const created = (await admin.post('/api/v1/kiosks').send({ survey: SURVEY, unitId: unitA, label: 'Cổng trường' }))
      .body as TKioskCreated;
    const token = tokenOf(created);
    const code = await linkCodeOf(created.kiosk.id);
    // Five people in a row, a minute apart, the same answers: on a phone the 4th would be a burst.
    for (let i = 0; i < 5; i++) expect((await send(code, token, 600 - i * 60)).status).toBe(201);
    const rows = await t.db
      .selectFrom('responses')
      .select(['flags', 'channel', 'kiosk_id', 'device_hash', 'review_status'])
      .where('kiosk_id', '=', created.kiosk.id)
      .execute();
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r).toMatchObject({ flags: [], channel: 'kiosk', device_hash: null, review_status: 'accepted' });
    }
    // Begun 5 s after the last one: less than the kiosk's minimum interval (20 s by default).
    const close = await send(code, token, 355);
    expect(close.status).toBe(201);
    const held = await t.db
      .selectFrom('responses')
      .select(['flags', 'review_status'])
      .where('id', '=', close.body.id)
      .executeTakeFirstOrThrow();
    expect(held).toEqual({ flags: ['kiosk_interval'], review_status: 'pending' });
    // A kiosk token on another link's answer is refused.
    const otherCode = (
      await t.db.selectFrom('links').select('code').where('channel', '=', 'qr').executeTakeFirstOrThrow()
    ).code;
    expect((await send(otherCode, token, 100)).status).toBe(400);
  });

  it('a revoked kiosk: its page and its answers answer 410, in Vietnamese', async () => {
    const created = (await admin.post('/api/v1/kiosks').send({ survey: SURVEY, unitId: unitA, label: 'Thu hồi' }))
      .body as TKioskCreated;
    const token = tokenOf(created);
    const code = await linkCodeOf(created.kiosk.id);
    expect((await t.request().get(`/api/v1/public/kiosks/${token}`)).status).toBe(200);
    expect((await managerB.post(`/api/v1/kiosks/${created.kiosk.id}/revoke`)).status).toBe(404);
    const revoked = await managerA.post(`/api/v1/kiosks/${created.kiosk.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const page = await t.request().get(`/k/${token}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('"revoked"');
    const api = await t.request().get(`/api/v1/public/kiosks/${token}`);
    expect(api.status).toBe(410);
    expect(api.body.message).toBe('Máy khảo sát này đã ngừng hoạt động');
    expect((await send(code, token, 300)).status).toBe(410);
    expect((await t.request().get(`/k/${'x'.repeat(32)}`)).status).toBe(404);
  });

  it('an admin registers a kiosk at 390 px; then three answers in a row on the tablet, a fresh form each time, no flags', async () => {
    browser = await launchBrowser();
    const adminUser = await createUser(t.db, [{ role: 'admin' }]);
    const unitCode = (await t.db.selectFrom('units').select('code').where('id', '=', unitA).executeTakeFirstOrThrow())
      .code;
    const adminSide = await phonePage(browser, PHONE);
    const a = adminSide.page;
    a.setDefaultTimeout(20_000);
    // Signed in through the API, as the login form is (the cookie in the context, the CSRF token from
    // /auth/me): one page load fewer; the form itself is tested in admin-ui.
    const login = await adminSide.context.request.post(`${t.url}/api/v1/auth/login`, {
      data: { email: adminUser.email, password: adminUser.password },
    });
    expect(login.status()).toBe(200);
    await a.goto(`${t.url}/admin/kiosks`);
    await a.getByRole('button', { name: 'Đăng ký máy' }).click();
    // Field by field, in Vietnamese.
    await shown(a.getByText('Cần đặt tên cho máy', { exact: false }));
    await shown(a.getByText('Cần chọn đơn vị'));
    await a.getByLabel('Phiếu khảo sát').selectOption(SURVEY);
    await a.getByRole('combobox', { name: 'Đơn vị' }).fill(unitCode);
    await a.getByLabel('Tên máy').fill('Máy tính bảng quầy một cửa');
    await a.getByRole('button', { name: 'Đăng ký máy' }).click();
    await shown(a.getByRole('heading', { name: 'Đã đăng ký máy "Máy tính bảng quầy một cửa"' }));
    await shown(a.locator('img.kiosk-qr'));
    const url = (await a.locator('.kiosk-url a').textContent())!;
    expect(url).toMatch(/\/k\/[A-Za-z0-9_-]{32}$/);
    expect(await a.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await adminSide.context.close();
    const kioskId = (
      await t.db
        .selectFrom('kiosks')
        .select('id')
        .where('label', '=', 'Máy tính bảng quầy một cửa')
        .executeTakeFirstOrThrow()
    ).id;

    const { context, page } = await phonePage(browser, {
      viewport: { width: 800, height: 1280 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 1,
    });
    // A person takes a minute, the test a second: the page's clock is moved on before each send.
    await page.clock.install();
    await page.goto(url);
    await page.locator('form.hl-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    const rowCount = async () =>
      (await t.db.selectFrom('responses').select('id').where('kiosk_id', '=', kioskId).execute()).length;
    const checked = () => page.locator('form.hl-form input[type="radio"]:checked').count();
    for (let round = 0; round < 3; round++) {
      expect(await checked()).toBe(0);
      await shown(page.getByText(/Đã trả lời 0\/\d+ câu/));
      await answerAll(page);
      await page.getByLabel('Góp ý thêm (không bắt buộc)').fill(`Người thứ ${round + 1}`);
      await page.clock.fastForward('01:00');
      // The second person answers while the tablet is offline: kept in the outbox, sent when back.
      if (round === 1) await context.setOffline(true);
      await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
      await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
      if (round === 1) {
        await shown(page.getByText('Máy đang mất kết nối', { exact: false }));
        await context.setOffline(false);
        await expect.poll(() => rowCount(), { timeout: 15_000 }).toBe(2);
      }
      if (round === 0) await page.getByRole('button', { name: 'Bắt đầu phiếu mới' }).click();
      // Otherwise the thank-you screen gives way to a fresh form by itself.
      else await page.clock.fastForward('00:10');
      await page.locator('form.hl-form').waitFor();
      expect(await page.getByLabel('Góp ý thêm (không bắt buộc)').inputValue()).toBe('');
    }
    // Nothing of a respondent stays on the tablet.
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('hl_draft')))).toEqual([]);
    const rows = await t.db
      .selectFrom('responses')
      .select(['flags', 'channel', 'comment', 'review_status'])
      .where('kiosk_id', '=', kioskId)
      .orderBy('submitted_at')
      .execute();
    expect(rows).toEqual(
      [1, 2, 3].map((n) => ({ flags: [], channel: 'kiosk', comment: `Người thứ ${n}`, review_status: 'accepted' })),
    );
    // No horizontal scrolling at 390 px.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Revoked: the tablet says so in words.
    expect((await admin.post(`/api/v1/kiosks/${kioskId}/revoke`)).status).toBe(200);
    await page.reload();
    await shown(page.getByRole('heading', { name: 'Máy khảo sát này đã ngừng hoạt động' }));
    await context.close();
  }, 120_000);
});
