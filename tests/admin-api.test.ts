import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinitionInput } from '../domain/definition.js';
import { DEFINITIONS_DIR, publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { importUnits } from '../server/units/import.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';

type Agent = Awaited<ReturnType<typeof signedInAgent>>['agent'];

const HEADER = 'code,name,kind,level,parent_code,ward,enrolment';
const UNITS_CSV = [
  HEADER,
  'SO,Sở Giáo dục và Đào tạo,department,,,,',
  'KV1,Cụm trường Khu vực 1,other,,SO,,',
  'THCS-A,Trường THCS A,school,thcs,KV1,Phường 1,800',
  'TH-A,Trường Tiểu học A,school,tieu_hoc,KV1,Phường 1,600',
  'THCS-B,Trường THCS B,school,thcs,SO,Phường 2,700',
].join('\n');

const codes = (res: { body: { units: Array<{ code: string }> } }) => res.body.units.map((u) => u.code).sort();

describe('admin API', () => {
  let t: TestApp;
  let admin: Agent;
  let analyst: Agent;
  let manager: Agent;
  let adminEmail: string;
  let tthc: TSurveyDefinitionInput;
  beforeAll(async () => {
    t = await startTestApp();
    await importUnits(t.db, UNITS_CSV);
    await publishDefinitions(t.db, await readDefinitionFiles());
    tthc = JSON.parse(await readFile(path.join(DEFINITIONS_DIR, 'tthc-services.json'), 'utf8'));
    const kv1 = await t.db.selectFrom('units').select('id').where('code', '=', 'KV1').executeTakeFirstOrThrow();
    let adminUser;
    ({ agent: admin, user: adminUser } = await signedInAgent(t, [{ role: 'admin' }]));
    adminEmail = adminUser.email;
    ({ agent: analyst } = await signedInAgent(t, [{ role: 'analyst' }]));
    ({ agent: manager } = await signedInAgent(t, [{ role: 'unit_manager', unitId: kv1.id }]));
  });
  afterAll(() => t.close());

  describe('units', () => {
    it('shows a unit manager only their units and sub-units, by list, by filter and by code', async () => {
      expect(codes(await admin.get('/api/v1/units'))).toEqual(['KV1', 'SO', 'TH-A', 'THCS-A', 'THCS-B']);
      expect(codes(await manager.get('/api/v1/units'))).toEqual(['KV1', 'TH-A', 'THCS-A']);
      expect(codes(await manager.get('/api/v1/units?level=thcs'))).toEqual(['THCS-A']);
      expect(codes(await manager.get('/api/v1/units?q=thcs'))).toEqual(['THCS-A']);
      expect(codes(await manager.get('/api/v1/units?parent=KV1'))).toEqual(['TH-A', 'THCS-A']);
      expect((await manager.get('/api/v1/units?parent=SO')).status).toBe(404);
      expect((await manager.get('/api/v1/units?parent=THCS-B')).status).toBe(404);
      expect((await manager.get('/api/v1/units/THCS-A')).body.unit).toMatchObject({
        code: 'THCS-A',
        parentCode: 'KV1',
      });
      expect((await manager.get('/api/v1/units/THCS-B')).status).toBe(404);
      expect((await manager.get('/api/v1/units/NO-SUCH')).status).toBe(404);
      expect((await analyst.get('/api/v1/units/THCS-B')).status).toBe(200);
    });

    it('lets an administrator edit a unit, audited with what changed', async () => {
      const res = await admin
        .patch('/api/v1/units/THCS-B')
        .send({ name: 'Trường THCS B (mới)', enrolment: 750, parentCode: 'KV1' });
      expect(res.status).toBe(200);
      expect(res.body.unit).toMatchObject({
        code: 'THCS-B',
        name: 'Trường THCS B (mới)',
        enrolment: 750,
        parentCode: 'KV1',
      });
      // The manager of KV1 now sees it.
      expect(codes(await manager.get('/api/v1/units'))).toContain('THCS-B');
      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'units.update')
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ target_type: 'unit', target_id: 'THCS-B', actor_label: adminEmail });
      expect(audit.details).toEqual({
        name: { before: 'Trường THCS B', after: 'Trường THCS B (mới)' },
        enrolment: { before: 700, after: 750 },
        parentCode: { before: 'SO', after: 'KV1' },
      });
    });

    it('refuses a bad edit with field errors and changes nothing', async () => {
      const before = await t.db.selectFrom('units').selectAll().orderBy('id').execute();
      const bad = await admin.patch('/api/v1/units/THCS-A').send({ kind: 'planet', enrolment: -1 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
        'body.enrolment',
        'body.kind',
      ]);
      const noLevel = await admin.patch('/api/v1/units/THCS-A').send({ level: null });
      expect(noLevel.body.error.fields).toEqual([{ path: 'body.level', message: 'trường học cần cấp học' }]);
      const cycle = await admin.patch('/api/v1/units/KV1').send({ parentCode: 'THCS-A' });
      expect(cycle.status).toBe(400);
      expect(cycle.body.error.fields[0].path).toBe('body.parentCode');
      const self = await admin.patch('/api/v1/units/KV1').send({ parentCode: 'KV1' });
      expect(self.status).toBe(400);
      const orphan = await admin.patch('/api/v1/units/KV1').send({ parentCode: 'NO-SUCH' });
      expect(orphan.body.error.fields[0].message).toMatch(/không tìm thấy/);
      expect((await admin.patch('/api/v1/units/KV1').send({ code: 'NEW' })).status).toBe(400);
      expect((await admin.patch('/api/v1/units/NO-SUCH').send({ name: 'X' })).status).toBe(404);
      expect((await manager.patch('/api/v1/units/THCS-A').send({ name: 'X' })).status).toBe(403);
      expect((await analyst.patch('/api/v1/units/THCS-A').send({ name: 'X' })).status).toBe(403);
      expect(await t.db.selectFrom('units').selectAll().orderBy('id').execute()).toEqual(before);
    });

    it('imports a CSV sent as text/csv or as JSON, audited', async () => {
      const res = await admin
        .post('/api/v1/units/import')
        .set('content-type', 'text/csv; charset=utf-8')
        .send(`${HEADER}\nMN-C,Trường Mầm non C,school,mam_non,KV1,Phường 3,300\nSO,Sở GD&ĐT,department,,,,\n`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ inserted: 1, updated: 1 });
      const json = await admin
        .post('/api/v1/units/import')
        .send({ csv: `${HEADER}\nMN-D,Trường Mầm non D,school,mam_non,SO,,` });
      expect(json.body).toEqual({ inserted: 1, updated: 0 });
      const entries = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'units.import').execute();
      expect(entries.map((e) => e.details)).toEqual([
        expect.objectContaining({ inserted: 1, updated: 1 }),
        expect.objectContaining({ inserted: 1, updated: 0 }),
      ]);
    });

    it('imports nothing from a file with any bad row and reports each as line, column and reason', async () => {
      const before = await t.db.selectFrom('units').selectAll().orderBy('id').execute();
      const csv = [
        HEADER,
        'OK-1,Trường Tốt,school,thcs,SO,,100',
        'BAD-1,Trường Lỗi,school,dai_hoc,SO,,100',
        'BAD-2,,office,,SO,,',
        'BAD-3,Mồ côi,office,,NO-PARENT,,',
      ].join('\n');
      const res = await admin.post('/api/v1/units/import').set('content-type', 'text/csv').send(csv);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('import_refused');
      expect(res.body.error.fields).toEqual(
        expect.arrayContaining([
          { path: 'csv.3.level', message: expect.stringMatching(/cấp học/) },
          { path: 'csv.4.name', message: 'cần tên đơn vị' },
        ]),
      );
      const parent = await admin
        .post('/api/v1/units/import')
        .send({ csv: `${HEADER}\nBAD-3,Mồ côi,office,,NO-PARENT,,` });
      expect(parent.body.error.fields).toEqual([
        { path: 'csv.2.parent_code', message: 'không tìm thấy đơn vị cấp trên "NO-PARENT"' },
      ]);
      expect((await admin.post('/api/v1/units/import').send({ csv: '' })).status).toBe(400);
      expect((await admin.post('/api/v1/units/import').send({ file: 'x' })).status).toBe(400);
      expect((await manager.post('/api/v1/units/import').send({ csv })).status).toBe(403);
      expect(await t.db.selectFrom('units').selectAll().orderBy('id').execute()).toEqual(before);
    });
  });

  describe('survey definitions', () => {
    const draft = (change: (d: TSurveyDefinitionInput) => void = () => {}) => {
      const d = structuredClone(tthc);
      change(d);
      return { fileName: 'tthc-services.json', definition: d };
    };
    const addQuestion = (d: TSurveyDefinitionInput) => {
      d.questions.splice(1, 0, {
        key: 'access_parking',
        criterion: 'access',
        type: 'likert5',
        text: { vi: 'Chỗ để xe thuận tiện' },
      });
    };
    const breakType = (d: TSurveyDefinitionInput) => {
      const q = d.questions.find((x) => x.key === 'result_on_time')!;
      Object.assign(q, { type: 'likert5' });
    };

    it('returns a published version and diffs two versions', async () => {
      const res = await analyst.get('/api/v1/surveys/tthc-services/versions/1');
      expect(res.status).toBe(200);
      expect(res.body.version).toMatchObject({ number: 1, sourceFile: 'tthc-services.json' });
      expect(res.body.definition.slug).toBe('tthc-services');
      expect((await analyst.get('/api/v1/surveys/tthc-services/versions/9')).status).toBe(404);
      expect((await analyst.get('/api/v1/surveys/no-such/versions/1')).status).toBe(404);
      expect((await analyst.get('/api/v1/surveys/tthc-services/versions/x')).status).toBe(400);
      const diff = await manager.get('/api/v1/surveys/tthc-services/diff?from=1&to=1');
      expect(diff.status).toBe(200);
      expect(diff.body.diff.identical).toBe(true);
      expect((await analyst.get('/api/v1/surveys/tthc-services/diff?from=1')).status).toBe(400);
      expect((await analyst.get('/api/v1/surveys/tthc-services/diff?from=1&to=2')).status).toBe(404);
    });

    it('validates a draft: problems, breaking changes in words, and the diff against the current version', async () => {
      const invalid = await admin.post('/api/v1/definitions/validate').send(
        draft((d) => {
          d.target = 2;
          d.questions[1]!.criterion = 'nowhere';
        }),
      );
      expect(invalid.status).toBe(200);
      expect(invalid.body).toMatchObject({ status: 'invalid', publishable: false, slug: 'tthc-services' });
      expect(invalid.body.problems.map((p: { path: string }) => p.path).sort()).toEqual([
        'questions[1].criterion',
        'target',
      ]);

      const unchanged = await admin.post('/api/v1/definitions/validate').send(draft());
      expect(unchanged.body).toMatchObject({ status: 'unchanged', publishable: false, currentVersion: 1 });
      expect(unchanged.body.diff.identical).toBe(true);

      const added = await admin.post('/api/v1/definitions/validate').send(draft(addQuestion));
      expect(added.body).toMatchObject({ status: 'new_version', publishable: true, currentVersion: 1, nextVersion: 2 });
      expect(added.body.diff.questions.added.map((q: { key: string }) => q.key)).toEqual(['access_parking']);
      // Defaults filled in, as the form will read it.
      expect(added.body.definition.questions[1]).toMatchObject({ key: 'access_parking', required: true });

      const breaking = await admin.post('/api/v1/definitions/validate').send(draft(breakType));
      expect(breaking.body).toMatchObject({ status: 'refused', publishable: false });
      expect(breaking.body.breakingChanges).toEqual([
        {
          key: 'result_on_time',
          path: expect.stringMatching(/^questions\[\d+\]$/),
          message: expect.stringMatching(/đổi loại từ có\/không sang thang 5 mức; hãy dùng mã câu hỏi mới/),
        },
      ]);
      expect(breaking.body.diff.questions.changed[0]).toMatchObject({ key: 'result_on_time', breaking: true });

      const fresh = await admin
        .post('/api/v1/definitions/validate')
        .send({ fileName: 'new.json', definition: { ...draft().definition, slug: 'tthc-moi' } });
      expect(fresh.body).toMatchObject({ status: 'new_survey', publishable: true, nextVersion: 1, diff: null });
      // Validation writes nothing.
      expect(await t.db.selectFrom('surveys').select('slug').where('slug', '=', 'tthc-moi').execute()).toEqual([]);
      expect(
        (await admin.post('/api/v1/definitions/validate').send({ fileName: '../x.json', definition: {} })).status,
      ).toBe(400);
      expect(
        (await admin.post('/api/v1/definitions/validate').send({ fileName: 'x.json', definition: [] })).status,
      ).toBe(400);
      expect((await analyst.post('/api/v1/definitions/validate').send(draft())).status).toBe(403);
    });

    it('publishes a draft, refusing a breaking change with 409 explained in words, audited', async () => {
      const invalid = await admin.post('/api/v1/definitions/publish').send(draft((d) => (d.target = 2)));
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.fields).toEqual([{ path: 'body.definition.target', message: expect.any(String) }]);

      const refused = await admin.post('/api/v1/definitions/publish').send(draft(breakType));
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('breaking_change');
      expect(refused.body.error.message).toMatch(/đổi ý nghĩa/);
      expect(refused.body.error.fields).toEqual([
        {
          path: expect.stringMatching(/^body\.definition\.questions\[\d+\]$/),
          message: expect.stringMatching(/result_on_time/),
        },
      ]);

      const published = await admin.post('/api/v1/definitions/publish').send(draft(addQuestion));
      expect(published.status).toBe(201);
      expect(published.body.outcome).toEqual({ slug: 'tthc-services', status: 'published', number: 2 });
      const again = await admin.post('/api/v1/definitions/publish').send(draft(addQuestion));
      expect(again.status).toBe(200);
      expect(again.body.outcome.status).toBe('unchanged');

      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'definitions.publish')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ target_id: 'tthc-services', actor_label: adminEmail, details: { version: 2 } });
      const version = await t.db
        .selectFrom('survey_versions')
        .select(['published_by', 'source_file'])
        .where('number', '=', 2)
        .executeTakeFirstOrThrow();
      expect(version).toEqual({ published_by: adminEmail, source_file: 'tthc-services.json' });

      const diff = await analyst.get('/api/v1/surveys/tthc-services/diff?from=1&to=2');
      expect(diff.body.diff.questions.added.map((q: { key: string }) => q.key)).toEqual(['access_parking']);
      expect((await analyst.post('/api/v1/definitions/publish').send(draft())).status).toBe(403);
      expect((await manager.post('/api/v1/definitions/publish').send(draft())).status).toBe(403);
    });
  });

  describe('audit log', () => {
    it('lists entries newest first, filtered and paged, for administrators only', async () => {
      const all = await admin.get('/api/v1/audit');
      expect(all.status).toBe(200);
      expect(all.body).toMatchObject({ page: 1, pageSize: 50 });
      expect(all.body.total).toBeGreaterThanOrEqual(4);
      const times = all.body.entries.map((e: { at: string }) => Date.parse(e.at));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(all.body.actions).toEqual(expect.arrayContaining(['definitions.publish', 'units.import', 'units.update']));

      const imports = await admin.get('/api/v1/audit?action=units.import');
      expect(imports.body.entries.map((e: { action: string }) => e.action)).toEqual(['units.import', 'units.import']);
      const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
      expect((await admin.get(`/api/v1/audit?from=${today}&to=${today}`)).body.total).toBe(all.body.total);
      expect((await admin.get('/api/v1/audit?to=2020-01-01')).body.entries).toEqual([]);
      // Other people's sign-ins are audited too, so the admin's own entries are a subset.
      const adminId = ((await admin.get('/api/v1/auth/me')).body as { user: { id: number } }).user.id;
      const own = (all.body.entries as Array<{ actorId: number | null }>).filter((e) => e.actorId === adminId).length;
      expect(own).toBeGreaterThan(0);
      expect((await admin.get(`/api/v1/audit?actor=${encodeURIComponent(adminEmail)}`)).body.total).toBe(own);
      expect((await admin.get('/api/v1/audit?page=2')).body.entries).toEqual([]);

      const bad = await admin.get('/api/v1/audit?from=yesterday&page=0');
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { path: string }) => f.path).sort()).toEqual([
        'querystring.from',
        'querystring.page',
      ]);
      expect((await admin.get('/api/v1/audit?from=2026-02-01&to=2026-01-01')).status).toBe(400);
      expect((await analyst.get('/api/v1/audit')).status).toBe(403);
      expect((await manager.get('/api/v1/audit')).status).toBe(403);
    });
  });
});
