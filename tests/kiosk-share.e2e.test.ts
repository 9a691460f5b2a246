import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFormTestApp } from './form-fixtures.js';
import { createUser, type TestApp } from './helpers/app.js';
import { launchBrowser, PHONE } from './helpers/browser.js';
import { shown } from './helpers/form-page.js';

/** Shared links (#12.6): a share button per link makes a channel's own link and a ready Vietnamese message. */
describe('share a link by Zalo, SMS or e-mail', () => {
  let t: TestApp;
  let browser: Browser;
  beforeAll(async () => {
    t = await startFormTestApp();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('makes an SMS link for the same survey and unit, with the message to send', async () => {
    const admin = await createUser(t.db, [{ role: 'admin' }]);
    const context = await browser.newContext({ ...PHONE, locale: 'vi-VN' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    // Signed in through the API, as the login form is (the cookie in the context, the CSRF token from
    // /auth/me): one page load fewer; the form itself is tested in admin-ui.
    const login = await context.request.post(`${t.url}/api/v1/auth/login`, {
      data: { email: admin.email, password: admin.password },
    });
    expect(login.status()).toBe(200);
    await page.goto(`${t.url}/admin/links`);
    const share = page.locator('details.share-link').first();
    await share.locator('summary').click();
    const group = share.getByRole('group');
    const unitName = (await group.getAttribute('aria-label'))!.replace('Chia sẻ đường dẫn khảo sát của ', '');
    await group.getByRole('button', { name: 'Tin nhắn SMS' }).click();
    const message = group.getByLabel('Lời nhắn soạn sẵn');
    await shown(message);
    const text = await message.inputValue();
    expect(text).toContain(`của ${unitName}`);
    expect(text).toMatch(/^Kính mời Ông\/Bà/);

    const sms = await t.db
      .selectFrom('links as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select(['l.code', 'l.survey_id'])
      .where('l.channel', '=', 'sms')
      .where('u.name', '=', unitName)
      .execute();
    expect(sms).toHaveLength(1);
    expect(text).toContain(`/f/${sms[0]!.code}`);
    const href = await group.getByRole('link', { name: 'Mở ứng dụng tin nhắn' }).getAttribute('href');
    expect(href).toBe(`sms:?&body=${encodeURIComponent(text)}`);
    // Asking again gives the same SMS link, not another one.
    await group.getByRole('button', { name: 'Zalo' }).click();
    await group.getByRole('button', { name: 'Tin nhắn SMS' }).click();
    await shown(group.getByRole('link', { name: 'Mở ứng dụng tin nhắn' }));
    expect(await t.db.selectFrom('links').select('id').where('channel', '=', 'sms').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('links').select('id').where('channel', '=', 'zalo').execute()).toHaveLength(1);
    await context.close();
  }, 60_000);
});
