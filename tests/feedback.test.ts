import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitFeedback } from '../server/feedback/intake.js';
import { escalateOverdue, purgeExpiredContacts } from '../server/feedback/jobs.js';
import { createMailer, mailerFromEnv, notifyNew, notifyReply, type Mail } from '../server/feedback/notify.js';
import { seedTwoSchools, signInPersonas, type Fixtures, type Personas } from './authz-fixtures.js';
import { createUser, startTestApp, type TestApp } from './helpers/app.js';

/** Feedback (issue 13) through the real API: intake, tracking, handling, scoping, privacy, photos. */

const CONTACT = { name: 'Nguyễn Thị Bí Mật', phone: '0901 234 567', email: 'bimat@example.vn' };

async function jpegWithExif(width = 64): Promise<string> {
  const bytes = await sharp({ create: { width, height: width, channels: 3, background: '#c33' } })
    .withExif({ IFD0: { Artist: 'EXIF-SECRET-ARTIST', Copyright: 'EXIF-SECRET-GPS' } })
    .jpeg()
    .toBuffer();
  return `data:image/jpeg;base64,${bytes.toString('base64')}`;
}

describe('feedback API', () => {
  let t: TestApp;
  let f: Fixtures;
  let p: Personas;

  beforeAll(async () => {
    t = await startTestApp();
    f = await seedTwoSchools(t);
    p = await signInPersonas(t, f);
  });
  afterAll(() => t?.close());

  const send = (body: Record<string, unknown>) => t.request().post('/api/v1/public/feedback').send(body);

  it('runs the whole lifecycle: intake, replay, accept, reply, public status without contact or notes', async () => {
    const id = randomUUID();
    const body = {
      id,
      unit: f.unitA,
      category: 'co_so_vat_chat',
      content: 'Nhà vệ sinh khu B bị hỏng vòi nước đã hai tuần.',
      contact: CONTACT,
      consent: true,
    };
    const created = await send(body);
    expect(created.status).toBe(201);
    expect(created.body.id).toBe(id);
    const code = created.body.code as string;
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);

    const replay = await send(body);
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual({ id, code });
    expect(await t.db.selectFrom('feedback_items').select('id').where('id', '=', id).execute()).toHaveLength(1);
    expect((await send({ ...body, content: 'Một nội dung khác hẳn với lần trước.' })).status).toBe(409);

    const fresh = await t.request().get(`/api/v1/public/feedback/${code.toLowerCase()}`);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ code, status: 'new', category: 'co_so_vat_chat', unit: { code: f.unitA } });
    expect(fresh.body.reply).toBeUndefined();

    const admin = p.agents.managerA;
    expect((await admin.post(`/api/v1/feedback/${code}/actions`).send({ action: 'accept' })).status).toBe(200);
    const note = await admin
      .post(`/api/v1/feedback/${code}/actions`)
      .send({ action: 'note', text: 'GHI-CHU-NOI-BO: gọi tổ bảo trì' });
    expect(note.status).toBe(200);
    // A step that does not fit the state is 409, and changes nothing.
    expect((await admin.post(`/api/v1/feedback/${code}/actions`).send({ action: 'close' })).status).toBe(409);
    const replied = await admin
      .post(`/api/v1/feedback/${code}/actions`)
      .send({ action: 'reply', text: 'Nhà trường đã thay vòi nước mới ngày 03/12. Cảm ơn phụ huynh.' });
    expect(replied.body).toEqual({ code, status: 'answered' });

    const status = await t.request().get(`/api/v1/public/feedback/${code}`);
    expect(status.body).toMatchObject({ status: 'answered', reply: expect.stringContaining('vòi nước mới') });
    expect(typeof status.body.repliedAt).toBe('string');
    const text = JSON.stringify(status.body);
    for (const secret of [CONTACT.name, CONTACT.phone, CONTACT.email, 'GHI-CHU-NOI-BO'])
      expect(text).not.toContain(secret);

    // The handler sees the contact and the history; every step is in the audit log.
    const detail = await admin.get(`/api/v1/feedback/${code}`);
    expect(detail.body.contact).toMatchObject(CONTACT);
    expect(detail.body.events.map((e: { kind: string }) => e.kind)).toEqual([
      'created',
      'accepted',
      'note',
      'answered',
    ]);
    const audit = await t.db.selectFrom('audit_log').select('details').where('target_id', '=', code).execute();
    expect(audit).toHaveLength(4);

    // The analyst reads the item but not the contact; the admin closes and publishes it.
    expect((await p.agents.analyst.get(`/api/v1/feedback/${code}`)).body.contact).toBeNull();
    expect((await p.agents.admin.post(`/api/v1/feedback/${code}/actions`).send({ action: 'close' })).status).toBe(200);
    const published = await p.agents.admin.put(`/api/v1/feedback/${code}/publish`).send({
      issue: 'Vòi nước nhà vệ sinh khu B bị hỏng',
      action: 'Đã thay vòi nước mới và kiểm tra toàn bộ khu vệ sinh',
    });
    expect(published.status).toBe(200);
    const wall = await t.request().get('/api/v1/public/feedback-published');
    expect(wall.body.items[0]).toMatchObject({ code, issue: 'Vòi nước nhà vệ sinh khu B bị hỏng' });
    expect(JSON.stringify(wall.body)).not.toContain(CONTACT.phone);
  });

  it('refuses invalid input with field errors, and keeps no contact without consent', async () => {
    const bad = await send({ id: 'not-a-uuid', unit: '', category: 'nonsense', content: 'ngắn' });
    expect(bad.status).toBe(400);
    const paths = (bad.body.fields as Array<{ path: string }>).map((x) => x.path).sort();
    expect(paths).toEqual(['body.category', 'body.content', 'body.id', 'body.unit']);
    const noConsent = await send({
      id: randomUUID(),
      unit: f.unitA,
      category: 'Thái độ phục vụ',
      content: 'Cán bộ tiếp dân trả lời thiếu lịch sự.',
      contact: { phone: '0901234567' },
    });
    // The item is taken, but contact details without consent are not kept, and the answer says so.
    expect(noConsent.status).toBe(201);
    expect(noConsent.body.contactKept).toBe(false);
    const kept = await t.db
      .selectFrom('feedback_items')
      .select(['contact', 'consent'])
      .where('code', '=', noConsent.body.code as string)
      .executeTakeFirstOrThrow();
    expect(kept).toEqual({ contact: null, consent: false });
    const unknownUnit = await send({
      id: randomUUID(),
      unit: 'KHONG-CO',
      category: 'khac',
      content: 'Nội dung đủ dài để gửi.',
    });
    expect(unknownUnit.body.fields).toEqual([expect.objectContaining({ path: 'unit' })]);
    expect((await t.request().get('/api/v1/public/feedback/ZZZZZZZZ')).status).toBe(404);
    expect((await t.request().get('/api/v1/public/feedback/abc')).status).toBe(404);
  });

  it('scopes items: the manager of B neither lists nor opens nor handles unit A’s items', async () => {
    const { body } = await send({
      id: randomUUID(),
      unit: f.unitA,
      category: 'khac',
      content: 'Phản ánh của trường Alpha.',
    });
    const listB = await p.agents.managerB.get('/api/v1/feedback');
    expect(listB.status).toBe(200);
    expect(JSON.stringify(listB.body)).not.toContain(body.code);
    expect((await p.agents.managerB.get(`/api/v1/feedback/${body.code}`)).status).toBe(404);
    expect(
      (await p.agents.managerB.post(`/api/v1/feedback/${body.code}/actions`).send({ action: 'accept' })).status,
    ).toBe(404);
    const listA = await p.agents.managerA.get('/api/v1/feedback');
    expect(JSON.stringify(listA.body)).toContain(body.code);
    // A transfer hands it to B: now B handles it, and A no longer sees it.
    const moved = await p.agents.managerA
      .post(`/api/v1/feedback/${body.code}/actions`)
      .send({ action: 'transfer', unit: f.unitB, text: 'Việc của trường Beta' });
    expect(moved.body, JSON.stringify(moved.body)).toMatchObject({ status: 'transferred' });
    expect((await p.agents.managerB.get(`/api/v1/feedback/${body.code}`)).status).toBe(200);
    expect((await p.agents.managerA.get(`/api/v1/feedback/${body.code}`)).status).toBe(404);
  });

  it('keeps contact details out of exports unless an admin asks', async () => {
    await send({
      id: randomUUID(),
      unit: f.unitB,
      category: 'khac',
      content: 'Có liên hệ kèm theo.',
      contact: CONTACT,
      consent: true,
    });
    const plain = await p.agents.admin.get('/api/v1/feedback/export.csv');
    expect(plain.status).toBe(200);
    expect(plain.text).toContain('Có liên hệ kèm theo.');
    expect(plain.text).not.toContain(CONTACT.phone);
    expect((await p.agents.managerB.get('/api/v1/feedback/export.csv?contact=true')).status).toBe(403);
    expect((await p.agents.admin.get('/api/v1/feedback/export.csv?contact=true')).text).toContain(CONTACT.phone);
  });

  it('strips EXIF from photos, and refuses a bad type or an oversized photo storing nothing', async () => {
    const id = randomUUID();
    const ok = await send({
      id,
      unit: f.unitA,
      category: 'co_so_vat_chat',
      content: 'Tường lớp 6A bị nứt.',
      photos: [await jpegWithExif()],
    });
    expect(ok.status).toBe(201);
    const photo = await t.db
      .selectFrom('feedback_photos')
      .selectAll()
      .where('feedback_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(photo.bytes.toString('latin1')).not.toContain('EXIF-SECRET');
    expect((await sharp(photo.bytes).metadata()).exif).toBeUndefined();
    const image = await p.agents.managerA.get(`/api/v1/feedback/${ok.body.code}/photos/1`);
    expect(image.status).toBe(200);
    expect(image.headers['content-type']).toBe('image/jpeg');
    expect((await p.agents.managerB.get(`/api/v1/feedback/${ok.body.code}/photos/1`)).status).toBe(404);

    const before = await t.db
      .selectFrom('feedback_items')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const notImage = { type: 'image/jpeg', data: Buffer.from('%PDF-1.4 not a photo').toString('base64') };
    const badType = await send({
      id: randomUUID(),
      unit: f.unitA,
      category: 'khac',
      content: 'Ảnh sai định dạng.',
      photos: [await jpegWithExif(), notImage],
    });
    expect(badType.status).toBe(400);
    expect(badType.body.fields).toEqual([expect.objectContaining({ path: 'photos.1' })]);
    const huge = `data:image/jpeg;base64,${Buffer.alloc(3 * 1024 * 1024 + 10, 1).toString('base64')}`;
    const oversized = await send({
      id: randomUUID(),
      unit: f.unitA,
      category: 'khac',
      content: 'Ảnh quá lớn gửi lên.',
      photos: [huge],
    });
    expect(oversized.status).toBe(400);
    const four = await send({
      id: randomUUID(),
      unit: f.unitA,
      category: 'khac',
      content: 'Bốn ảnh là quá nhiều.',
      photos: Array(4).fill(await jpegWithExif()),
    });
    expect(four.status).toBe(400);
    const after = await t.db
      .selectFrom('feedback_items')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('counts the deadline in working days across Tết, escalates overdue items, and purges old contacts', async () => {
    const received = new Date('2026-02-13T03:00:00Z'); // Friday before Tết 2026
    const outcome = await submitFeedback(
      t.db,
      {
        id: randomUUID(),
        unit: f.unitA,
        category: 'an_toan_truong_hoc',
        content: 'Cổng trường không có người trực.',
        contact: CONTACT,
        consent: true,
      },
      { now: received },
    );
    if (!('code' in outcome)) throw new Error('not stored');
    const row = await t.db
      .selectFrom('feedback_items')
      .select(['id'])
      .select((eb) => eb.fn<string>('to_char', [eb.ref('deadline'), eb.val('YYYY-MM-DD')]).as('deadline'))
      .where('code', '=', outcome.code)
      .executeTakeFirstOrThrow();
    // 5 working days (safety): Tết closes 16–20/2, so 23, 24, 25, 26, 27/2.
    expect(row.deadline).toBe('2026-02-27');

    const escalated = await escalateOverdue(t.db, new Date('2026-03-02T03:00:00Z'));
    expect(escalated).toContain(outcome.code);
    const so = f.idOf('SO');
    const item = await t.db
      .selectFrom('feedback_items')
      .select(['escalated_to'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(item.escalated_to).toBe(so);
    expect(await escalateOverdue(t.db, new Date('2026-03-03T03:00:00Z'))).not.toContain(outcome.code);
    const overdue = await p.agents.managerA.get('/api/v1/feedback?overdue=true');
    expect(overdue.body.items.map((i: { code: string }) => i.code)).toContain(outcome.code);
    expect(overdue.body.counters.overdue).toBeGreaterThanOrEqual(1);

    // Answered, closed, and 13 months later its contact is gone (default retention 12 months).
    await t.db
      .updateTable('feedback_items')
      .set({ status: 'closed', closed_at: new Date('2026-03-05T00:00:00Z') })
      .where('id', '=', row.id)
      .execute();
    expect(await purgeExpiredContacts(t.db, new Date('2027-03-01T00:00:00Z'))).not.toContain(outcome.code);
    expect(await purgeExpiredContacts(t.db, new Date('2027-04-06T00:00:00Z'))).toContain(outcome.code);
    const purged = await t.db
      .selectFrom('feedback_items')
      .select(['contact', 'contact_purged_at'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(purged.contact).toBeNull();
  });

  it('reports metrics per unit, and staff enter items with their channel', async () => {
    const staff = await p.agents.managerB.post('/api/v1/feedback').send({
      unit: f.unitB,
      category: 'hoc_phi_va_khoan_thu',
      channel: 'hotline',
      content: 'Phụ huynh gọi đường dây nóng hỏi về khoản thu đầu năm.',
    });
    expect(staff.status).toBe(201);
    expect(
      (
        await p.agents.managerB
          .post('/api/v1/feedback')
          .send({ unit: f.unitA, category: 'khac', channel: 'letter', content: 'Ngoài phạm vi của trường Beta.' })
      ).status,
    ).toBe(400);
    const detail = await p.agents.managerB.get(`/api/v1/feedback/${staff.body.code}`);
    expect(detail.body.channel).toBe('hotline');
    await p.agents.managerB
      .post(`/api/v1/feedback/${staff.body.code}/actions`)
      .send({ action: 'reply', text: 'Đã giải thích các khoản thu theo quy định.' });
    const metrics = await p.agents.admin.get(`/api/v1/feedback/metrics?period=Y-${new Date().getFullYear()}`);
    expect(metrics.status).toBe(200);
    const rowB = metrics.body.units.find((u: { unit: { code: string } }) => u.unit.code === f.unitB);
    expect(rowB.received).toBeGreaterThanOrEqual(2);
    expect(rowB.answeredOnTime).toBeGreaterThanOrEqual(1);
    expect(rowB.onTimeShare).toBe(1);
    expect(rowB.categories.hoc_phi_va_khoan_thu).toBe(1);
    const mB = await p.agents.managerB.get('/api/v1/feedback/metrics');
    expect(JSON.stringify(mB.body)).not.toContain(f.unitA);
  });

  it('keeps honeypot items out of the queue, and lists the public endpoints in OpenAPI', async () => {
    const spam = await send({
      id: randomUUID(),
      unit: f.unitA,
      category: 'khac',
      content: 'Quảng cáo mua bán.',
      website: 'http://spam.example',
    });
    expect(spam.status).toBe(201);
    const list = await p.agents.admin.get('/api/v1/feedback?status=new');
    expect(JSON.stringify(list.body)).not.toContain(spam.body.code);
    const docs = await t.request().get('/api/docs/json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/public/feedback', '/api/v1/public/feedback/{code}', '/api/v1/feedback']),
    );
  });

  it('e-mails the unit’s managers on a new item and the citizen on a reply (nodemailer)', async () => {
    const sent: Mail[] = [];
    const capture = { send: async (m: Mail) => void sent.push(m) };
    const manager = await createUser(t.db, [{ role: 'unit_manager', unitId: f.idOf(f.unitA) }]);
    const { body } = await send({
      id: randomUUID(),
      unit: f.unitA,
      category: 'thai_do_phuc_vu',
      content: 'Bảo vệ trường nói năng thiếu lịch sự với phụ huynh.',
      contact: { email: 'chame@example.vn' },
      consent: true,
    });
    await notifyNew(t.db, capture, body.code, 'https://hailong.example.vn');
    expect(sent[0]!.to).toContain(manager.email);
    expect(sent[0]!.text).toContain(`https://hailong.example.vn/admin/feedback?code=${body.code}`);
    expect(sent[0]!.text).not.toContain('chame@example.vn');
    await p.agents.managerA
      .post(`/api/v1/feedback/${body.code}/actions`)
      .send({ action: 'reply', text: 'Nhà trường đã nhắc nhở và xin lỗi phụ huynh.' });
    await notifyReply(t.db, capture, body.code);
    expect(sent[1]).toMatchObject({ to: ['chame@example.vn'], text: expect.stringContaining('xin lỗi phụ huynh') });
    // The message goes through nodemailer as it is; a malformed SMTP_URL stops start-up by name.
    await createMailer({ jsonTransport: true }, 'Hài lòng <no-reply@example.vn>').send(sent[1]!);
    expect(mailerFromEnv({})).toBeNull();
    expect(() => mailerFromEnv({ SMTP_URL: 'mail.example.vn' })).toThrow(/SMTP_URL/);
  });

  it('finds units by name without diacritics', async () => {
    const res = await t.request().get('/api/v1/public/units').query({ q: 'truong thcs alpha' });
    expect(res.body.units).toEqual([expect.objectContaining({ code: f.unitA, name: f.unitAName })]);
  });
});
