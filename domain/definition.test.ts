import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import {
  ZSurveyDefinition,
  findBreakingChanges,
  formatIssuePath,
  questionSignature,
  type TSurveyDefinition,
  type TSurveyDefinitionInput,
} from './definition';

const definitionsDir = path.resolve(import.meta.dirname, '..', 'survey-definitions');
const definitionFiles = readdirSync(definitionsDir)
  .filter((f) => f.endsWith('.json'))
  .sort();

function loadFile(file: string): unknown {
  return JSON.parse(readFileSync(path.join(definitionsDir, file), 'utf8'));
}

function parseFile(file: string): TSurveyDefinition {
  return ZSurveyDefinition.parse(loadFile(file));
}

/** Issues of a failed parse as "path: message" lines, for readable assertions. */
function issuesOf(input: unknown): string[] {
  const result = ZSurveyDefinition.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((i) => `${formatIssuePath(i.path)}: ${i.message}`);
}

/** A small valid definition; tests change one thing at a time. */
function minimal(overrides: Partial<TSurveyDefinitionInput> = {}): TSurveyDefinitionInput {
  return {
    slug: 'test-survey',
    kind: 'administrative',
    title: { vi: 'Khảo sát thử', en: 'Test survey' },
    audience: { vi: 'Người dân', en: 'Citizens' },
    target: 0.95,
    criteria: [
      { key: 'staff', title: { vi: 'Công chức' } },
      { key: 'overall', title: { vi: 'Đánh giá chung' } },
    ],
    questions: [
      { key: 'staff_attitude', criterion: 'staff', type: 'likert5', text: { vi: 'Thái độ của công chức' } },
      { key: 'overall_satisfaction', criterion: 'overall', type: 'likert5', text: { vi: 'Đánh giá chung' } },
    ],
    ...overrides,
  };
}

describe('survey-definitions/*.json', () => {
  it('contains the expected definition files', () => {
    expect(definitionFiles).toEqual(
      expect.arrayContaining([
        'tthc-services.json',
        'education-parents-mam-non.json',
        'education-parents-tieu-hoc.json',
        'education-parents-thcs.json',
        'education-parents-thpt.json',
        'policy-consultation-draft.json',
      ]),
    );
  });

  describe.each(definitionFiles)('%s', (file) => {
    it('parses with ZSurveyDefinition', () => {
      expect(issuesOf(loadFile(file))).toEqual([]);
    });

    it('has a slug equal to the file name', () => {
      expect(parseFile(file).slug).toBe(file.replace(/\.json$/, ''));
    });

    it('gives every text an English translation', () => {
      const def = parseFile(file);
      const texts = [
        def.title,
        def.audience,
        ...(def.description ? [def.description] : []),
        ...def.criteria.map((c) => c.title),
        ...def.questions.flatMap((q) => [
          q.text,
          ...(q.help ? [q.help] : []),
          ...(q.type === 'single_choice' ? q.options.map((o) => o.label) : []),
        ]),
      ];
      for (const text of texts) expect(text.en, `bản dịch cho "${text.vi}"`).toBeTruthy();
    });

    it('uses every criterion it declares', () => {
      const def = parseFile(file);
      const used = new Set(def.questions.map((q) => q.criterion));
      expect(def.criteria.map((c) => c.key).filter((k) => !used.has(k))).toEqual([]);
    });
  });

  it('sets the targets and kinds of the product plan', () => {
    const tthc = parseFile('tthc-services.json');
    expect(tthc.kind).toBe('administrative');
    expect(tthc.target).toBe(0.95);
    expect(tthc.criteria.map((c) => c.key)).toEqual(['access', 'procedure', 'staff', 'result', 'feedback', 'overall']);
    const consultation = parseFile('policy-consultation-draft.json');
    expect(consultation.kind).toBe('consultation');
    expect(consultation.target).toBe(0.9);
  });
});

describe('education parent surveys', () => {
  const levels = ['mam_non', 'tieu_hoc', 'thcs', 'thpt'] as const;
  const defs = levels.map((level) => ({
    level,
    def: parseFile(`education-parents-${level.replace('_', '-')}.json`),
  }));

  it('are one family, one file per level, with target 0.90', () => {
    for (const { level, def } of defs) {
      expect(def.kind).toBe('education');
      expect(def.level).toBe(level);
      expect(def.family).toBe('public-education-parents');
      expect(def.target).toBe(0.9);
      expect(def.criteria.map((c) => c.key)).toEqual([
        'access',
        'facilities',
        'environment',
        'activities',
        'outcomes',
        'overall',
      ]);
    }
  });

  it('give a key used at several levels the same signature and criterion everywhere', () => {
    const seen = new Map<string, { level: string; signature: string; criterion: string }>();
    let sharedOccurrences = 0;
    for (const { level, def } of defs) {
      for (const q of def.questions) {
        const current = { level, signature: questionSignature(q), criterion: q.criterion };
        const first = seen.get(q.key);
        if (!first) {
          seen.set(q.key, current);
          continue;
        }
        sharedOccurrences++;
        expect(`${q.key} at ${level}: ${current.signature} in ${current.criterion}`).toBe(
          `${q.key} at ${level}: ${first.signature} in ${first.criterion}`,
        );
      }
    }
    expect(sharedOccurrences).toBeGreaterThan(0);
  });

  it('share at least 8 question keys across all four levels', () => {
    const keySets = defs.map(({ def }) => new Set(def.questions.map((q) => q.key)));
    const [first, ...rest] = keySets;
    const sharedByAll = [...(first ?? [])].filter((k) => rest.every((s) => s.has(k)));
    expect(sharedByAll.length).toBeGreaterThanOrEqual(8);
    expect(sharedByAll).toEqual(
      expect.arrayContaining(['facilities_classroom', 'environment_safety', 'teachers_care', 'overall_satisfaction']),
    );
  });
});

describe('ZSurveyDefinition rules', () => {
  it('accepts the minimal definition and fills defaults', () => {
    const def = ZSurveyDefinition.parse(minimal());
    expect(def.minSecondsToComplete).toBe(20);
    expect(def.allowComment).toBe(true);
    expect(def.questions[0]).toMatchObject({ required: true, allowNotApplicable: false });
  });

  it('refuses a duplicate question key, naming it and its path', () => {
    const base = minimal();
    const issues = issuesOf({
      ...base,
      questions: [
        ...base.questions,
        { key: 'staff_attitude', criterion: 'staff', type: 'yes_no', text: { vi: 'Câu trùng mã' } },
      ],
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^questions\[2\]\.key: /);
    expect(issues[0]).toContain('"staff_attitude"');
  });

  it('refuses a question whose criterion is not declared', () => {
    const base = minimal();
    const issues = issuesOf({
      ...base,
      questions: [
        ...base.questions,
        { key: 'result_on_time', criterion: 'result', type: 'yes_no', text: { vi: 'Trả kết quả đúng hẹn?' } },
      ],
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^questions\[2\]\.criterion: /);
    expect(issues[0]).toContain('"result"');
  });

  it('refuses a single_choice question with a duplicate option', () => {
    const base = minimal();
    const issues = issuesOf({
      ...base,
      questions: [
        ...base.questions,
        {
          key: 'service_channel',
          criterion: 'staff',
          type: 'single_choice',
          text: { vi: 'Hình thức nộp hồ sơ' },
          options: [
            { value: 'truc_tiep', label: { vi: 'Trực tiếp' } },
            { value: 'truc_tuyen', label: { vi: 'Trực tuyến' } },
            { value: 'truc_tiep', label: { vi: 'Trực tiếp (lần nữa)' } },
          ],
        },
      ],
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^questions\[2\]\.options\[2\]\.value: /);
    expect(issues[0]).toContain('"truc_tiep"');
  });

  it('refuses an education survey without a level', () => {
    expect(issuesOf(minimal({ kind: 'education', target: 0.9 }))).toEqual([expect.stringMatching(/^level: .*cấp học/)]);
    expect(issuesOf(minimal({ kind: 'education', target: 0.9, level: 'thcs' }))).toEqual([]);
  });

  it('refuses a definition without any likert5 question', () => {
    const issues = issuesOf(
      minimal({
        criteria: [{ key: 'result', title: { vi: 'Kết quả' } }],
        questions: [{ key: 'result_on_time', criterion: 'result', type: 'yes_no', text: { vi: 'Đúng hẹn?' } }],
      }),
    );
    expect(issues).toEqual([expect.stringMatching(/^questions: .*likert5/)]);
  });

  it('refuses an unknown top-level field', () => {
    const result = ZSurveyDefinition.safeParse({ ...minimal(), targte: 0.9 });
    expect(result.success).toBe(false);
    expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', keys: ['targte'] })]);
  });

  it('refuses keys that are not snake_case', () => {
    const base = minimal();
    const issues = issuesOf({
      ...base,
      questions: [{ key: 'Staff-Attitude', criterion: 'staff', type: 'likert5', text: { vi: 'Thái độ' } }],
    });
    expect(issues).toEqual([expect.stringMatching(/^questions\[0\]\.key: /)]);
  });
});

describe('findBreakingChanges', () => {
  const v1 = ZSurveyDefinition.parse(
    minimal({
      questions: [
        { key: 'staff_attitude', criterion: 'staff', type: 'likert5', text: { vi: 'Thái độ của công chức' } },
        {
          key: 'service_channel',
          criterion: 'staff',
          type: 'single_choice',
          text: { vi: 'Hình thức nộp hồ sơ' },
          options: [
            { value: 'truc_tiep', label: { vi: 'Trực tiếp' } },
            { value: 'truc_tuyen', label: { vi: 'Trực tuyến' } },
          ],
        },
        { key: 'overall_satisfaction', criterion: 'overall', type: 'likert5', text: { vi: 'Đánh giá chung' } },
      ],
    }),
  );

  function next(questions: TSurveyDefinitionInput['questions']): TSurveyDefinition {
    return ZSurveyDefinition.parse(minimal({ questions }));
  }

  it('detects a type change and names the key', () => {
    const changes = findBreakingChanges(
      [v1],
      next([
        { key: 'staff_attitude', criterion: 'staff', type: 'yes_no', text: { vi: 'Công chức có lịch sự không?' } },
        { key: 'overall_satisfaction', criterion: 'overall', type: 'likert5', text: { vi: 'Đánh giá chung' } },
      ]),
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ key: 'staff_attitude', before: 'likert5', after: 'yes_no' });
    expect(changes[0]?.message).toContain('"staff_attitude"');
  });

  it('detects a change of the option set', () => {
    const changes = findBreakingChanges(
      [v1],
      next([
        {
          key: 'service_channel',
          criterion: 'staff',
          type: 'single_choice',
          text: { vi: 'Hình thức nộp hồ sơ' },
          options: [
            { value: 'truc_tiep', label: { vi: 'Trực tiếp' } },
            { value: 'truc_tuyen', label: { vi: 'Trực tuyến' } },
            { value: 'buu_chinh', label: { vi: 'Bưu chính công ích' } },
          ],
        },
        { key: 'overall_satisfaction', criterion: 'overall', type: 'likert5', text: { vi: 'Đánh giá chung' } },
      ]),
    );
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      key: 'service_channel',
      before: 'single_choice:truc_tiep,truc_tuyen',
      after: 'single_choice:buu_chinh,truc_tiep,truc_tuyen',
    });
    expect(changes[0]?.message).toContain('"service_channel"');
  });

  it('does not report a kept key with the same signature (reworded text, reordered options)', () => {
    const changes = findBreakingChanges(
      [v1],
      next([
        {
          key: 'staff_attitude',
          criterion: 'staff',
          type: 'likert5',
          allowNotApplicable: true,
          text: { vi: 'Thái độ giao tiếp của công chức khi tiếp nhận hồ sơ' },
        },
        {
          key: 'service_channel',
          criterion: 'staff',
          type: 'single_choice',
          text: { vi: 'Ông/Bà nộp hồ sơ bằng hình thức nào?' },
          options: [
            { value: 'truc_tuyen', label: { vi: 'Trực tuyến' } },
            { value: 'truc_tiep', label: { vi: 'Trực tiếp' } },
          ],
        },
        { key: 'overall_satisfaction', criterion: 'overall', type: 'likert5', text: { vi: 'Nhìn chung' } },
      ]),
    );
    expect(changes).toEqual([]);
  });

  it('does not report a new key', () => {
    const changes = findBreakingChanges(
      [v1],
      next([
        { key: 'staff_competence', criterion: 'staff', type: 'likert5', text: { vi: 'Năng lực của công chức' } },
        { key: 'staff_on_time', criterion: 'staff', type: 'yes_no', text: { vi: 'Có đúng hẹn không?' } },
        { key: 'overall_satisfaction', criterion: 'overall', type: 'likert5', text: { vi: 'Đánh giá chung' } },
      ]),
    );
    expect(changes).toEqual([]);
  });

  it('checks against every earlier version', () => {
    const v2 = next([
      { key: 'result_on_time', criterion: 'staff', type: 'yes_no', text: { vi: 'Có đúng hẹn không?' } },
      { key: 'overall_satisfaction', criterion: 'overall', type: 'likert5', text: { vi: 'Đánh giá chung' } },
    ]);
    const changes = findBreakingChanges(
      [v1, v2],
      next([
        { key: 'staff_attitude', criterion: 'staff', type: 'text', text: { vi: 'Nhận xét về công chức' } },
        { key: 'overall_satisfaction', criterion: 'overall', type: 'likert5', text: { vi: 'Đánh giá chung' } },
      ]),
    );
    expect(changes.map((c) => c.key)).toEqual(['staff_attitude']);
  });
});
