import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZSurveyDefinition, type TSurveyDefinition, type TSurveyDefinitionInput } from './definition.js';
import { compareFields, diffDefinitions } from './definition-diff.js';

function base(): TSurveyDefinitionInput {
  return {
    slug: 'test-survey',
    kind: 'administrative',
    title: { vi: 'Khảo sát thử', en: 'Test survey' },
    audience: { vi: 'Người dân' },
    target: 0.95,
    criteria: [
      { key: 'access', title: { vi: 'Tiếp cận' } },
      { key: 'staff', title: { vi: 'Công chức' } },
    ],
    questions: [
      { key: 'easy_to_find', criterion: 'access', type: 'likert5', text: { vi: 'Dễ tìm thông tin?' } },
      { key: 'courtesy', criterion: 'staff', type: 'likert5', text: { vi: 'Công chức lịch sự?' } },
      { key: 'fee_posted', criterion: 'access', type: 'yes_no', text: { vi: 'Phí đúng niêm yết?' } },
      {
        key: 'channel',
        criterion: 'access',
        type: 'single_choice',
        text: { vi: 'Ông/Bà biết đến dịch vụ qua đâu?' },
        options: [
          { value: 'web', label: { vi: 'Trang web' } },
          { value: 'friend', label: { vi: 'Người quen' } },
        ],
      },
    ],
  };
}

function parse(input: TSurveyDefinitionInput): TSurveyDefinition {
  return ZSurveyDefinition.parse(input);
}

/** A copy of the base definition changed by fn. */
function changed(fn: (d: TSurveyDefinitionInput) => void): TSurveyDefinition {
  const d = structuredClone(base());
  fn(d);
  return parse(d);
}

describe('diffDefinitions', () => {
  it('finds nothing between a definition and itself, whatever the key order', () => {
    const a = parse(base());
    const reordered = JSON.parse(JSON.stringify(a, Object.keys(a).reverse())) as TSurveyDefinition;
    const diff = diffDefinitions(a, { ...reordered, ...a });
    expect(diff.identical).toBe(true);
    expect(diff.survey).toEqual([]);
    expect(diff.questions).toEqual({ added: [], removed: [], changed: [], reordered: false });
    expect(diff.breaking).toEqual([]);
  });

  it('lists added and removed questions and criteria', () => {
    const to = changed((d) => {
      d.criteria.push({ key: 'result', title: { vi: 'Kết quả' } });
      d.questions = d.questions.filter((q) => q.key !== 'fee_posted');
      d.questions.push({ key: 'on_time', criterion: 'result', type: 'likert5', text: { vi: 'Đúng hẹn?' } });
    });
    const diff = diffDefinitions(parse(base()), to);
    expect(diff.identical).toBe(false);
    expect(diff.criteria.added.map((c) => c.key)).toEqual(['result']);
    expect(diff.criteria.removed).toEqual([]);
    expect(diff.questions.added).toEqual([
      { key: 'on_time', type: 'likert5', criterion: 'result', text: { vi: 'Đúng hẹn?' } },
    ]);
    expect(diff.questions.removed.map((q) => q.key)).toEqual(['fee_posted']);
    expect(diff.questions.changed).toEqual([]);
    expect(diff.questions.reordered).toBe(false);
    expect(diff.breaking).toEqual([]);

    const back = diffDefinitions(to, parse(base()));
    expect(back.criteria.removed.map((c) => c.key)).toEqual(['result']);
    expect(back.questions.removed.map((q) => q.key)).toEqual(['on_time']);
    expect(back.questions.added.map((q) => q.key)).toEqual(['fee_posted']);
  });

  it('reports wording, criterion and option label changes field by field, not as breaking', () => {
    const to = changed((d) => {
      d.questions[0]!.text = { vi: 'Thông tin có dễ tìm không?', en: 'Easy to find?' };
      d.questions[1]!.criterion = 'access';
      d.questions[1]!.required = false;
      const choice = d.questions[3]!;
      if (choice.type === 'single_choice') {
        choice.options = [
          { value: 'friend', label: { vi: 'Người thân, bạn bè' } },
          { value: 'web', label: { vi: 'Trang web' } },
        ];
      }
      d.criteria[1]!.title = { vi: 'Công chức, viên chức' };
    });
    const diff = diffDefinitions(parse(base()), to);
    const byKey = Object.fromEntries(diff.questions.changed.map((c) => [c.key, c]));
    expect(byKey.easy_to_find!.changes).toEqual([
      { field: 'text.en', before: null, after: 'Easy to find?' },
      { field: 'text.vi', before: 'Dễ tìm thông tin?', after: 'Thông tin có dễ tìm không?' },
    ]);
    expect(byKey.courtesy!.changes).toEqual([
      { field: 'criterion', before: 'staff', after: 'access' },
      { field: 'required', before: true, after: false },
    ]);
    // Options keyed by value: reordering them is no change, relabelling one is.
    expect(byKey.channel!.changes).toEqual([
      { field: 'options.friend.label.vi', before: 'Người quen', after: 'Người thân, bạn bè' },
    ]);
    expect(diff.questions.changed.every((c) => !c.breaking)).toBe(true);
    expect(diff.criteria.changed).toEqual([
      {
        key: 'staff',
        title: { vi: 'Công chức, viên chức' },
        changes: [{ field: 'title.vi', before: 'Công chức', after: 'Công chức, viên chức' }],
      },
    ]);
    expect(diff.breaking).toEqual([]);
  });

  it('marks a changed type or answer scale as breaking, with a sentence explaining it', () => {
    const to = changed((d) => {
      d.questions[2] = { key: 'fee_posted', criterion: 'access', type: 'likert5', text: { vi: 'Phí hợp lý?' } };
      const choice = d.questions[3]!;
      if (choice.type === 'single_choice') choice.options.push({ value: 'zalo', label: { vi: 'Zalo' } });
    });
    const diff = diffDefinitions(parse(base()), to);
    const byKey = Object.fromEntries(diff.questions.changed.map((c) => [c.key, c]));
    expect(byKey.fee_posted).toMatchObject({ breaking: true });
    expect(byKey.fee_posted!.changes[0]).toEqual({ field: 'type', before: 'yes_no', after: 'likert5' });
    expect(byKey.fee_posted!.changes).toContainEqual({
      field: 'text.vi',
      before: 'Phí đúng niêm yết?',
      after: 'Phí hợp lý?',
    });
    expect(byKey.channel).toMatchObject({ breaking: true });
    expect(byKey.channel!.changes).toEqual([{ field: 'options.zalo', before: null, after: { label: { vi: 'Zalo' } } }]);
    expect(diff.breaking.map((b) => b.key).sort()).toEqual(['channel', 'fee_posted']);
    expect(diff.breaking.find((b) => b.key === 'fee_posted')!.message).toMatch(
      /đổi loại từ có\/không sang thang 5 mức/,
    );
  });

  it('reports survey-level changes and reordering', () => {
    const to = changed((d) => {
      d.target = 0.9;
      d.title = { vi: 'Khảo sát thử (sửa)', en: 'Test survey' };
      d.allowComment = false;
      d.questions.reverse();
      d.criteria.reverse();
    });
    const diff = diffDefinitions(parse(base()), to);
    expect(diff.survey).toEqual([
      { field: 'title.vi', before: 'Khảo sát thử', after: 'Khảo sát thử (sửa)' },
      { field: 'target', before: 0.95, after: 0.9 },
      { field: 'allowComment', before: true, after: false },
    ]);
    expect(diff.questions.reordered).toBe(true);
    expect(diff.criteria.reordered).toBe(true);
    expect(diff.questions.changed).toEqual([]);
    expect(diff.identical).toBe(false);
  });

  it('diffs the real published definitions against edited copies', () => {
    const file = path.resolve(import.meta.dirname, '..', 'survey-definitions', 'tthc-services.json');
    const real = parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(diffDefinitions(real, real).identical).toBe(true);
    const edited = structuredClone(real);
    edited.questions = edited.questions.slice(1);
    const diff = diffDefinitions(real, edited);
    expect(diff.questions.removed.map((q) => q.key)).toEqual([real.questions[0]!.key]);
    expect(diff.breaking).toEqual([]);
  });
});

describe('compareFields', () => {
  it('compares nested objects by leaf and other values as a whole', () => {
    expect(compareFields({ a: { b: 1, c: [1, 2] } }, { a: { b: 2, c: [1, 2] }, d: 'x' })).toEqual([
      { field: 'a.b', before: 1, after: 2 },
      { field: 'd', before: null, after: 'x' },
    ]);
    expect(compareFields([1, 2], [2, 1], 'list')).toEqual([{ field: 'list', before: [1, 2], after: [2, 1] }]);
  });
});
