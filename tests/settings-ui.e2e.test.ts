import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentWidth, startAdminBrowserTest, type AdminBrowserTest } from './helpers/browser-admin.js';

/** The settings page on a 390 px phone: an administrator changes what reports print. */
describe('settings page', { timeout: 90_000 }, () => {
  let b: AdminBrowserTest;
  beforeAll(async () => {
    b = await startAdminBrowserTest();
  });
  afterAll(() => b?.close());

  it('shows field errors in Vietnamese, saves the organisation and one’s own title, and fits the screen', async () => {
    const t = b.t;
    const { page, context, errors, user: admin } = await b.signIn([{ role: 'admin' }], '/admin/settings');
    const name = page.getByLabel('Tên cơ quan ban hành');
    await expect.poll(() => name.inputValue()).toBe('Sở Giáo dục và Đào tạo');

    // An empty name is refused next to the field, and nothing is stored.
    await name.fill('');
    const orgForm = page.locator('section[aria-labelledby="org-title"] form');
    await orgForm.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => orgForm.locator('.field-error').first().textContent()).toBe('hãy nhập tên cơ quan');

    await name.fill('Sở Giáo dục và Đào tạo');
    await page.getByLabel('Địa danh').fill('Ninh Bình');
    await page.getByLabel('Nơi nhận').fill('Bộ Giáo dục và Đào tạo (để báo cáo)\nLưu: VT.');
    await orgForm.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => orgForm.getByRole('status').textContent()).toBe('Đã lưu.');
    const pub = await t.request().get('/api/v1/public/organisation');
    expect(pub.body.place).toBe('Ninh Bình');

    const profile = page.locator('section[aria-labelledby="profile-title-h"] form');
    await profile.getByLabel('Chức danh').fill('Chánh Văn phòng');
    await profile.getByRole('button', { name: 'Lưu' }).click();
    await expect.poll(() => profile.getByRole('status').textContent()).toBe('Đã lưu.');
    const row = await t.db.selectFrom('users').select('title').where('id', '=', admin.id).executeTakeFirstOrThrow();
    expect(row.title).toBe('Chánh Văn phòng');

    expect(await contentWidth(page)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });
});
