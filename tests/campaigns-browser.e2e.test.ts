import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { newLinkCode } from '../server/links/codes.js';
import { dayFromToday } from './campaign-fixtures.js';
import { startAdminBrowserTest, type AdminBrowserTest } from './helpers/browser-admin.js';
import { seedSchools, surveyVersion } from './helpers/schools.js';
import { validAnswers } from './helpers/answers.js';
import type { TestApp } from './helpers/app.js';

/** The campaigns screen (#12.7) at 390 px: plan a campaign with suggested quotas, then read its progress. */
describe('campaigns screen', { timeout: 120_000 }, () => {
  let b: AdminBrowserTest;
  let t: TestApp;
  const codes: Record<string, string> = {};
  let versionId = 0;
  let definition: TSurveyDefinition;

  beforeAll(async () => {
    b = await startAdminBrowserTest();
    t = b.t;
    const unitIds = await seedSchools(t, ['THCS-BBB,Trường THCS Bêta,school,thcs,SO,Phường 2,']);
    const survey = await surveyVersion(t, 'education-parents-thcs');
    versionId = survey.versionId;
    definition = survey.definition;
    for (const unit of ['THCS-AAA', 'THCS-BBB']) {
      codes[unit] = newLinkCode();
      await t.db
        .insertInto('links')
        .values({ code: codes[unit], survey_id: survey.id, unit_id: unitIds[unit]!, channel: 'qr' })
        .execute();
    }
  }, 120_000);
  afterAll(() => b?.close());

  it('plans a campaign with the suggested quotas and shows the unit behind first, in 390 px', async () => {
    const { page, context, errors } = await b.signIn([{ role: 'admin' }], '/admin/campaigns');
    await page.getByRole('button', { name: 'Tạo đợt khảo sát' }).click();

    await page.getByLabel('Phiếu khảo sát').selectOption('education-parents-thcs');
    await page.getByLabel('Tên đợt').fill('Khảo sát học kỳ I');
    await page.getByLabel('Ngày mở').fill(dayFromToday(5));
    await page.getByLabel('Ngày đóng').fill(dayFromToday(-5));
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Gợi ý: 385 người');
    await page.getByRole('button', { name: 'Thêm mọi đơn vị có mã QR của phiếu' }).click();
    // Alpha has 800 pupils: 384.15 / (1 + 383.15 / 800) → 260; Bêta's size is unknown → 385.
    const alpha = page.getByLabel('Chỉ tiêu của Trường THCS Alpha');
    await expect.poll(() => alpha.inputValue()).toBe('260');
    await expect.poll(() => page.getByLabel('Chỉ tiêu của Trường THCS Bêta').inputValue()).toBe('385');
    await page.getByRole('button', { name: 'Lưu đợt khảo sát' }).click();
    await page.getByText('Ngày kết thúc phải từ ngày bắt đầu trở đi').waitFor();

    await page.getByLabel('Ngày mở').fill(dayFromToday(-5));
    await page.getByLabel('Ngày đóng').fill(dayFromToday(14));
    await alpha.fill('8');
    await page.getByLabel('Chỉ tiêu của Trường THCS Bêta').fill('2');
    await page.getByRole('button', { name: 'Lưu đợt khảo sát' }).click();
    await page.getByText('Đã lưu đợt "Khảo sát học kỳ I".').waitFor();
    await page.getByText('2 đơn vị · chỉ tiêu 10 người').waitFor();

    // Bêta has its two respondents; Alpha one of eight, behind the pace (a quarter of the days are over: two expected).
    const send = (unit: string) =>
      t
        .request()
        .post('/api/v1/public/responses')
        .send({ id: randomUUID(), linkCode: codes[unit], versionId, answers: validAnswers(definition) })
        .expect(201);
    await send('THCS-BBB');
    await send('THCS-BBB');
    await send('THCS-AAA');

    await page.getByRole('link', { name: 'Xem tiến độ' }).click();
    const rows = page.locator('.campaign-unit');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('Trường THCS Alpha');
    expect(await rows.nth(0).textContent()).toContain('Chậm tiến độ');
    expect(await rows.nth(0).textContent()).toContain('1 / 8 người');
    expect(await rows.nth(1).textContent()).toContain('Đủ chỉ tiêu');
    await page.getByText('Tổng: 3 / 10 người trả lời · 1 đơn vị chậm tiến độ').waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(2);
    // No internal codes in the view, and nothing wider than the phone.
    expect(await page.locator('main').textContent()).not.toContain('THCS-AAA');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });
});
