import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { createUser, signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { signedInPage } from './helpers/browser-admin.js';

/**
 * The survey builder's draft creates, saves and deletes are in the audit log (publishing already
 * was), in the same transaction as the change, and read in Vietnamese on the audit page.
 */
describe('survey draft audit', () => {
  let t: TestApp;
  let browser: Browser | undefined;
  let agent: Awaited<ReturnType<typeof signedInAgent>>['agent'];
  let me: { id: number; email: string };

  beforeAll(async () => {
    t = await startTestApp();
    await publishDefinitions(t.db, await readDefinitionFiles());
    ({ agent, user: me } = await signedInAgent(t));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const entries = () =>
    t.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'actor_label', 'target_type', 'target_id', 'details'])
      .where('action', 'like', 'drafts.%')
      .orderBy('id')
      .execute();

  it('records create, save and delete with who, which draft and what survey; a refused save records nothing', async () => {
    const copy = await agent.post('/api/v1/drafts').send({ from: 'tthc-services' });
    expect(copy.status).toBe(201);
    const empty = await agent.post('/api/v1/drafts').send({});
    expect(empty.status).toBe(201);
    expect((await agent.post('/api/v1/drafts').send({ from: 'khong-co' })).status).toBe(404);

    const definition = { ...copy.body.definition, slug: 'tthc-thu-nghiem', title: { vi: 'Thủ tục hành chính (thử)' } };
    const saved = await agent.put(`/api/v1/drafts/${copy.body.id}`).send({ version: copy.body.version, definition });
    expect(saved.status).toBe(200);
    // Saving over a version someone else already replaced is 409, and is not an event.
    const stale = await agent.put(`/api/v1/drafts/${copy.body.id}`).send({ version: copy.body.version, definition });
    expect(stale.status).toBe(409);
    expect((await agent.put('/api/v1/drafts/999999').send({ version: 1, definition })).status).toBe(404);

    expect((await agent.delete(`/api/v1/drafts/${empty.body.id}`)).status).toBe(204);
    expect((await agent.delete(`/api/v1/drafts/${empty.body.id}`)).status).toBe(404);

    const questions = (copy.body.definition.questions as unknown[]).length;
    const blank = (empty.body.definition.questions as unknown[]).length;
    const who = { actor_id: me.id, actor_label: me.email, target_type: 'survey_draft' };
    expect(await entries()).toEqual([
      {
        ...who,
        action: 'drafts.create',
        target_id: String(copy.body.id),
        details: {
          survey: 'tthc-services',
          name: copy.body.definition.title.vi,
          questions,
          basedOn: expect.stringMatching(/^tthc-services v\d+$/),
        },
      },
      {
        ...who,
        action: 'drafts.create',
        target_id: String(empty.body.id),
        details: { survey: null, name: null, questions: blank, basedOn: null },
      },
      {
        ...who,
        action: 'drafts.save',
        target_id: String(copy.body.id),
        details: {
          survey: 'tthc-thu-nghiem',
          name: 'Thủ tục hành chính (thử)',
          questions,
          draftVersion: saved.body.version,
        },
      },
      {
        ...who,
        action: 'drafts.delete',
        target_id: String(empty.body.id),
        details: { survey: null, name: null, questions: blank },
      },
    ]);
    const listed = await agent.get('/api/v1/audit?action=drafts.save');
    expect(listed.status).toBe(200);
    expect(listed.body.entries).toHaveLength(1);
  });

  it('reads in Vietnamese on the audit page at 390 px', async () => {
    const admin = await createUser(t.db, [{ role: 'admin' }]);
    browser = await launchBrowser();
    const { page } = await signedInPage(browser, t.url, admin, { path: '/admin/audit?action=drafts.save' });
    const text = page.locator('main');
    await text.locator('ul.details').first().waitFor();
    const shown = (await text.textContent()) ?? '';
    // The action and the target in words, in the row (the filter's option says the action too).
    expect(shown.split('Lưu bản nháp phiếu khảo sát').length).toBeGreaterThan(2);
    expect(shown).toContain('Bản nháp phiếu khảo sát');
    expect(shown).toContain('Tên: Thủ tục hành chính (thử)');
    expect(shown).toContain('Lần lưu thứ: 2');
    expect(shown).not.toContain('drafts.save');
    expect(shown).not.toContain('draftVersion');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  }, 90_000);
});
