import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { TSurveyDefinition, TSurveyDefinitionInput } from '../domain/definition.js';
import { diffDefinitions } from '../domain/definition-diff.js';
import {
  DEFINITIONS_DIR,
  publishDefinitions,
  PublishError,
  readDefinitionFiles,
  type DefinitionFile,
} from '../server/definitions/publish.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';

const base: TSurveyDefinitionInput = {
  slug: 'test-survey',
  kind: 'administrative',
  title: { vi: 'Khảo sát thử' },
  audience: { vi: 'Người dân' },
  target: 0.95,
  criteria: [{ key: 'staff', title: { vi: 'Công chức' } }],
  questions: [
    { key: 'staff_attitude', criterion: 'staff', type: 'likert5', text: { vi: 'Thái độ của công chức' } },
    { key: 'fee_as_posted', criterion: 'staff', type: 'yes_no', text: { vi: 'Phí đúng niêm yết?' } },
  ],
};
const file = (def: unknown, name = 'test-survey.json'): DefinitionFile => ({
  file: name,
  text: JSON.stringify(def, null, 2),
});

async function versionCount(t: TestDatabase) {
  const r = await t.db
    .selectFrom('survey_versions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(r?.n);
}

describe('publishing survey definitions', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    await t?.drop();
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('publishes every shipped definition as v1, and a second run is a no-op', async () => {
    const files = await readDefinitionFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    const first = await publishDefinitions(t.db, files);
    expect(first.every((o) => o.status === 'published' && o.number === 1)).toBe(true);
    const second = await publishDefinitions(t.db, files);
    expect(second.every((o) => o.status === 'unchanged' && o.number === 1)).toBe(true);
    expect(await versionCount(t)).toBe(files.length);
    const tthc = await t.db
      .selectFrom('surveys')
      .selectAll()
      .where('slug', '=', 'tthc-services')
      .executeTakeFirstOrThrow();
    expect(tthc.target).toBe(0.95);
    const edu = await t.db.selectFrom('surveys').selectAll().where('family', '=', 'public-education-parents').execute();
    expect(edu.map((s) => s.level).sort()).toEqual(['mam_non', 'thcs', 'thpt', 'tieu_hoc']);
    expect(edu.every((s) => s.target === 0.9)).toBe(true);
  });

  it('treats reformatting as identical content, and a real change as a new version with its hash', async () => {
    const [v1] = await publishDefinitions(t.db, [file(base)]);
    const { questions, ...rest } = base;
    const reordered = { questions, ...rest };
    const [same] = await publishDefinitions(t.db, [{ file: 'test-survey.json', text: JSON.stringify(reordered) }]);
    expect(same).toMatchObject({ status: 'unchanged', number: 1, contentHash: v1!.contentHash });

    const changed = { ...base, title: { vi: 'Khảo sát thử (sửa đổi)' } };
    const [v2] = await publishDefinitions(t.db, [file(changed)]);
    expect(v2).toMatchObject({ status: 'published', number: 2 });
    expect(v2!.contentHash).not.toBe(v1!.contentHash);
    const versions = await t.db
      .selectFrom('survey_versions')
      .select(['number', 'content_hash'])
      .orderBy('number')
      .execute();
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
  });

  it('refuses a version that changes a kept key’s type, naming the file and key, and publishes nothing', async () => {
    await publishDefinitions(t.db, [file(base)]);
    const breaking = {
      ...base,
      questions: [base.questions[0], { ...base.questions[1], type: 'likert5' }],
    };
    const other = { ...base, slug: 'other-survey' };
    const attempt = publishDefinitions(t.db, [file(other, 'other-survey.json'), file(breaking)]);
    await expect(attempt).rejects.toBeInstanceOf(PublishError);
    const err = (await attempt.catch((e) => e)) as PublishError;
    expect(err.problems).toEqual([
      expect.objectContaining({ file: 'test-survey.json', key: 'fee_as_posted', path: 'questions[1]' }),
    ]);
    expect(err.message).toMatch(/test-survey\.json/);
    expect(err.message).toMatch(/fee_as_posted/);
    expect(err.problems[0]!.message).toMatch(/có\/không sang thang 5 mức/);
    // The other, valid file in the same run was not published either.
    expect(await versionCount(t)).toBe(1);
  });

  it('refuses a changed option set of a single-choice question', async () => {
    const withChoice = {
      ...base,
      questions: [
        ...base.questions,
        {
          key: 'channel',
          criterion: 'staff',
          type: 'single_choice',
          text: { vi: 'Hình thức' },
          options: [
            { value: 'direct', label: { vi: 'Trực tiếp' } },
            { value: 'online', label: { vi: 'Trực tuyến' } },
          ],
        },
      ],
    };
    await publishDefinitions(t.db, [file(withChoice)]);
    const changed = structuredClone(withChoice);
    (changed.questions[2] as { options: Array<{ value: string; label: { vi: string } }> }).options[1] = {
      value: 'postal',
      label: { vi: 'Bưu chính' },
    };
    await expect(publishDefinitions(t.db, [file(changed)])).rejects.toThrow(/channel/);
    // Removing a question or adding a new key is not a breaking change.
    const added = { ...withChoice, questions: [...base.questions, { ...base.questions[0], key: 'staff_skill' }] };
    await expect(publishDefinitions(t.db, [file(added)])).resolves.toMatchObject([{ status: 'published', number: 2 }]);
  });

  it('refuses a key that means something else in another survey of the same family', async () => {
    const a = { ...base, slug: 'family-a', family: 'fam' };
    const b = {
      ...base,
      slug: 'family-b',
      family: 'fam',
      questions: [base.questions[0], { ...base.questions[1], type: 'text' }],
    };
    await publishDefinitions(t.db, [file(a, 'family-a.json')]);
    await expect(publishDefinitions(t.db, [file(b, 'family-b.json')])).rejects.toThrow(/fee_as_posted/);
  });

  it('refuses an invalid file with file, path and reason, and publishes none of the others', async () => {
    const invalid = {
      ...base,
      slug: 'broken',
      questions: [
        { ...base.questions[0], criterion: 'nowhere' },
        { ...base.questions[1], key: 'Bad Key' },
      ],
    };
    const attempt = publishDefinitions(t.db, [file(base), file(invalid, 'broken.json'), { file: 'x.json', text: '{' }]);
    const err = (await attempt.catch((e) => e)) as PublishError;
    expect(err).toBeInstanceOf(PublishError);
    expect(err.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: 'broken.json', path: 'questions[0].criterion' }),
        expect.objectContaining({ file: 'broken.json', path: 'questions[1].key' }),
        expect.objectContaining({ file: 'x.json', path: '', message: expect.stringMatching(/JSON/) }),
      ]),
    );
    expect(await versionCount(t)).toBe(0);
  });

  it('keeps published versions immutable in the database', async () => {
    await publishDefinitions(t.db, [file(base)]);
    await expect(
      t.db
        .updateTable('survey_versions')
        .set({ definition: JSON.stringify({ tampered: true }) })
        .execute(),
    ).rejects.toThrow(/immutable/);
  });

  it('reads the shipped files from survey-definitions/', async () => {
    const text = await readFile(path.join(DEFINITIONS_DIR, 'tthc-services.json'), 'utf8');
    expect(JSON.parse(text).slug).toBe('tthc-services');
  });

  it('publishes the wording fixes of 2025 as new versions of the earlier wording, with no breaking change', async () => {
    const shipped = await readDefinitionFiles();
    const current = new Map(shipped.map((f) => [JSON.parse(f.text).slug as string, JSON.parse(f.text)]));
    // The earlier wording, as version 1 had it.
    const earlier = structuredClone(Object.fromEntries(current)) as Record<string, TSurveyDefinitionInput>;
    const question = (slug: string, key: string) => earlier[slug]!.questions.find((q) => q.key === key)!;
    for (const slug of ['education-parents-thcs', 'education-parents-thpt']) {
      question(slug, 'facilities_sanitation').text.vi = 'Khu vệ sinh và nước uống cho các con: đủ, sạch sẽ, an toàn';
      question(slug, 'environment_relationships').text.vi =
        'Sự thân thiện, tôn trọng, yêu thương trong quan hệ giữa thầy cô, nhân viên nhà trường và các con';
    }
    question('education-parents-mam-non', 'facilities_playground').text.vi =
      'Sân chơi, bãi tập và khu vui chơi, rèn luyện thể chất của nhà trường';
    question('education-parents-thpt', 'career_guidance').text.vi =
      'Hoạt động tư vấn hướng nghiệp, chọn môn học lựa chọn và chọn ngành nghề sau trung học phổ thông';
    for (const def of Object.values(earlier)) {
      def.questions = def.questions.filter(
        (q) => !['access_contributions_reasonable', 'staff_integrity'].includes(q.key),
      );
    }
    await publishDefinitions(
      t.db,
      Object.values(earlier).map((d) => file(d, `${d.slug}.json`)),
    );

    const outcomes = await publishDefinitions(t.db, shipped);
    const byOutcome = Object.fromEntries(outcomes.map((o) => [o.slug, `${o.status} v${o.number}`]));
    expect(byOutcome).toMatchObject({
      'education-parents-mam-non': 'published v2',
      'education-parents-tieu-hoc': 'published v2',
      'education-parents-thcs': 'published v2',
      'education-parents-thpt': 'published v2',
      'tthc-services': 'published v2',
      'policy-consultation-draft': 'unchanged v1',
    });
    const versions = await t.db
      .selectFrom('survey_versions as v')
      .innerJoin('surveys as s', 's.id', 'v.survey_id')
      .select(['s.slug', 'v.number', 'v.definition'])
      .execute();
    const version = (slug: string, n: number) =>
      versions.find((v) => v.slug === slug && v.number === n)!.definition as TSurveyDefinition;
    const diff = (slug: string) => diffDefinitions(version(slug, 1), version(slug, 2));
    const texts = (slug: string) => Object.fromEntries(version(slug, 2).questions.map((q) => [q.key, q.text.vi]));

    for (const slug of ['education-parents-thcs', 'education-parents-thpt']) {
      expect(diff(slug).breaking).toEqual([]);
      expect(diff(slug).questions.changed.map((q) => q.key)).toEqual(
        expect.arrayContaining(['facilities_sanitation', 'environment_relationships']),
      );
      expect(texts(slug).facilities_sanitation).toContain('học sinh');
      expect(texts(slug).environment_relationships).toMatch(/và học sinh$/);
      expect(Object.values(texts(slug)).join(' ')).not.toMatch(/các con/);
    }
    expect(texts('education-parents-mam-non').facilities_playground).not.toMatch(/bãi tập/);
    expect(texts('education-parents-thpt').career_guidance?.match(/lựa chọn/g)).toBeNull();
    expect(texts('education-parents-thpt').career_guidance?.match(/chọn/g)).toHaveLength(1);
    for (const slug of ['education-parents-mam-non', 'education-parents-tieu-hoc', 'education-parents-thcs']) {
      expect(diff(slug).questions.added.map((q) => q.key)).toEqual(['access_contributions_reasonable']);
      expect(texts(slug).access_contributions_reasonable).toMatch(/khoản đóng góp/i);
    }
    expect(diff('tthc-services').questions.added).toEqual([
      expect.objectContaining({ key: 'staff_integrity', criterion: 'staff', type: 'likert5' }),
    ]);
    expect(texts('tthc-services').staff_integrity).toMatch(/nhũng nhiễu.*phiền hà.*tiêu cực/);
    expect(diff('tthc-services').breaking).toEqual([]);
  });
});
