import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFormTestApp } from './form-fixtures.js';
import { createUser, type TestApp } from './helpers/app.js';
import { launchBrowser, phonePage } from './helpers/browser.js';
import { seedInterviewList } from './interview-fixtures.js';

/** A closed interview list reads as closed: a "Đã đóng" badge, its call buttons disabled, no reopen. */
describe('closed interview list screen', () => {
  let t: TestApp;
  let browser: Browser | undefined;

  beforeAll(async () => {
    t = await startFormTestApp();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the badge in the lists and on the list, with the call buttons disabled (390 px)', async () => {
    const list = await seedInterviewList(t, 'tthc-services', 'VP-SO', 2);
    await t.db.updateTable('interview_lists').set({ closed_at: new Date() }).where('id', '=', list.listId).execute();
    const admin = await createUser(t.db, [{ role: 'admin' }]);
    browser = await launchBrowser();
    const { page } = await phonePage(browser);
    await page.goto(`${t.url}/admin/`);
    await page.fill('#email', admin.email);
    await page.fill('#password', admin.password);
    await page.click('button[type=submit]');
    await page.locator('.topbar').waitFor();

    await page.goto(`${t.url}/admin/interviews`);
    const badge = page.getByTestId('iv-closed-badge');
    await badge.waitFor();
    expect(await badge.count()).toBe(1);
    expect(await badge.textContent()).toBe('Đã đóng');

    await page.goto(`${t.url}/admin/interviews?list=${list.listId}`);
    const person = page.getByTestId(`iv-c-${list.contactIds[0]}`);
    await person.waitFor();
    expect(await page.locator('#iv-list-title').getByTestId('iv-closed-badge').textContent()).toBe('Đã đóng');
    for (const name of ['Phỏng vấn', 'Không liên lạc được', 'Hẹn gọi lại', 'Từ chối']) {
      expect(await person.getByRole('button', { name, exact: true }).isDisabled(), name).toBe(true);
    }
    expect(await page.getByTestId('iv-closed').textContent()).toMatch(
      /^Danh sách đã đóng lúc .+\. Số điện thoại còn lại sẽ được xoá khi hết thời hạn lưu\.$/,
    );
    await page.getByText('Cần gọi tiếp thì lập danh sách mới.').waitFor();
    // Neither a way to close it again nor to add people to it.
    expect(await page.getByRole('button', { name: 'Đóng danh sách', exact: true }).count()).toBe(0);
    expect(await page.getByText('Thêm người được chọn').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  }, 90_000);
});
