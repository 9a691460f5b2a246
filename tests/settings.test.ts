import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedInAgent, type TestApp } from './helpers/app.js';
import { pdfText } from './helpers/pdf.js';
import { startFormTestApp } from './form-fixtures.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

const VALID = {
  governingBody: 'UBND tỉnh Ninh Bình',
  name: 'Sở Giáo dục và Đào tạo',
  nameEn: 'Ninh Binh Department of Education and Training',
  place: 'Ninh Bình',
  documentSymbol: 'BC-SGDĐT',
  signerAuthority: '',
  signerTitle: 'GIÁM ĐỐC',
  signerName: 'Trần Thị B',
  recipients: ['UBND tỉnh (để báo cáo)', 'Lưu: VT.'],
};

describe('settings: the organisation and a person’s title', () => {
  let t: TestApp;
  let admin: Agent;
  let analyst: Agent;
  beforeAll(async () => {
    t = await startFormTestApp();
    ({ agent: admin } = await signedInAgent(t, [{ role: 'admin' }]));
    ({ agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]));
  });
  afterAll(() => t.close());

  it('starts from the demo defaults, public and admin views alike', async () => {
    const pub = await t.request().get('/api/v1/public/organisation');
    expect(pub.status).toBe(200);
    expect(pub.body).toMatchObject({
      governingBody: 'UBND thành phố Hải Phòng',
      name: 'Sở Giáo dục và Đào tạo',
      place: 'Hải Phòng',
      logoUrl: null,
    });
    expect((await t.request().get('/api/v1/public/organisation/logo')).status).toBe(404);
    const own = await admin.get('/api/v1/settings/organisation');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ documentSymbol: 'BC-SGDĐT', logo: null, updatedAt: null });
  });

  it('only an admin changes it; field errors are 400 and change nothing', async () => {
    expect((await analyst.get('/api/v1/settings/organisation')).status).toBe(403);
    expect((await analyst.put('/api/v1/settings/organisation').send(VALID)).status).toBe(403);
    expect((await t.request().put('/api/v1/settings/organisation').send(VALID)).status).toBe(401);

    const bad = await admin
      .put('/api/v1/settings/organisation')
      .send({ ...VALID, name: '  ', documentSymbol: 'bc sgd', recipients: [] });
    expect(bad.status).toBe(400);
    const paths = (bad.body.error.fields as Array<{ path: string; message: string }>).map((f) => f.path).sort();
    expect(paths).toEqual(['body.documentSymbol', 'body.name', 'body.recipients']);
    expect(bad.body.error.fields.find((f: { path: string }) => f.path === 'body.name').message).toBe(
      'hãy nhập tên cơ quan',
    );
    const twoLines = await admin.put('/api/v1/settings/organisation').send({ ...VALID, place: 'Ninh\nBình' });
    expect(twoLines.status).toBe(400);

    const notPng = await admin
      .put('/api/v1/settings/organisation')
      .send({ ...VALID, logo: { mediaType: 'image/png', data: b64('<svg></svg>') } });
    expect([notPng.status, notPng.body.error.fields[0].path]).toEqual([400, 'body.logo.data']);
    const scripted = await admin.put('/api/v1/settings/organisation').send({
      ...VALID,
      logo: { mediaType: 'image/svg+xml', data: b64('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>') },
    });
    expect(scripted.status).toBe(400);
    const big = await admin
      .put('/api/v1/settings/organisation')
      .send({ ...VALID, logo: { mediaType: 'image/png', data: 'A'.repeat(300_000) } });
    expect(big.status).toBe(400);
    expect((await t.request().get('/api/v1/public/organisation')).body.place).toBe('Hải Phòng');
    const audit = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'settings.update').execute();
    expect(audit).toHaveLength(0);
  });

  it('saves, serves the logo, and records who changed what', async () => {
    const res = await admin.put('/api/v1/settings/organisation').send({
      ...VALID,
      logo: { mediaType: 'image/png', data: PNG_1x1 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ place: 'Ninh Bình', logo: { mediaType: 'image/png', bytes: 70 } });
    const pub = (await t.request().get('/api/v1/public/organisation')).body;
    expect(pub).toMatchObject({ governingBody: 'UBND tỉnh Ninh Bình', logoUrl: '/api/v1/public/organisation/logo' });
    const logo = await t.request().get('/api/v1/public/organisation/logo');
    expect(logo.status).toBe(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.headers['content-security-policy']).toContain("default-src 'none'");

    // Saving again without a logo keeps it; null removes it.
    await admin.put('/api/v1/settings/organisation').send({ ...VALID, signerName: 'Lê Văn C' });
    expect((await t.request().get('/api/v1/public/organisation/logo')).status).toBe(200);
    await admin.put('/api/v1/settings/organisation').send({ ...VALID, logo: null });
    expect((await t.request().get('/api/v1/public/organisation/logo')).status).toBe(404);

    const audit = await t.db
      .selectFrom('audit_log')
      .select(['details', 'target_id'])
      .where('action', '=', 'settings.update')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.target_id)).toEqual(['organisation', 'organisation', 'organisation']);
    expect(audit.map((a) => (a.details as { logo: unknown }).logo)).toEqual([
      { mediaType: 'image/png', bytes: 70 },
      'unchanged',
      'removed',
    ]);
    expect((audit[1]!.details as { signerName: string }).signerName).toBe('Lê Văn C');
  });

  it('everyone sets their own name and title, validated and audited', async () => {
    const me = await analyst.get('/api/v1/settings/profile');
    expect(me.status).toBe(200);
    expect(me.body.title).toBe('');
    const bad = await analyst.put('/api/v1/settings/profile').send({ displayName: '', title: 'x'.repeat(200) });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
      'body.displayName',
      'body.title',
    ]);
    const ok = await analyst
      .put('/api/v1/settings/profile')
      .send({ displayName: 'Phạm Thu Hà', title: 'Chuyên viên Văn phòng' });
    expect(ok.status).toBe(200);
    expect((await analyst.get('/api/v1/settings/profile')).body).toEqual({
      displayName: 'Phạm Thu Hà',
      title: 'Chuyên viên Văn phòng',
    });
    expect((await t.request().get('/api/v1/settings/profile')).status).toBe(401);
  });

  it('posters print the organisation from the settings', async () => {
    await admin.put('/api/v1/settings/organisation').send({ ...VALID, name: 'Sở Giáo dục và Đào tạo Thử Nghiệm' });
    const link = await t.db.selectFrom('links').select('code').orderBy('id').executeTakeFirstOrThrow();
    const res = await analyst
      .get(`/api/v1/links/${link.code}/poster.pdf`)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect((await pdfText(res.body as Buffer)).replace(/\s+/g, ' ')).toContain('Sở Giáo dục và Đào tạo Thử Nghiệm');
  });
});
