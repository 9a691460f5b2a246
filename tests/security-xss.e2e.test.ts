import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { seedTwoSchools, type Fixtures } from './authz-fixtures.js';
import { createUser, signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { openInApp, settled, watchSettling } from './helpers/browser-admin.js';
import { pdfText } from './helpers/pdf.js';

/**
 * Unit names, user names, typed e-mail addresses and comments carrying HTML and script must
 * show as text everywhere: in the admin pages (no script runs), on the phone form, and in the
 * PDF, XLSX and CSV files (text, with spreadsheet formulas defused).
 */
const UNIT_A = `<img src=x onerror="window.__xss='unit A'">Trường <b>Alpha</b>`;
const UNIT_B = `=HYPERLINK("http://evil.example","x")<script>window.__xss='unit B'</script>`;
const USER_NAME = `<svg onload="window.__xss='user'">Cô <i>Lan</i>`;
const TYPED_EMAIL = `"><img src=x onerror="window.__xss='audit'">@x.vn`;
const COMMENT = `<script>window.__xss='comment'</script><img src=x onerror="window.__xss='comment 2'">Góp ý`;
const FORMULA_COMMENT = `=1+2+cmd|' /C calc'!A0`;

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

async function download(agent: Agent, url: string): Promise<{ status: number; body: Buffer }> {
  const res = await agent
    .get(url)
    .buffer(true)
    .parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
  return { status: res.status, body: res.body as Buffer };
}

/** Answers every question of a definition, so the responses count in the figures. */
function fullAnswers(def: TSurveyDefinition): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const q of def.questions) {
    if (q.type === 'likert5') out[q.key] = 4;
    else if (q.type === 'yes_no') out[q.key] = true;
    else if (q.type === 'single_choice') out[q.key] = q.options[0]!.value;
  }
  return out;
}

describe('markup in names and comments shows as text everywhere', { timeout: 90_000 }, () => {
  let t: TestApp;
  let f: Fixtures;
  let browser: Browser;
  let admin: { email: string; password: string };
  let agent: Agent;
  const year = new Date().getFullYear();

  beforeAll(async () => {
    t = await startTestApp();
    f = await seedTwoSchools(t);
    const survey = await t.db
      .selectFrom('surveys as s')
      .innerJoin('survey_versions as v', 'v.survey_id', 's.id')
      .select(['s.id', 'v.id as versionId', 'v.definition'])
      .where('s.slug', '=', f.survey)
      .executeTakeFirstOrThrow();
    const answers = JSON.stringify(fullAnswers(survey.definition as TSurveyDefinition));
    for (const [code, comment, review] of [
      [f.unitA, COMMENT, 'accepted'],
      [f.unitA, FORMULA_COMMENT, 'accepted'],
      [f.unitB, COMMENT, 'accepted'],
      [f.unitA, COMMENT, 'pending'],
    ] as const) {
      const id = randomUUID();
      await t.db
        .insertInto('responses')
        .values({
          id,
          survey_id: survey.id,
          version_id: survey.versionId,
          unit_id: f.idOf(code),
          channel: 'qr',
          answers,
          comment,
          body_hash: id,
          flags: review === 'pending' ? ['too_fast'] : [],
          review_status: review,
        })
        .execute();
    }
    await t.db.updateTable('units').set({ name: UNIT_A }).where('code', '=', f.unitA).execute();
    await t.db.updateTable('units').set({ name: UNIT_B }).where('code', '=', f.unitB).execute();
    admin = await createUser(t.db, [{ role: 'admin' }]);
    await t.db.updateTable('users').set({ display_name: USER_NAME }).where('email', '=', admin.email).execute();
    // A failed sign-in with markup for an e-mail address lands in the audit log.
    await t.request().post('/api/v1/auth/login').send({ email: TYPED_EMAIL, password: 'x' });
    ({ agent } = await signedInAgent(t, [{ role: 'admin' }]));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function visit(page: Page, path: string, text?: string) {
    // Admin screens by the app's own navigation once it is loaded (the same window, so a script run by any
    // of them stays seen), waiting until the screen has drawn its data; other pages load.
    if (path.startsWith('/admin/') && new URL(page.url()).pathname.startsWith('/admin')) await openInApp(page, path);
    else await page.goto(`${t.url}${path}`);
    if (path.startsWith('/admin/')) await settled(page);
    if (text) await page.getByText(text, { exact: false }).filter({ visible: true }).first().waitFor();
  }

  it('runs no script from them on any admin page or the phone form, and shows them as text', async () => {
    const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 1024, height: 768 } });
    // Records what the page would run or what the policy blocked (init scripts are not subject to the CSP).
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const dialogs: string[] = [];
    const errors: string[] = [];
    /** The one tab of this context (one session), whose dialogs and script errors are recorded. */
    const newPage = async () => {
      const tab = await context.newPage();
      tab.setDefaultTimeout(20_000);
      tab.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      tab.on('pageerror', (e) => errors.push(e.message));
      await watchSettling(tab);
      return tab;
    };
    // Signed in through the API, as the login form is (the form itself is tested in admin-ui.e2e.test.ts).
    const login = await context.request.post(`${t.url}/api/v1/auth/login`, {
      data: { email: admin.email, password: admin.password },
    });
    expect(login.status()).toBe(200);
    const page = await newPage();

    const checks: Array<[string, string | undefined]> = [
      ['/admin/units', 'Trường <b>Alpha</b>'],
      ['/admin/units?q=HYPERLINK', '<script>window.__xss'],
      ['/admin/users', 'Cô <i>Lan</i>'],
      ['/admin/audit?action=auth.login_failed', `"><img src=x onerror=`],
      ['/admin/links', 'Trường <b>Alpha</b>'],
      ['/admin/review', 'Góp ý'],
      [`/admin/analytics?survey=${f.survey}&period=Y-${year}`, undefined],
      [`/f/${f.linkA}`, 'Trường <b>Alpha</b>'],
    ];
    const problems: string[] = [];
    // One tab takes the pages in turn: a tab more is a renderer process more, and the admin app loaded again.
    for (const [path, text] of checks) {
      await visit(page, path, text);
      const state = await page.evaluate(() => {
        const w = window as unknown as { __xss?: string; __csp?: string[] };
        return { xss: w.__xss, csp: w.__csp ?? [] };
      });
      if (state.xss !== undefined) problems.push(`${path}: script ran (${state.xss})`);
      // A blocked inline script would mean markup reached the page as HTML.
      if (state.csp.length > 0) problems.push(`${path}: the policy had to block ${state.csp.join(', ')}`);
    }
    // The probe below runs on the page checked last (the phone form).
    const probed = page;
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);

    // The probe itself works: markup inserted as HTML is blocked by the policy, and reported.
    const probe = await probed.evaluate(async () => {
      const div = document.createElement('div');
      div.innerHTML = `<img src="data:," onerror="window.__xss='probe'">`;
      const failed = new Promise((r) => div.querySelector('img')!.addEventListener('error', r));
      document.body.append(div);
      // The handler would run as the error fires; the report of its blocking follows as a task of its own
      // (a fixed 200 ms was not always enough on a busy machine).
      await failed;
      const w = window as unknown as { __xss?: string; __csp: string[] };
      for (let i = 0; i < 100 && !w.__csp.length; i++) await new Promise((r) => setTimeout(r, 20));
      return { xss: w.__xss, csp: w.__csp };
    });
    expect(probe.xss).toBeUndefined();
    expect(probe.csp.some((v) => v.startsWith('script-src-attr'))).toBe(true);
    await context.close();
  });

  it('keeps the API docs working under their own policy, with nothing blocked', async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    await context.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const page = await context.newPage();
    await page.goto(`${t.url}/api/docs/`);
    await page
      .locator('.opblock-summary-path', { hasText: '/api/v1/units/import' })
      .first()
      .waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    await context.close();
  });

  it('prints them as text in the PDF report', async () => {
    const res = await download(agent, `/api/v1/reports/Y-${year}.pdf?survey=${f.survey}`);
    expect(res.status).toBe(200);
    const text = await pdfText(res.body);
    // Long names are shortened in the table; what is there is the literal text.
    expect(text).toContain(`<img src=x onerror="window.__xss=`);
    expect(text).toContain(`=HYPERLINK("http://evil.example","x"`);
  });

  it('writes them as text in XLSX, with formulas defused', async () => {
    const res = await download(agent, `/api/v1/reports/Y-${year}.xlsx?survey=${f.survey}`);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as unknown as ArrayBuffer);
    const cells: ExcelJS.Cell[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell))));
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    const texts = cells.map((c) => String(c.value));
    expect(texts).toContain(UNIT_A);
    expect(texts).toContain(`'${UNIT_B}`);
    expect(texts.filter((v) => v.startsWith('='))).toEqual([]);
  });

  it('writes them as text in the CSV export, with formulas defused', async () => {
    const res = await download(agent, `/api/v1/exports/responses.csv?survey=${f.survey}&period=Y-${year}`);
    expect(res.status).toBe(200);
    const csv = res.body.toString('utf8');
    expect(csv).toContain(`'${FORMULA_COMMENT}`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")<script>`);
    // No field starts with a formula character.
    const fields = csv.split(/\r\n/).flatMap((line) => line.split(','));
    expect(fields.filter((v) => /^"?[=+@]/.test(v))).toEqual([]);
  });
});
