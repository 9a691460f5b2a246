import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TOfficer } from '../domain/contract/officers.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { newLinkCode } from '../server/links/codes.js';
import { importUnits } from '../server/units/import.js';
import { validAnswers } from './helpers/answers.js';
import { createUser, signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { launchBrowser, PHONE, phonePage } from './helpers/browser.js';
import { signInContext } from './helpers/browser-admin.js';
import { answerAll, openForm, shown } from './helpers/form-page.js';

const SURVEY = 'tthc-services';

/** Officers (#12.5) in the browser: the phone form's picker, and the manager's screen at 390 px. */
describe('officers in the browser', () => {
  let t: TestApp;
  let browser: Browser;
  let unitA: number;
  let pickCode: string;
  let plainCode: string;
  const officers: Record<string, TOfficer> = {};
  let phone: { context: BrowserContext; page: Page } | undefined;

  beforeAll(async () => {
    t = await startTestApp({ config: { MIN_N: '2' } });
    await publishDefinitions(t.db, await readDefinitionFiles());
    await importUnits(
      t.db,
      [
        'code,name,kind,level,parent_code,ward,enrolment',
        'SO,Sở GD&ĐT,department,,,,',
        'P-AAA,Phòng Khảo thí,office,,SO,,',
      ].join('\n'),
    );
    unitA = (await t.db.selectFrom('units').select('id').where('code', '=', 'P-AAA').executeTakeFirstOrThrow()).id;
    const v = await t.db
      .selectFrom('survey_versions as v')
      .innerJoin('surveys as s', 's.id', 'v.survey_id')
      .select(['v.id', 'v.definition', 's.id as surveyId'])
      .where('s.slug', '=', SURVEY)
      .executeTakeFirstOrThrow();
    pickCode = newLinkCode();
    plainCode = newLinkCode();
    await t.db
      .insertInto('links')
      .values([
        { code: pickCode, survey_id: v.surveyId, unit_id: unitA, channel: 'qr', officer_pick: true },
        { code: plainCode, survey_id: v.surveyId, unit_id: unitA, channel: 'desk' },
      ])
      .execute();
    const { agent } = await signedInAgent(t, [{ role: 'unit_manager', unitId: unitA }]);
    for (const [key, displayName] of [
      ['an', 'Nguyễn Văn An'],
      ['binh', 'Phạm Thị Bình'],
      ['cuong', 'Đỗ Văn Cường'],
    ] as const) {
      officers[key] = (await agent.post('/api/v1/officers').send({ unitId: unitA, displayName })).body as TOfficer;
    }
    // Two respondents for An: enough (MIN_N 2) for a figure; one for Cường: not enough.
    for (const [likert, officer] of [
      [5, 'an'],
      [3, 'an'],
      [4, 'cuong'],
    ] as const) {
      const res = await t
        .request()
        .post('/api/v1/public/responses')
        .send({
          id: randomUUID(),
          linkCode: pickCode,
          versionId: v.id,
          answers: validAnswers(v.definition as TSurveyDefinition, likert),
          officerId: officers[officer]!.id,
        });
      expect(res.status).toBe(201);
    }
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('the phone form offers the officers on duty by name, and the pick is stored', async () => {
    phone = await phonePage(browser, PHONE);
    const { page } = phone;
    await openForm(page, `${t.url}/f/${pickCode}`);
    const picker = page.getByLabel('Cán bộ nào đã phục vụ bạn? (không bắt buộc)');
    expect(await picker.locator('option').allTextContents()).toEqual([
      'Không nhớ / không chọn',
      'Đỗ Văn Cường',
      'Nguyễn Văn An',
      'Phạm Thị Bình',
    ]);
    await picker.selectOption({ label: 'Phạm Thị Bình' });
    await answerAll(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));
    const rows = await t.db
      .selectFrom('responses')
      .select('officer_id')
      .where('officer_id', '=', officers.binh!.id)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('a manager at 390 px sees the results (no figure below the minimum) and binds a QR code to an officer', async () => {
    const manager = await createUser(t.db, [{ role: 'unit_manager', unitId: unitA }]);
    // The manager on the same phone (a new context would be another renderer process and app load).
    const { context, page } = phone ?? (await phonePage(browser, PHONE));
    page.setDefaultTimeout(20_000);
    await signInContext(context, t.url, manager);
    await page.goto(`${t.url}/admin/officers`);
    await shown(page.getByRole('heading', { name: 'Kết quả theo cán bộ' }));
    const table = page.locator('.officers-card table');
    await shown(table.getByText('Nguyễn Văn An'));
    // An: a rate with its interval; Cường (one respondent): no figure, in words.
    await shown(table.getByText(/\d+,\d %/).first());
    const cuong = table.locator('tr', { hasText: 'Đỗ Văn Cường' });
    expect(await cuong.getByText('Chưa đủ số người trả lời').count()).toBe(2);
    expect(await cuong.getByText('%').count()).toBe(0);
    // This year's answers only: the same people (all answered today).
    await page.getByLabel('Kỳ', { exact: true }).selectOption({ index: 1 });
    await shown(
      table
        .locator('tr', { hasText: 'Nguyễn Văn An' })
        .getByText(/\d+,\d %/)
        .first(),
    );
    await page.getByRole('combobox', { name: 'Đơn vị' }).last().fill('P-AAA');
    const select = page.getByLabel(new RegExp(plainCode));
    await select.selectOption({ label: 'Nguyễn Văn An' });
    await shown(page.getByText('Đã lưu'));
    const link = await t.db
      .selectFrom('links')
      .select('officer_id')
      .where('code', '=', plainCode)
      .executeTakeFirstOrThrow();
    expect(link.officer_id).toBe(officers.an!.id);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  });
});
