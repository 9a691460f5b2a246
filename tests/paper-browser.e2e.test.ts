import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { newLinkCode } from '../server/links/codes.js';
import type { Page } from 'playwright-core';
import { contentWidth, signInContext, startAdminBrowserTest, type AdminBrowserTest } from './helpers/browser-admin.js';
import { seedSchools, surveyVersion } from './helpers/schools.js';
import { createUser, type TestApp } from './helpers/app.js';
import { seedPaperBatch, type PaperFixture } from './paper-fixtures.js';

/** The data-entry screen (#12.3): a stack of five paper sheets typed in by keyboard only, at 390 px. */
describe('paper entry screen', { timeout: 120_000 }, () => {
  let b: AdminBrowserTest;
  let t: TestApp;
  let batch: PaperFixture;
  let definition: TSurveyDefinition;
  let unitId: number;
  let phone: Page;

  beforeAll(async () => {
    b = await startAdminBrowserTest();
    t = b.t;
    unitId = (await seedSchools(t))['THCS-AAA']!;
    const survey = await surveyVersion(t, 'education-parents-thcs');
    definition = survey.definition;
    await t.db
      .insertInto('links')
      .values({ code: newLinkCode(), survey_id: survey.id, unit_id: unitId, channel: 'qr' })
      .execute();
    batch = await seedPaperBatch(t, 'education-parents-thcs', 'THCS-AAA', 6);
  }, 120_000);
  afterAll(() => b?.close());

  it('enters five sheets with number keys, Enter and Tab only; a serial typed twice is refused', async () => {
    const signedIn = await b.signIn([{ role: 'unit_manager', unitId }], `/admin/paper?batch=${batch.batchId}`);
    const { page, errors, user: operator } = signedIn;
    phone = page;
    const serialBox = page.getByLabel('Số phiếu', { exact: true });
    await serialBox.waitFor();

    const kb = page.keyboard;
    /** The box ticked on sheet s for question q: likert 1–5 varying; yes/no left blank on odd sheets. */
    const key = (s: number, q: number) => {
      const question = definition.questions[q]!;
      if (question.type === 'yes_no') return s % 2 === 0 ? '1' : '';
      return String(((s + q) % 5) + 1);
    };
    const sheets = batch.serials.slice(0, 5);
    for (const [s, serial] of sheets.entries()) {
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('paper-serial');
      await kb.type(String(serial));
      await kb.press('Enter');
      for (let q = 0; q < definition.questions.length; q++) {
        const k = key(s, q);
        if (k) await kb.type(k);
        // Enter and Tab both move on; the test uses each.
        await kb.press(q % 2 === 0 ? 'Enter' : 'Tab');
      }
      if (s === 0) await kb.type('Cô giáo rất tận tâm');
      await kb.press('Enter');
      await expect.poll(() => page.getByRole('status').textContent()).toContain(`Đã lưu phiếu số ${serial}.`);
    }

    // The first serial again: refused in Vietnamese before any answer is typed.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('paper-serial');
    await kb.type(String(sheets[0]));
    await kb.press('Enter');
    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('không có trong đợt này hoặc đã được nhập');

    const rows = await t.db
      .selectFrom('paper_sheets as p')
      .innerJoin('responses as r', 'r.id', 'p.response_id')
      .select(['p.serial', 'r.channel', 'r.operator_id', 'r.answers', 'r.comment', 'r.flags'])
      .where('p.batch_id', '=', batch.batchId)
      .orderBy('p.serial')
      .execute();
    expect(rows.map((r) => r.serial)).toEqual(sheets);
    for (const [s, row] of rows.entries()) {
      expect(row).toMatchObject({ channel: 'paper', operator_id: operator.id, flags: [] });
      const answers = row.answers as Record<string, unknown>;
      definition.questions.forEach((q, i) => {
        const k = key(s, i);
        if (q.type === 'yes_no') expect(answers[q.key], q.key).toBe(k === '1' ? true : undefined);
        else expect(answers[q.key], q.key).toBe(Number(k));
      });
    }
    expect(rows[0]!.comment).toBe('Cô giáo rất tận tâm');
    expect(await contentWidth(page)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
  });

  it('double entry: a second operator re-types a sheet and sees where it differs', async () => {
    // The second operator at the same device: the first one's session replaced by theirs (a new context
    // would be another renderer process and the app loaded again).
    const page = phone;
    const second = await createUser(t.db, [{ role: 'unit_manager', unitId }]);
    await signInContext(page.context(), t.url, second);
    await page.goto(`${t.url}/admin/paper?batch=${batch.batchId}&mode=check`);
    await page.getByRole('heading', { name: `Nhập kiểm tra lần 2 — đợt ${batch.batchId}` }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('paper-serial');
    const kb = page.keyboard;
    await kb.type(String(batch.serials[1]));
    await kb.press('Enter');
    // Sheet 1 as typed the first time, but question 1 read as 5 instead of 2.
    for (let q = 0; q < definition.questions.length; q++) {
      const question = definition.questions[q]!;
      const k = q === 0 ? '5' : question.type === 'yes_no' ? '' : String(((1 + q) % 5) + 1);
      if (k) await kb.type(k);
      await kb.press('Enter');
    }
    await kb.press('Enter');
    await expect.poll(() => page.getByRole('status').textContent()).toContain('khác với lần nhập đầu');
    await expect
      .poll(() => page.locator('#paper-mismatches-title + p').textContent())
      .toBe('Đã nhập kiểm tra 1 phiếu; 1 phiếu có chỗ khác nhau.');
    await expect.poll(() => page.locator('.paper-differences').first().textContent()).toContain('lần 1 = 2, lần 2 = 5');
    expect(await contentWidth(page)).toBeLessThanOrEqual(390);

    // The list: print form and batches with their progress, also within 390 px.
    await page.getByRole('button', { name: 'Đóng' }).click();
    await page.getByRole('heading', { name: 'Các đợt in' }).waitFor();
    await expect.poll(() => page.locator('.paper-batch').first().textContent()).toContain('Đã nhập 5/6');
    await page.getByRole('heading', { name: 'In một đợt phiếu' }).waitFor();
    expect(await contentWidth(page)).toBeLessThanOrEqual(390);
    await page.context().close();
  });
});
