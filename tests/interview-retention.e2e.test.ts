import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearClosedListContacts, startInterviewJobs } from '../server/interviews/retention.js';
import { startFormTestApp } from './form-fixtures.js';
import { createUser, signedInAgent, type TestApp } from './helpers/app.js';
import { launchBrowser } from './helpers/browser.js';
import { signedInPage } from './helpers/browser-admin.js';
import { seedInterviewList, type InterviewFixture } from './interview-fixtures.js';

/**
 * Phone numbers of people never reached do not stay on a list forever: a closed list's remaining
 * contact details are cleared INTERVIEW_CONTACT_RETENTION_DAYS after it closed, by one instance.
 */
describe('interview contact retention', () => {
  let t: TestApp;
  let closed: InterviewFixture;
  let open: InterviewFixture;
  const DAY = 86_400_000;

  beforeAll(async () => {
    t = await startFormTestApp({ INTERVIEW_CONTACT_RETENTION_DAYS: '10' });
    closed = await seedInterviewList(t, 'tthc-services', 'VP-SO', 4);
    open = await seedInterviewList(t, 'tthc-services', 'VP-SO', 2);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  let browser: Browser | undefined;

  const contacts = (listId: number) =>
    t.db
      .selectFrom('interview_contacts')
      .select(['contact', 'status', 'label', 'attempts'])
      .where('list_id', '=', listId)
      .orderBy('position')
      .execute();

  it('closes a list once, for staff of its unit only, and says when its contacts go', async () => {
    const { agent } = await signedInAgent(t);
    const missed = await agent
      .post(`/api/v1/interviews/contacts/${closed.contactIds[0]}/outcome`)
      .send({ outcome: 'not_reached' });
    expect(missed.status).toBe(200);
    const refused = await agent
      .post(`/api/v1/interviews/contacts/${closed.contactIds[1]}/outcome`)
      .send({ outcome: 'refused', reason: 'Không muốn tham gia' });
    expect(refused.status).toBe(200);

    const other = await t.db.selectFrom('units').select('id').where('code', '=', 'P-QLCL').executeTakeFirstOrThrow();
    const outsider = await signedInAgent(t, [{ role: 'unit_manager', unitId: other.id }]);
    expect((await outsider.agent.post(`/api/v1/interviews/lists/${closed.listId}/close`)).status).toBe(404);
    expect((await agent.post('/api/v1/interviews/lists/999999/close')).status).toBe(404);
    expect((await agent.post('/api/v1/interviews/lists/abc/close')).status).toBe(400);

    const res = await agent.post(`/api/v1/interviews/lists/${closed.listId}/close`);
    expect(res.status).toBe(200);
    expect(res.body.retentionDays).toBe(10);
    expect(Date.parse(res.body.contactsClearedFrom) - Date.parse(res.body.closedAt)).toBe(10 * DAY);
    const again = await agent.post(`/api/v1/interviews/lists/${closed.listId}/close`);
    expect(again.body.closedAt).toBe(res.body.closedAt);
    const audit = await t.db
      .selectFrom('audit_log')
      .select('target_id')
      .where('action', '=', 'interviews.close')
      .execute();
    expect(audit).toEqual([{ target_id: String(closed.listId) }]);
  });

  it('clears the numbers left on a closed list after the retention days, and nothing else', async () => {
    const before = await contacts(closed.listId);
    // The refused person's number went when the refusal was recorded; the others still have theirs.
    expect(before.map((c) => c.contact === null)).toEqual([false, true, false, false]);
    const list = await t.db
      .selectFrom('interview_lists')
      .select('closed_at')
      .where('id', '=', closed.listId)
      .executeTakeFirstOrThrow();
    const closedAt = list.closed_at!.getTime();

    expect(await clearClosedListContacts(t.db, 10, new Date(closedAt + 10 * DAY - 1000))).toEqual([]);
    expect((await contacts(closed.listId)).filter((c) => c.contact !== null)).toHaveLength(3);

    const cleared = await clearClosedListContacts(t.db, 10, new Date(closedAt + 10 * DAY));
    expect(cleared).toEqual([{ listId: closed.listId, cleared: 3 }]);
    const after = await contacts(closed.listId);
    expect(after.every((c) => c.contact === null)).toBe(true);
    // Who was on the list and what became of each call stay, for the response rate.
    expect(after.map((c) => [c.label, c.status, c.attempts])).toEqual(
      before.map((c) => [c.label, c.status, c.attempts]),
    );
    expect((await contacts(open.listId)).every((c) => c.contact !== null)).toBe(true);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor_label', 'details'])
      .where('action', '=', 'interviews.clear_contacts')
      .execute();
    expect(audit).toEqual([
      { actor_label: 'system', details: { lists: [{ listId: closed.listId, cleared: 3 }], retentionDays: 10 } },
    ]);
    // A second pass finds nothing left to do.
    expect(await clearClosedListContacts(t.db, 10, new Date(closedAt + 30 * DAY))).toEqual([]);
  });

  it('runs in exactly one of two instances, by the leader lock', async () => {
    await t.db
      .updateTable('interview_lists')
      .set({ closed_at: new Date(Date.now() - 11 * DAY) })
      .where('id', '=', open.listId)
      .execute();
    const errors: unknown[] = [];
    const start = () =>
      startInterviewJobs({
        db: t.db,
        connectionString: t.database.url,
        retentionDays: 10,
        everyMs: 100,
        firstDelayMs: 0,
        log: (err) => errors.push(err),
      });
    const jobs = [start(), start()];
    try {
      const until = Date.now() + 15_000;
      while (!jobs.some((j) => j.stats.runs >= 2) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(jobs.filter((j) => j.stats.leader)).toHaveLength(1);
      expect(jobs.find((j) => !j.stats.leader)!.stats.runs).toBe(0);
      expect((await contacts(open.listId)).every((c) => c.contact === null)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      for (const j of jobs) await j.stop();
    }
  });

  it('is closed from the list screen in two steps, which says when the numbers go (390 px)', async () => {
    const third = await seedInterviewList(t, 'tthc-services', 'VP-SO', 1);
    const admin = await createUser(t.db, [{ role: 'admin' }]);
    browser = await launchBrowser();
    const { page } = await signedInPage(browser, t.url, admin, { path: `/admin/interviews?list=${third.listId}` });
    await page.getByRole('button', { name: 'Đóng danh sách', exact: true }).click();
    await page.getByText('Không mở lại được').waitFor();
    await page.getByRole('button', { name: 'Đóng danh sách này' }).click();
    const closedText = (await page.getByTestId('iv-closed').textContent()) ?? '';
    expect(closedText).toMatch(
      /^Danh sách đã đóng lúc .+ Số điện thoại còn lại sẽ được xoá từ .+ \(10 ngày sau khi đóng\)\.$/,
    );
    const row = await t.db
      .selectFrom('interview_lists')
      .select('closed_by')
      .where('id', '=', third.listId)
      .executeTakeFirstOrThrow();
    expect(row.closed_by).toBe(admin.id);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  }, 90_000);
});
