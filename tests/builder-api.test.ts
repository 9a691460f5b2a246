import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { nodeArgs } from './helpers/server-process.js';

const run = promisify(execFile);

/** A small valid survey as the builder would write it. */
export const builderSurvey = {
  slug: 'builder-test-survey',
  kind: 'consultation',
  title: { vi: 'Lấy ý kiến về giờ tiếp dân', en: 'Consultation on office hours' },
  audience: { vi: 'Người dân', en: 'Citizens' },
  target: 0.8,
  criteria: [{ key: 'access', title: { vi: 'Tiếp cận', en: 'Access' } }],
  questions: [
    {
      key: 'hours_ok',
      criterion: 'access',
      type: 'likert5',
      allowNotApplicable: true,
      text: { vi: 'Giờ tiếp dân thuận tiện', en: 'Office hours are convenient' },
    },
    {
      key: 'visit_kind',
      criterion: 'access',
      type: 'single_choice',
      text: { vi: 'Ông/Bà đến để làm gì?', en: 'Why did you come?' },
      options: [
        { value: 'file', label: { vi: 'Nộp hồ sơ', en: 'File an application' } },
        { value: 'ask', label: { vi: 'Hỏi thông tin', en: 'Ask for information' } },
      ],
    },
  ],
};

/** Survey drafts (#12.8): stored in the database, saved over the version read, published by the same path as files. */
describe('survey drafts API', () => {
  let t: TestApp;
  let admin: TestAgent;

  const versionsOf = async (slug: string) =>
    (
      await t.db
        .selectFrom('survey_versions as v')
        .innerJoin('surveys as s', 's.id', 'v.survey_id')
        .select('v.number')
        .where('s.slug', '=', slug)
        .execute()
    ).length;
  const stored = async (id: number) =>
    t.db.selectFrom('survey_drafts').select(['version', 'definition']).where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    t = await startTestApp();
    await publishDefinitions(t.db, await readDefinitionFiles());
    ({ agent: admin } = await signedInAgent(t));
  });
  afterAll(() => t?.close());

  it('creates an empty draft, saves it, refuses a stale save (409) and a malformed one (400) without storing either', async () => {
    const created = await admin.post('/api/v1/drafts').send({});
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    // Empty: kept, with what still keeps it from being published.
    expect(created.body.problems.map((p: { path: string }) => p.path)).toEqual(
      expect.arrayContaining(['slug', 'title.vi', 'questions[0].text.vi']),
    );
    const id = created.body.id as number;

    const saved = await admin.put(`/api/v1/drafts/${id}`).send({ version: 1, definition: builderSurvey });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ version: 2, slug: 'builder-test-survey', problems: [] });
    expect((await admin.get('/api/v1/drafts')).body.drafts[0]).toMatchObject({ id, title: builderSurvey.title.vi });

    // Someone else saved version 2 meanwhile: a save over version 1 is refused and changes nothing.
    const staleSave = await admin
      .put(`/api/v1/drafts/${id}`)
      .send({ version: 1, definition: { ...builderSurvey, title: { vi: 'Bản cũ' } } });
    expect(staleSave.status).toBe(409);
    expect(staleSave.body.code).toBe('stale_draft');
    expect(staleSave.body.fields[0].path).toBe('body.version');

    const malformed = await admin.put(`/api/v1/drafts/${id}`).send({
      version: 2,
      definition: { ...builderSurvey, questions: [{ ...builderSurvey.questions[0], type: 'bogus', text: 5 }] },
    });
    expect(malformed.status).toBe(400);
    const paths = malformed.body.fields.map((f: { path: string }) => f.path).join(' ');
    expect(paths).toMatch(/definition\.questions\.0\.type|definition\.questions\[0\]\.type/);
    expect(malformed.body.fields.every((f: { message: string }) => /[à-ỹ]/.test(f.message))).toBe(true);

    const row = await stored(id);
    expect(row.version).toBe(2);
    expect((row.definition as typeof builderSurvey).title.vi).toBe(builderSurvey.title.vi);
  });

  it('exports the draft as a file the CLI publishes, and the published version exports the same file', async () => {
    const id = (await admin.post('/api/v1/drafts').send({})).body.id as number;
    await admin.put(`/api/v1/drafts/${id}`).send({ version: 1, definition: { ...builderSurvey, slug: 'builder-cli' } });
    const review = await admin.get(`/api/v1/drafts/${id}/review`);
    expect(review.body).toMatchObject({ status: 'new_survey', problems: [], needsConfirmation: false });

    const file = await admin.get(`/api/v1/drafts/${id}/export`).buffer(true);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toContain('builder-cli.json');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hl-export-'));
    await writeFile(path.join(dir, 'builder-cli.json'), file.text);
    const cli = await run(process.execPath, [...nodeArgs('server/cli/publish-definitions.ts'), dir], {
      env: { ...process.env, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent' },
    });
    expect(cli.stdout).toMatch(/published\s+builder-cli v1/);

    const exported = await admin.get('/api/v1/surveys/builder-cli/versions/1/export').buffer(true);
    expect(exported.status).toBe(200);
    expect(exported.text).toBe(file.text);
    // Publishing the same draft again is the same content: unchanged, no new version.
    const again = await admin.post(`/api/v1/drafts/${id}/publish`).send({ version: 2 });
    expect(again.status).toBe(200);
    expect(again.body.outcome).toEqual({ slug: 'builder-cli', status: 'unchanged', number: 1 });
  }, 60_000);

  it('explains changes in words, needs confirmation for breaking ones, and refuses a kept key with a new meaning', async () => {
    const created = await admin.post('/api/v1/drafts').send({ from: 'tthc-services' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ baseSlug: 'tthc-services', baseVersion: 1, problems: [] });
    const id = created.body.id as number;
    const definition = created.body.definition as typeof builderSurvey;
    const removed = definition.questions.find((q) => q.type === 'likert5')!;
    const without = { ...definition, questions: definition.questions.filter((q) => q.key !== removed.key) };
    expect((await admin.put(`/api/v1/drafts/${id}`).send({ version: 1, definition: without })).status).toBe(200);

    const review = await admin.get(`/api/v1/drafts/${id}/review`);
    expect(review.body).toMatchObject({ status: 'new_version', currentVersion: 1, needsConfirmation: true });
    const note = review.body.changes.find((c: { key: string }) => c.key === removed.key);
    expect(note.vi).toContain('bị xoá: số liệu các kỳ trước không còn so sánh được');

    const unconfirmed = await admin.post(`/api/v1/drafts/${id}/publish`).send({ version: 2 });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.code).toBe('confirmation_required');
    expect(await versionsOf('tthc-services')).toBe(1);

    const stalePublish = await admin.post(`/api/v1/drafts/${id}/publish`).send({ version: 1, confirmBreaking: true });
    expect(stalePublish.status).toBe(409);
    expect(stalePublish.body.code).toBe('stale_draft');

    const confirmed = await admin.post(`/api/v1/drafts/${id}/publish`).send({ version: 2, confirmBreaking: true });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.outcome).toEqual({ slug: 'tthc-services', status: 'published', number: 2 });
    expect(confirmed.body.draft.publishedVersion).toBe(2);

    // The removed key comes back as yes/no: same key, another meaning. Refused whatever is confirmed.
    const changedType = {
      ...without,
      questions: [
        ...without.questions,
        { key: removed.key, criterion: removed.criterion, type: 'yes_no', text: removed.text },
      ],
    };
    expect((await admin.put(`/api/v1/drafts/${id}`).send({ version: 2, definition: changedType })).status).toBe(200);
    expect((await admin.get(`/api/v1/drafts/${id}/review`)).body.status).toBe('refused');
    const refused = await admin.post(`/api/v1/drafts/${id}/publish`).send({ version: 3, confirmBreaking: true });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('breaking_change');
    expect(await versionsOf('tthc-services')).toBe(2);
  });

  it('refuses to publish or export an incomplete draft, naming each field', async () => {
    const id = (await admin.post('/api/v1/drafts').send({})).body.id as number;
    const publish = await admin.post(`/api/v1/drafts/${id}/publish`).send({ version: 1 });
    expect(publish.status).toBe(400);
    expect(publish.body.fields.map((f: { path: string }) => f.path)).toContain('definition.title.vi');
    expect((await admin.get(`/api/v1/drafts/${id}/export`)).status).toBe(400);
    expect((await admin.post('/api/v1/drafts').send({ from: 'no-such-survey' })).status).toBe(404);
    expect((await admin.delete(`/api/v1/drafts/${id}`)).status).toBe(204);
    expect((await admin.get(`/api/v1/drafts/${id}`)).status).toBe(404);
    // The routes' schemas make a valid OpenAPI document.
    const docs = await t.request().get('/api/docs/json');
    expect(docs.status).toBe(200);
    expect(Object.keys(docs.body.paths)).toEqual(expect.arrayContaining(['/api/v1/drafts/{id}/publish']));
  });
});
