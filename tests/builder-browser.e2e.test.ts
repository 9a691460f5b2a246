import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFormTestApp } from './form-fixtures.js';
import { createUser, signedInAgent, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { signedInPage } from './helpers/browser-admin.js';
import { answerAll, openForm, shown } from './helpers/form-page.js';

const SLUG = 'gio-tiep-dan';

/** The survey builder (#12.8), end to end at 390 px: write, preview, publish, then answer it on a phone. */
describe('survey builder in the browser', () => {
  let t: TestApp;
  let browser: Browser | undefined;

  beforeAll(async () => {
    t = await startFormTestApp();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a survey in the builder, previews and publishes it, and a phone answers it through a new link', async () => {
    const adminUser = await createUser(t.db, [{ role: 'admin' }]);
    const { context, page } = await signedInPage(browser!, t.url, adminUser, { path: '/admin/builder' });
    await page.getByRole('button', { name: 'Tạo phiếu mới (trống)' }).click();
    await shown(page.getByRole('heading', { name: 'Thông tin phiếu' }));

    // Live validation, in Vietnamese, next to the field, before anything is saved.
    await shown(page.locator('#b-slug-error').getByText('slug chỉ gồm chữ thường, số và dấu gạch ngang'));
    await shown(page.locator('#b-title-vi-error').getByText('cần nội dung tiếng Việt'));
    await page.locator('#b-slug').fill('Giờ tiếp dân');
    await shown(page.locator('#b-slug-error'));
    await page.locator('#b-slug').fill(SLUG);
    await page.locator('#b-slug-error').waitFor({ state: 'detached' });

    await page.locator('#b-kind').selectOption('consultation');
    await page.locator('#b-title-vi').fill('Lấy ý kiến về giờ tiếp dân');
    await page.locator('#b-title-en').fill('Consultation on office hours');
    await page.locator('#b-audience-vi').fill('Người dân đến làm việc');
    await page.locator('#b-criteria-0-title-vi').fill('Tiếp cận dịch vụ');
    await page.locator('#b-questions-0-text-vi').fill('Giờ tiếp dân thuận tiện cho Ông/Bà');
    await page.locator('#b-questions-0-allowNotApplicable').check();
    await page.getByRole('button', { name: 'Thêm câu hỏi' }).click();
    await page.locator('#b-questions-1-type').selectOption('single_choice');
    await page.locator('#b-questions-1-text-vi').fill('Ông/Bà đến để làm gì?');
    await page.locator('#b-questions-1-options-0-label-vi').fill('Nộp hồ sơ');
    await page.locator('#b-questions-1-options-1-label-vi').fill('Hỏi thông tin');
    await shown(page.getByRole('heading', { name: 'Phiếu hợp lệ, có thể xem trước và công bố.' }));

    // The phone form's own rendering, which never sends.
    await page.getByRole('button', { name: 'Xem trước trên điện thoại' }).click();
    const preview = page.getByTestId('b-preview');
    await shown(preview.getByText('Giờ tiếp dân thuận tiện cho Ông/Bà'));
    await shown(preview.getByText('Hỏi thông tin'));
    expect(await preview.getByRole('button', { name: 'Gửi ý kiến' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: 'Lưu bản nháp' }).click();
    await shown(page.getByText('Đã lưu (bản 2).'));
    await page.getByRole('button', { name: 'Kiểm tra trước khi công bố' }).click();
    await shown(page.getByText('Công bố thành phiếu khảo sát mới (phiên bản 1).'), 30_000);
    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    // Publishing runs the dry run's checks again in one transaction: slow on a busy machine.
    await shown(page.getByText(`Đã công bố "${SLUG}" phiên bản 1.`, { exact: false }), 30_000);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A link for a unit, then a parent's phone answers the new survey.
    const unit = await t.db.selectFrom('units').select(['id', 'code']).orderBy('id').executeTakeFirstOrThrow();
    const { agent } = await signedInAgent(t);
    const link = await agent.post('/api/v1/links').send({ survey: SLUG, unit: unit.code, channel: 'qr' });
    expect(link.status).toBe(201);
    // The same phone, signed out: a new context would be another renderer process, a second or two of CPU.
    await context.clearCookies();
    const phone = { page, context };
    await openForm(phone.page, `${t.url}/f/${link.body.code}`);
    await shown(phone.page.getByText('Giờ tiếp dân thuận tiện cho Ông/Bà'));
    await answerAll(phone.page);
    await phone.page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(phone.page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.context.close();

    const rows = await t.db
      .selectFrom('responses as r')
      .innerJoin('links as l', 'l.id', 'r.link_id')
      .select(['r.answers'])
      .where('l.code', '=', link.body.code)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.answers).toMatchObject({ q1: 4, q2: 'opt1' });
  }, 120_000);
});
