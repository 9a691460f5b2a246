import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTwoSchools, signInPersonas, type Fixtures, type Personas } from './authz-fixtures.js';
import { randomUUID } from 'node:crypto';
import { createUser, startTestApp, type TestApp } from './helpers/app.js';
import { axeViolations, launchBrowser, PHONE, phonePage } from './helpers/browser.js';
import { signInContext } from './helpers/browser-admin.js';

/** The public feedback page on a phone: send, get a code, read the unit's answer with it. */
describe('feedback page at 390 px', () => {
  let t: TestApp;
  let f: Fixtures;
  let p: Personas;
  let browser: Browser | undefined;
  let phone: { context: BrowserContext; page: Page } | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    f = await seedTwoSchools(t);
    p = await signInPersonas(t, f);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sends feedback, shows the code, and the status page shows the reply and no contact', async () => {
    phone = await phonePage(browser!, PHONE);
    const { page } = phone;
    const overflow = () =>
      page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${t.url}/phan-anh`);
    await expect(page.title()).resolves.toContain('Phản ánh, kiến nghị');
    await page.getByLabel('Cơ sở vật chất').check();
    await page.getByLabel('Đơn vị được phản ánh').fill('truong thcs alpha');
    await page.getByRole('button', { name: 'Trường THCS Alpha' }).click();
    await page.getByLabel('Nội dung phản ánh, kiến nghị').fill('Mái che nhà xe bị thủng, trời mưa học sinh bị ướt.');
    await page.getByLabel('Số điện thoại').fill('0909 111 222');
    // Contact without consent is stopped on the page.
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    await expect(page.getByText('Vui lòng đánh dấu đồng ý').isVisible()).resolves.toBe(true);
    await page.getByLabel(/Tôi đồng ý/).check();
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const codeText = page.getByTestId('feedback-code');
    await codeText.waitFor();
    const code = (await codeText.textContent())!.trim();
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);

    // The unit's manager answers; the citizen reads it with the code.
    const reply = 'Nhà trường đã thay tấm lợp mới cho nhà xe. Cảm ơn phụ huynh đã phản ánh.';
    expect(
      (await p.agents.managerA.post(`/api/v1/feedback/${code}/actions`).send({ action: 'reply', text: reply })).status,
    ).toBe(200);
    await page.getByRole('link', { name: 'Xem tình trạng xử lý' }).click();
    await page.waitForURL(`**/phan-anh/${code}`);
    await page.getByText(reply).waitFor();
    await expect(page.getByText('Đã trả lời').isVisible()).resolves.toBe(true);
    const body = await page.textContent('body');
    expect(body).not.toContain('0909 111 222');
    expect(await overflow()).toBeLessThanOrEqual(0);

    // An unknown code says so in words.
    await page.goto(`${t.url}/phan-anh/ZZZZZZZZ`);
    await page.getByText('Không tìm thấy phản ánh có mã này').waitFor();
  }, 60_000);

  it('a unit manager handles an item on a phone in the admin app, and the on-time share moves', async () => {
    const sent = await t
      .request()
      .post('/api/v1/public/feedback')
      .send({
        id: randomUUID(),
        unit: f.unitA,
        category: 'hoc_phi_va_khoan_thu',
        content: 'Trường thu tiền quỹ lớp khi chưa họp phụ huynh.',
        contact: { email: 'phuhuynh@example.vn' },
        consent: true,
      });
    expect(sent.status).toBe(201);
    const code = sent.body.code as string;
    const manager = await createUser(t.db, [{ role: 'unit_manager', unitId: f.idOf(f.unitA) }]);
    await t.db.updateTable('users').set({ must_change_password: false }).where('id', '=', manager.id).execute();
    // The manager on the same phone (a new context would be another renderer process and app load).
    const { context, page } = phone ?? (await phonePage(browser!, PHONE));
    await signInContext(context, t.url, manager);
    await page.goto(`${t.url}/admin/feedback`);
    await page.getByRole('heading', { name: 'Phản ánh, kiến nghị' }).waitFor();
    await page.getByRole('button', { name: new RegExp(code) }).click();
    // The handler sees the contact the citizen agreed to give.
    await page.getByText('phuhuynh@example.vn').waitFor();
    await page.getByRole('button', { name: 'Tiếp nhận' }).click();
    await page.getByText('Đã tiếp nhận', { exact: true }).first().waitFor();
    await page.getByLabel('Trả lời người dân').fill('Nhà trường đã hoàn trả và sẽ họp phụ huynh trước khi thu.');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    await page.getByText('Đã trả lời', { exact: true }).first().waitFor();
    expect(
      await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth),
    ).toBeLessThanOrEqual(0);
    const status = await t.request().get(`/api/v1/public/feedback/${code}`);
    expect(status.body).toMatchObject({ status: 'answered', reply: expect.stringContaining('hoàn trả') });
    await page.getByRole('button', { name: '← Danh sách' }).click();
    await expect(page.getByTestId('on-time').textContent()).resolves.toBe('100 %');
    await context.close();
  }, 60_000);
});
