import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser } from './helpers/browser.js';
import { ensureFirstAdmin } from '../server/users/bootstrap.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { signedInPage, signInContext } from './helpers/browser-admin.js';

/** A tablet in landscape: the admin app's main device besides desktops. */
const TABLET = { viewport: { width: 1024, height: 768 }, hasTouch: true, deviceScaleFactor: 1 };
const SCHOOL = { code: 'THCS-LQD', name: 'Trường THCS Lê Quý Đôn' };
const OTHER_SCHOOL = 'THCS-NGUYENDU';

/** Saves a screenshot when HL_SCREENSHOTS names a folder (for people reviewing the screens). */
async function shot(page: Page, name: string) {
  if (process.env.HL_SCREENSHOTS)
    await page.screenshot({ path: `${process.env.HL_SCREENSHOTS}/${name}.png`, fullPage: true });
}

async function signIn(page: Page, url: string, email: string, password: string) {
  await page.goto(`${url}/admin/`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

/** Serious accessibility problems only (axe impact serious or critical would show in help text). */
async function expectAccessible(page: Page) {
  const violations = await axeViolations(page);
  expect(violations).toEqual([]);
}

// Browser steps on two shared cores (beside another test file): generous timeouts, no retries.
describe('admin app: a school manager created by the department sees only their school', { timeout: 90_000 }, () => {
  let t: TestApp;
  let browser: Browser;
  let admin: { email: string; password: string };
  /** One tablet for everyone, as at a desk: the administrator, then the manager, then the administrator again. */
  let tablet: Page;
  let manager: Page;
  let managerEmail: string;
  let initialPassword: string;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ demo: true });
    // The demo administrator, as `npm start` creates it on an empty database.
    const first = await ensureFirstAdmin(t.db, t.config);
    admin = { email: first!.email, password: first!.password! };
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Script errors and console errors (but a 4xx the screen expects) of every page, logged. */
  const watch = (page: Page) => {
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) errors.push(msg.text());
    });
  };

  it('the administrator creates a unit manager for one school and gets an initial password once', async () => {
    // The demo administrator, signed in through the API (the form is tested with the manager below).
    // One context and page for the whole file: each new one is a renderer process and the app loaded again.
    const page = (tablet = (await signedInPage(browser, t.url, admin, { device: TABLET, watch })).page);
    await page.getByRole('link', { name: 'Người dùng', exact: true }).click();
    await page.getByRole('heading', { name: 'Người dùng và vai trò' }).waitFor();
    await page.getByRole('button', { name: 'Thêm người dùng' }).click();
    managerEmail = `hieutruong.lqd-${Date.now()}@truong.example.vn`;
    const form = page.getByRole('form', { name: 'Thêm người dùng' });
    await form.getByLabel('Email', { exact: true }).fill(managerEmail);
    await form.getByLabel('Họ tên', { exact: true }).fill('Hiệu trưởng Lê Quý Đôn');
    await form.getByLabel('Đơn vị', { exact: true }).fill(SCHOOL.code);
    await form.locator('.field-hint', { hasText: SCHOOL.name }).waitFor();
    await expectAccessible(page);
    await shot(page, 'users-create');
    await form.getByRole('button', { name: 'Tạo người dùng' }).click();
    const secret = page.getByTestId('initial-password');
    await secret.waitFor();
    initialPassword = (await secret.textContent())!.trim();
    expect(initialPassword).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const row = page.getByRole('row').filter({ hasText: managerEmail });
    await expect(row.textContent()).resolves.toMatch(/Quản lý đơn vị: Trường THCS Lê Quý Đôn/);
    await expect(row.textContent()).resolves.toMatch(/Chưa đổi mật khẩu ban đầu/);
    await shot(page, 'users-created');

    // The audit log shows it.
    await page.getByRole('link', { name: 'Nhật ký', exact: true }).click();
    await page.getByRole('cell', { name: 'Tạo người dùng' }).first().waitFor();
    await expectAccessible(page);
    await shot(page, 'audit');
    // The administrator leaves the shared tablet: no session there any more.
    await page.context().clearCookies();
  });

  it('the manager must change the initial password first, then gets in', async () => {
    manager = tablet;
    await signIn(manager, t.url, managerEmail, initialPassword);
    await manager.getByRole('heading', { name: 'Đổi mật khẩu ban đầu' }).waitFor();
    await expectAccessible(manager);
    await shot(manager, 'forced-password');
    await manager.getByLabel('Mật khẩu hiện tại').fill(initialPassword);
    await manager.getByLabel('Mật khẩu mới', { exact: true }).fill('ngắn');
    await manager.getByLabel('Nhập lại mật khẩu mới').fill('ngắn');
    await manager.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await manager.getByText('mật khẩu cần ít nhất 12 ký tự').waitFor();
    await manager.getByLabel('Mật khẩu mới', { exact: true }).fill('trường của chúng tôi 2026');
    await manager.getByLabel('Nhập lại mật khẩu mới').fill('trường của chúng tôi 2026');
    await manager.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await manager.getByRole('navigation', { name: 'Danh mục' }).waitFor();
    // A unit manager has no users or audit screens.
    expect(await manager.getByRole('link', { name: 'Người dùng', exact: true }).count()).toBe(0);
    expect(await manager.getByRole('link', { name: 'Nhật ký', exact: true }).count()).toBe(0);
  });

  it('the manager sees only their school among the units', async () => {
    await manager.getByRole('link', { name: 'Đơn vị', exact: true }).click();
    await manager.getByText('1 đơn vị').waitFor();
    const rows = manager.locator('tbody tr');
    expect(await rows.count()).toBe(1);
    await expect(rows.first().textContent()).resolves.toContain(SCHOOL.name);
    expect(await manager.getByRole('button', { name: /^Sửa/ }).count()).toBe(0);
    await expectAccessible(manager);
    await shot(manager, 'units-manager');
  });

  it('the manager sees and prints only their school’s QR posters', async () => {
    await manager.getByRole('link', { name: 'Mã QR & áp phích' }).click();
    await manager.getByText(/^\d+ mã QR$/).waitFor();
    const rows = manager.locator('tbody tr');
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    for (let i = 0; i < n; i++) await expect(rows.nth(i).textContent()).resolves.toContain(SCHOOL.name);
    await expectAccessible(manager);
    await shot(manager, 'links-manager');

    const pdfHref = await manager
      .getByRole('link', { name: /^Áp phích PDF A4/ })
      .first()
      .getAttribute('href');
    const pdf = await manager.request.get(`${t.url}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const batchHref = await manager.getByRole('link', { name: /Tải áp phích hàng loạt/ }).getAttribute('href');
    const batch = await manager.request.get(`${t.url}${batchHref}`);
    expect(batch.status()).toBe(200);
    expect(batch.headers()['x-poster-count']).toBe(String(n));

    // Another school's posters and links are not there for them, by code or by filter.
    const other = await t.db
      .selectFrom('links as l')
      .innerJoin('units as u', 'u.id', 'l.unit_id')
      .select('l.code')
      .where('u.code', '=', OTHER_SCHOOL)
      .executeTakeFirstOrThrow();
    expect((await manager.request.get(`${t.url}/api/v1/links/${other.code}/poster.pdf`)).status()).toBe(404);
    expect((await manager.request.get(`${t.url}/api/v1/posters.pdf?unit=${OTHER_SCHOOL}`)).status()).toBe(404);
  });

  it('the manager sees only their school’s results', async () => {
    const summary = (unit?: string) =>
      manager.request.get(
        `${t.url}/api/v1/analytics/summary?survey=education-parents-thcs&period=Y-${new Date().getFullYear()}${unit ? `&unit=${unit}` : ''}`,
      );
    const own = await summary(SCHOOL.code);
    expect(own.status()).toBe(200);
    expect((await summary(OTHER_SCHOOL)).status()).toBe(404);
    // Without a unit filter, the figures are their school's alone.
    const mine = await own.json();
    const all = await (await summary()).json();
    expect(JSON.stringify(all.overall)).toBe(JSON.stringify(mine.overall));
    // And prints their school's report, not another's.
    const report = (unit: string) =>
      manager.request.get(`${t.url}/api/v1/reports/Y-${new Date().getFullYear()}.pdf?unit=${unit}`);
    const pdf = await report(SCHOOL.code);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect((await report(OTHER_SCHOOL)).status()).toBe(404);
  });

  describe('the administrator’s screens', () => {
    let page: Page;
    beforeAll(async () => {
      page = tablet;
      await signInContext(page.context(), t.url, admin);
      await page.goto(`${t.url}/admin/`);
      await page.getByRole('navigation', { name: 'Danh mục' }).waitFor();
    });
    afterAll(() => page.context().close());

    it('units: search, edit, and a CSV import that lists each bad row and imports nothing', async () => {
      await page.getByRole('link', { name: 'Đơn vị', exact: true }).click();
      // Typed without diacritics, as on a phone keyboard.
      await page.getByLabel('Tìm theo tên hoặc mã').fill('thcs le quy');
      await page.getByText('1 đơn vị').waitFor();
      expect(new URL(page.url()).searchParams.get('q')).toBe('thcs le quy');
      await page.getByRole('button', { name: `Sửa ${SCHOOL.name}` }).click();
      const editor = page.getByRole('form', { name: `Sửa đơn vị ${SCHOOL.code}` });
      await editor.getByLabel('Sĩ số').fill('-3');
      await editor.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await editor.getByText('sĩ số phải là số nguyên không âm').waitFor();
      await editor.getByLabel('Sĩ số').fill('1600');
      await editor.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.getByText(`Đã lưu đơn vị ${SCHOOL.code}.`).waitFor();
      await page.getByRole('cell', { name: '1600' }).waitFor();
      await expectAccessible(page);

      const before = await t.db.selectFrom('units').select('id').execute();
      await page.getByRole('button', { name: 'Nhập từ CSV' }).click();
      const importer = page.getByRole('form', { name: 'Nhập đơn vị từ tệp CSV' });
      await importer
        .getByLabel('hoặc dán nội dung CSV')
        .fill(
          [
            'code,name,kind,level,parent_code,ward,enrolment',
            'MOI-1,Trường Mới,school,thcs,SGDDT,,100',
            'MOI-2,Trường Sai Cấp,school,dai_hoc,SGDDT,,100',
            'MOI-3,,office,,SGDDT,,',
          ].join('\n'),
        );
      await importer.getByRole('button', { name: 'Kiểm tra và nhập' }).click();
      await importer.getByText('Không nhập đơn vị nào: tệp có 2 lỗi.', { exact: false }).waitFor();
      const problems = await importer.locator('tbody tr').allTextContents();
      expect(problems).toEqual([expect.stringMatching(/^3level/), expect.stringMatching(/^4name/)]);
      expect(await t.db.selectFrom('units').select('id').execute()).toHaveLength(before.length);
      await expectAccessible(page);
      await shot(page, 'units-import');
    });

    it('definitions: check a draft, compare, preview it as the phone form, publish; a breaking change is refused in words', async () => {
      const current = await t.db
        .selectFrom('survey_versions as v')
        .innerJoin('surveys as s', 's.id', 'v.survey_id')
        .select('v.definition')
        .where('s.slug', '=', 'tthc-services')
        .executeTakeFirstOrThrow();
      const def = structuredClone(current.definition) as { questions: Array<Record<string, unknown>> };
      def.questions.splice(1, 0, {
        key: 'access_parking',
        criterion: 'access',
        type: 'likert5',
        text: { vi: 'Chỗ để xe thuận tiện' },
      });
      await page.getByRole('link', { name: 'Phiếu khảo sát', exact: true }).click();
      const draft = page.getByRole('region', { name: 'Kiểm tra và công bố bản nháp' });
      await draft.getByLabel('Tên tệp').fill('tthc-services.json');
      await draft.getByLabel('hoặc dán nội dung JSON').fill(JSON.stringify(def, null, 2));
      await draft.getByRole('button', { name: 'Kiểm tra bản nháp' }).click();
      await draft.getByText('Bản nháp hợp lệ: sẽ được công bố là phiên bản 2 (đang dùng phiên bản 1).').waitFor();
      await draft.locator('.diff-added', { hasText: 'access_parking' }).waitFor();
      const preview = draft.getByTestId('form-preview');
      await preview.getByText('Chỗ để xe thuận tiện').waitFor();
      expect(await preview.getByRole('button', { name: /Gửi/ }).isDisabled()).toBe(true);
      await expectAccessible(page);
      await shot(page, 'definitions-draft');
      await draft.getByRole('button', { name: 'Công bố phiên bản mới' }).click();
      await draft.getByRole('button', { name: 'Có, công bố' }).click();
      await draft.getByText('Đã công bố tthc-services phiên bản 2.').waitFor();

      // Versions 1 and 2 compared.
      await page.getByRole('button', { name: 'So sánh', exact: true }).click();
      await page
        .getByRole('region', { name: 'So sánh hai phiên bản' })
        .locator('.diff-added', { hasText: 'access_parking' })
        .waitFor();

      // Changing the meaning of a kept key is refused, and the screen says why.
      const yesNo = def.questions.find((q) => q.type === 'yes_no')!;
      yesNo.type = 'likert5';
      await draft.getByLabel('hoặc dán nội dung JSON').fill(JSON.stringify(def));
      await draft.getByRole('button', { name: 'Kiểm tra bản nháp' }).click();
      await draft.getByText(/Không thể công bố: bản nháp giữ mã câu hỏi cũ nhưng đổi ý nghĩa/).waitFor();
      await draft
        .getByText(/đổi loại từ có\/không sang thang 5 mức; hãy dùng mã câu hỏi mới/)
        .first()
        .waitFor();
      expect(await draft.getByRole('button', { name: 'Công bố phiên bản mới' }).count()).toBe(0);
      await shot(page, 'definitions-refused');
    });

    it('links: create one, retire it', async () => {
      await page.getByRole('link', { name: 'Mã QR & áp phích' }).click();
      await page.getByRole('button', { name: 'Tạo mã QR' }).click();
      const one = page.getByRole('form', { name: 'Tạo mã cho một đơn vị' });
      await one.getByLabel('Phiếu khảo sát').selectOption('tthc-services');
      await one.getByLabel('Đơn vị', { exact: true }).fill('VP-SO');
      await one.getByLabel('Kênh', { exact: true }).selectOption('zalo');
      await one.getByRole('button', { name: 'Tạo mã' }).click();
      const created = page.getByText(/^Đã tạo mã [A-Z0-9]{10} cho Văn phòng Sở/);
      await created.waitFor();
      const code = /mã ([A-Z0-9]{10})/.exec((await created.textContent())!)![1]!;
      await expectAccessible(page);
      await page.getByRole('button', { name: `Thu hồi ${code}` }).click();
      await page.getByRole('button', { name: 'Có, thu hồi' }).click();
      await page.getByText(`Đã thu hồi mã ${code}.`).waitFor();
      const row = await t.db
        .selectFrom('links')
        .select('retired_at')
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
      expect(row.retired_at).not.toBeNull();
    });

    it('account: sign out everywhere ends this session too', async () => {
      await page.getByRole('link', { name: 'Quản trị viên' }).click();
      await page.getByRole('heading', { name: 'Tài khoản của bạn' }).waitFor();
      await expectAccessible(page);
      await page.getByRole('button', { name: 'Đăng xuất mọi nơi' }).click();
      await page.getByRole('button', { name: 'Đăng nhập' }).waitFor();
      expect((await page.request.get(`${t.url}/api/v1/auth/me`)).status()).toBe(401);
    });
  });

  it('logged no script errors', () => {
    expect(errors).toEqual([]);
  });
});
