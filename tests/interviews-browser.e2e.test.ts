import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentWidth, startAdminBrowserTest, type AdminBrowserTest } from './helpers/browser-admin.js';
import { seedSchools } from './helpers/schools.js';
import type { TestApp } from './helpers/app.js';
import { seedInterviewList, type InterviewFixture } from './interview-fixtures.js';

/** The interviewer's screen (#12.4) at 390 px: a call-back, a refusal and a completed interview. */
describe('interview screen', { timeout: 120_000 }, () => {
  let b: AdminBrowserTest;
  let t: TestApp;
  let list: InterviewFixture;
  let unitId: number;

  beforeAll(async () => {
    b = await startAdminBrowserTest();
    t = b.t;
    unitId = (await seedSchools(t))['THCS-AAA']!;
    list = await seedInterviewList(t, 'education-parents-thcs', 'THCS-AAA', 4);
  }, 120_000);
  afterAll(() => b?.close());

  it('records a call-back and a refusal, then reads out and stores an interview', async () => {
    const signedIn = await b.signIn([{ role: 'unit_manager', unitId }], '/admin/interviews');
    const { page, context, errors, user: interviewer } = signedIn;
    await page.getByRole('heading', { name: 'Lập danh sách người được chọn' }).waitFor();
    await page.getByRole('button', { name: 'Mở danh sách' }).click();
    await page.getByRole('heading', { name: 'Danh sách thử' }).waitFor();
    const person = (n: number) => page.getByTestId(`iv-c-${list.contactIds[n]}`);

    // The first person asks to be called back tomorrow.
    await person(0).getByRole('button', { name: 'Hẹn gọi lại' }).click();
    const tomorrow = new Date(Date.now() + 86_400_000);
    const local = `${tomorrow.toISOString().slice(0, 10)}T09:30`;
    await person(0).getByLabel('Gọi lại lúc').fill(local);
    await person(0).getByRole('button', { name: 'Ghi hẹn gọi lại' }).click();
    await expect.poll(() => person(0).textContent()).toContain('Hẹn gọi lại lúc');

    // The second refuses, with a reason; the number is gone from the screen.
    await person(1).getByRole('button', { name: 'Từ chối' }).click();
    await person(1).getByLabel('Lý do từ chối (không bắt buộc)').fill('Không có thời gian');
    await person(1).getByRole('button', { name: 'Ghi nhận từ chối' }).click();
    await expect.poll(() => person(1).textContent()).toContain('Không có thời gian');
    expect(await person(1).textContent()).not.toContain('09001');

    // The third answers: every question read out with its options in order, large text.
    await person(2).getByRole('button', { name: 'Phỏng vấn' }).click();
    await page.getByRole('heading', { name: 'Phỏng vấn: Người được chọn 3' }).waitFor();
    const questions = page.locator('.iv-question');
    const count = await questions.count();
    expect(count).toBeGreaterThan(3);
    expect(await questions.first().textContent()).toContain('Đọc:');
    const fontSize = await page
      .locator('.iv-read')
      .first()
      .evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(20);
    // Save with nothing marked: the server's field messages, in Vietnamese, and nothing stored.
    await page.getByRole('button', { name: 'Lưu phiếu phỏng vấn' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('Phiếu chưa hợp lệ');
    for (let i = 0; i < count; i++) {
      const radios = questions.nth(i).getByRole('radio');
      const options = await radios.count();
      if (options > 0) await radios.nth(Math.min(3, options - 1)).check();
    }
    await page.getByRole('button', { name: 'Lưu phiếu phỏng vấn' }).click();
    await page.getByRole('heading', { name: 'Danh sách thử' }).waitFor();
    await expect.poll(() => person(2).textContent()).toContain('Đã trả lời');
    // 1 answered of 3 contacted.
    await expect.poll(() => page.getByTestId('iv-list-rate').textContent()).toContain('Tỷ lệ trả lời: 33');

    const rows = await t.db
      .selectFrom('responses')
      .select(['channel', 'operator_id'])
      .where('channel', '=', 'interview')
      .execute();
    expect(rows).toEqual([{ channel: 'interview', operator_id: interviewer.id }]);
    expect(await contentWidth(page)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await context.close();
  });
});
