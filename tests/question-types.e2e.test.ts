import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAnswersSchema, checkAnswers } from '../domain/answers.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { renderPaperSheets } from '../server/paper/pdf.js';
import { answersResolver, toAnswers } from '../web/form/values.js';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { launchBrowser, phonePage } from './helpers/browser.js';
import { openForm, shown } from './helpers/form-page.js';
import { pdfText } from './helpers/pdf.js';

/**
 * The agreement, multiple-choice and number questions (#12.9) through the real server and the real
 * phone form, on the consultation survey, which asks all three. The same refused payloads are
 * refused by the shared validator the phone runs (#12.10: validated alike on client and server).
 */
describe('agreement, multiple-choice and number questions', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  let link: { code: string; id: number; versionId: number; definition: TSurveyDefinition };

  beforeAll(async () => {
    t = await startFormTestApp();
    const row = await t.db
      .selectFrom('links as l')
      .innerJoin('surveys as s', 's.id', 'l.survey_id')
      .innerJoin('survey_versions as v', 'v.survey_id', 's.id')
      .select(['l.code', 'l.id', 'v.id as versionId', 'v.definition'])
      .where('s.slug', '=', 'policy-consultation-draft')
      .orderBy('v.number', 'desc')
      .executeTakeFirstOrThrow();
    link = { ...row, definition: row.definition as TSurveyDefinition };
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const valid = {
    respondent_role: 'phu_huynh',
    children_in_school: 2,
    agree_scope: 5,
    agree_clarity: 4,
    agree_feasibility: 'na',
    agree_fairness: 2,
    agree_free_in_school: 4,
    concern_topics: ['thoi_luong', 'doi_tuong_pham_vi'],
    agree_overall: 4,
  };
  const post = (answers: Record<string, unknown>) =>
    t
      .request()
      .post('/api/v1/public/responses')
      .send({
        id: randomUUID(),
        linkCode: link.code,
        versionId: link.versionId,
        answers,
        startedAt: new Date(Date.now() - 120_000).toISOString(),
      });
  const stored = async () =>
    t.db.selectFrom('responses').select(['id', 'answers']).where('link_id', '=', link.id).execute();

  it('refuses each invalid answer with a field-level 400, as the phone’s validator does, and stores nothing', async () => {
    const cases: Array<[string, unknown]> = [
      ['agree_scope', 6],
      ['agree_scope', '5'],
      ['agree_clarity', 'na'],
      ['concern_topics', ['thoi_luong', 'khong_co']],
      ['concern_topics', ['thoi_luong', 'thoi_luong']],
      ['concern_topics', ['doi_tuong_pham_vi', 'trong_nha_truong', 'thoi_luong', 'quan_ly_thu_chi']],
      ['concern_topics', 'thoi_luong'],
      ['children_in_school', 11],
      ['children_in_school', 1.5],
      ['children_in_school', '2'],
    ];
    const schema = buildAnswersSchema(link.definition);
    for (const [key, value] of cases) {
      const answers = { ...valid, [key]: value };
      const res = await post(answers);
      expect(res.status, `${key}=${JSON.stringify(value)}`).toBe(400);
      const fields = res.body.error.fields as Array<{ path: string; message: string }>;
      expect(fields.map((f) => f.path)).toEqual([`answers.${key}`]);
      // The phone runs the same check on the same payload and says the same thing.
      const client = checkAnswers(schema, link.definition, answers);
      expect(client.ok).toBe(false);
      expect(client.ok ? [] : client.problems).toEqual([{ key, message: fields[0]!.message }]);
    }
    expect(await stored()).toEqual([]);
  });

  it('stores a valid answer, ticked options in the survey’s order', async () => {
    const res = await post(valid);
    expect(res.status).toBe(201);
    const [row] = await stored();
    expect(row!.answers).toEqual({ ...valid, concern_topics: ['doi_tuong_pham_vi', 'thoi_luong'] });
    await t.db.deleteFrom('responses').where('id', '=', row!.id).execute();
  });

  it('is answered on a 390 px phone: agreement labels, ticks with a limit, a number with its unit', async () => {
    browser = await launchBrowser();
    const { context, page } = await phonePage(browser);
    await page.clock.install();
    await openForm(page, `${t.url}/f/${link.code}`);

    const scope = page.getByRole('radiogroup').filter({ hasText: 'Phạm vi điều chỉnh' });
    for (const label of ['Hoàn toàn không đồng ý', 'Không đồng ý', 'Phân vân', 'Đồng ý', 'Hoàn toàn đồng ý']) {
      await shown(scope.getByLabel(label, { exact: true }));
    }
    await page.getByRole('radiogroup').filter({ hasText: 'tư cách' }).getByLabel('Giáo viên', { exact: true }).check();
    const agreements = page.locator('fieldset.hl-agreement5');
    for (let i = 0; i < (await agreements.count()); i++) {
      await agreements.nth(i).getByLabel('Đồng ý', { exact: true }).check();
    }
    const topics = page.getByRole('group').filter({ hasText: 'quan tâm nhất' });
    await shown(topics.getByText('Chọn tối đa 3 phương án'));
    for (const label of ['Thời lượng', 'Dạy thêm trong nhà trường', 'Đối tượng, phạm vi', 'Trách nhiệm quản lý']) {
      await topics.getByLabel(label).check();
    }
    const children = page.getByLabel(/Số con của Ông\/Bà/);
    await shown(page.locator('.hl-unit', { hasText: 'con' }));
    await children.fill('mười');

    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(topics.locator('.hl-err', { hasText: 'Chọn tối đa 3 phương án' }));
    await shown(page.locator('.hl-err', { hasText: 'Nhập một số' }));
    expect(await stored()).toEqual([]);

    await topics.getByLabel('Trách nhiệm quản lý').uncheck();
    await children.fill('3');
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.clock.fastForward('03:00');
    await page.getByRole('button', { name: 'Gửi ý kiến' }).click();
    await shown(page.getByRole('heading', { name: 'Cảm ơn Ông/Bà!' }));

    const rows = await t.db
      .selectFrom('responses')
      .select(['answers', 'flags', 'review_status'])
      .where('link_id', '=', link.id)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ flags: [], review_status: 'accepted' });
    expect(rows[0]!.answers).toEqual({
      respondent_role: 'giao_vien',
      children_in_school: 3,
      agree_scope: 4,
      agree_clarity: 4,
      agree_feasibility: 4,
      agree_fairness: 4,
      agree_free_in_school: 4,
      concern_topics: ['doi_tuong_pham_vi', 'trong_nha_truong', 'thoi_luong'],
      agree_overall: 4,
    });
    // The agreement scale folds into the rollups as a 1–5 scale (migration 0110); the others do not.
    const { rows: folded } = await sql<{ question_key: string; agree: number }>`
      select question_key, sum(n4 + n5)::int as agree from likert_rollups_live
       where grain = 'day' and survey_id = (select survey_id from links where id = ${link.id})
       group by 1`.execute(t.db);
    const keys = folded.map((r) => r.question_key);
    expect(keys).toEqual(expect.arrayContaining(['agree_scope', 'agree_overall']));
    expect(keys).not.toContain('concern_topics');
    expect(keys).not.toContain('children_in_school');
    expect(folded.find((r) => r.question_key === 'agree_fairness')!.agree).toBeGreaterThanOrEqual(1);
    // The form's own conversion gives the same answers the server stored.
    expect(toAnswers(link.definition, { children_in_school: '3' })).toEqual({ children_in_school: 3 });
    await context.close();
  });

  it('prints the new types on the paper questionnaire: agreement labels, ticks allowed, a box for the number', async () => {
    const pdf = await renderPaperSheets({
      org: 'Sở Giáo dục và Đào tạo',
      surveyTitle: 'Lấy ý kiến dự thảo',
      unitName: 'Văn phòng Sở',
      onlineUrl: null,
      definition: link.definition,
      serials: [1042],
    });
    // Line breaks fall anywhere: compare without white space.
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    for (const expected of [
      '1042',
      'Phạm vi điều chỉnh',
      '1. Hoàn toàn không đồng ý',
      '5. Hoàn toàn đồng ý',
      '(Đánh dấu tối đa 3 ô)',
      '(Ghi một số nguyên từ 0 đến 10)',
      'trừ câu ghi có thể đánh dấu nhiều ô',
    ]) {
      expect(text).toContain(expected.replace(/\s+/g, ''));
    }
    // No satisfaction scale on this survey, so the sheet does not explain one.
    expect(text).not.toContain('Rấtkhônghàilòng');
  });

  it('says the same rules in English on the phone, from the same validator', async () => {
    const resolve = (a: Record<string, string | string[]>) =>
      answersResolver(link.definition, 'en')({ a: { ...form, ...a }, comment: '', website: '' }, undefined, {
        fields: {},
        shouldUseNativeValidation: false,
      });
    const form = {
      respondent_role: 'phu_huynh',
      agree_scope: '4',
      agree_clarity: '4',
      agree_feasibility: '4',
      agree_fairness: '4',
      agree_free_in_school: '4',
      agree_overall: '4',
    };
    expect((await resolve({ children_in_school: '2,0', concern_topics: ['thoi_luong'] })).errors).toEqual({});
    const bad = await resolve({
      children_in_school: '12',
      concern_topics: ['doi_tuong_pham_vi', 'trong_nha_truong', 'thoi_luong', 'quan_ly_thu_chi'],
    });
    expect(bad.errors.a?.children_in_school?.message).toBe('Please type a number from 0 to 10');
    expect(bad.errors.a?.concern_topics?.message).toBe('Choose 1 to 3 options');
    expect((await resolve({ children_in_school: 'two' })).errors.a?.children_in_school?.message).toBe(
      'Please type a number',
    );
  });
});
