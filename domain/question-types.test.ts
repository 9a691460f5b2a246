import { describe, expect, it } from 'vitest';
import { answerText } from './answer-text.js';
import { buildAnswersSchema, checkAnswer, checkAnswers, parseNumber } from './answers.js';
import { findBreakingChanges, ZSurveyDefinition, type TQuestion, type TSurveyDefinitionInput } from './definition.js';
import { paperAnswer, paperChoices } from './paper-keys.js';
import { emptyLikertCounts, scoreSurvey } from './scoring.js';

/** The three question types of #12.9, one definition, as a survey file would say them. */
const input: TSurveyDefinitionInput = {
  slug: 'ba-loai-cau-hoi',
  kind: 'consultation',
  title: { vi: 'Thử các loại câu hỏi' },
  audience: { vi: 'Người dân' },
  target: 0.9,
  criteria: [
    { key: 'content', title: { vi: 'Nội dung' } },
    { key: 'about', title: { vi: 'Thông tin chung' } },
  ],
  questions: [
    { key: 'agree_scope', criterion: 'content', type: 'agreement5', text: { vi: 'Phạm vi phù hợp' } },
    {
      key: 'agree_cost',
      criterion: 'content',
      type: 'agreement5',
      allowNotApplicable: true,
      required: false,
      text: { vi: 'Chi phí hợp lý' },
    },
    {
      key: 'topics',
      criterion: 'about',
      type: 'multiple_choice',
      minSelections: 2,
      maxSelections: 3,
      text: { vi: 'Nội dung quan tâm' },
      options: ['a', 'b', 'c', 'd'].map((v) => ({ value: v, label: { vi: `Phương án ${v}`, en: `Option ${v}` } })),
    },
    {
      key: 'children',
      criterion: 'about',
      type: 'number',
      min: 0,
      max: 10,
      unit: { vi: 'con', en: 'children' },
      text: { vi: 'Số con đang đi học' },
    },
    {
      key: 'hours',
      criterion: 'about',
      type: 'number',
      integer: false,
      min: 0,
      max: 60,
      required: false,
      text: { vi: 'Số giờ học thêm' },
    },
  ],
};
const def = ZSurveyDefinition.parse(input);
const q = (key: string) => def.questions.find((x) => x.key === key)!;
const valid = { agree_scope: 4, agree_cost: 'na', topics: ['c', 'a'], children: 2, hours: 1.5 };
const problems = (answers: unknown) => {
  const checked = checkAnswers(buildAnswersSchema(def), def, answers);
  return checked.ok ? {} : Object.fromEntries(checked.problems.map((p) => [p.key, p.message]));
};

describe('the agreement, multiple-choice and number question types', () => {
  it('fills the defaults a file may leave out', () => {
    expect(q('topics')).toMatchObject({ minSelections: 2, maxSelections: 3, required: true });
    expect(q('children')).toMatchObject({ integer: true, required: true });
    expect(q('agree_scope')).toMatchObject({ allowNotApplicable: false });
  });

  it('accepts valid answers and stores ticked options in the definition order', () => {
    const checked = checkAnswers(buildAnswersSchema(def), def, valid);
    expect(checked).toEqual({ ok: true, answers: { ...valid, topics: ['a', 'c'] } });
    // Optional questions may be left out; an empty list for an optional one is not an answer.
    const { agree_cost: _na, hours: _h, ...required } = valid;
    expect(checkAnswers(buildAnswersSchema(def), def, required).ok).toBe(true);
  });

  it('refuses each invalid agreement answer with the question’s message', () => {
    for (const bad of [0, 6, 2.5, '4', 'na', null, true, [4]]) {
      expect(problems({ ...valid, agree_scope: bad }), String(bad)).toEqual({ agree_scope: 'Chọn một mức từ 1 đến 5' });
    }
    expect(problems({ ...valid, agree_cost: 7 })).toEqual({
      agree_cost: 'Chọn một mức từ 1 đến 5 hoặc “Không áp dụng”',
    });
    const { agree_scope: _, ...missing } = valid;
    expect(problems(missing)).toEqual({ agree_scope: 'Vui lòng trả lời câu hỏi này' });
  });

  it('refuses each invalid multiple-choice answer', () => {
    const listMessage = 'Chọn các phương án trong danh sách';
    expect(problems({ ...valid, topics: ['a'] })).toEqual({ topics: 'Chọn ít nhất 2 phương án' });
    expect(problems({ ...valid, topics: ['a', 'b', 'c', 'd'] })).toEqual({ topics: 'Chọn tối đa 3 phương án' });
    expect(problems({ ...valid, topics: [] })).toEqual({ topics: 'Vui lòng trả lời câu hỏi này' });
    for (const bad of [['a', 'x'], ['a', 'a'], ['a', 1], 'a', { a: true }, null]) {
      expect(problems({ ...valid, topics: bad }), JSON.stringify(bad)).toEqual({ topics: listMessage });
    }
  });

  it('refuses each invalid number answer', () => {
    expect(problems({ ...valid, children: 11 })).toEqual({ children: 'Nhập một số từ 0 đến 10' });
    expect(problems({ ...valid, children: -1 })).toEqual({ children: 'Nhập một số từ 0 đến 10' });
    expect(problems({ ...valid, children: 1.5 })).toEqual({
      children: 'Nhập một số nguyên (không có phần thập phân)',
    });
    for (const bad of ['2', 'hai', null, true, [2], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(problems({ ...valid, children: bad }), String(bad)).toEqual({ children: 'Nhập một số' });
    }
    expect(problems({ ...valid, hours: 60.5 })).toEqual({ hours: 'Nhập một số từ 0 đến 60' });
    expect(checkAnswer(q('hours'), 0.25)).toEqual({ ok: true, value: 0.25 });
  });

  it('reads numbers as a Vietnamese phone or paper sheet writes them', () => {
    expect(parseNumber('2,5')).toBe(2.5);
    expect(parseNumber(' 12 ')).toBe(12);
    expect(parseNumber('2.5')).toBe(2.5);
    expect(parseNumber('2.500')).toBe(2500);
    expect(parseNumber('1.000.000')).toBe(1_000_000);
    expect(parseNumber('-3')).toBe(-3);
    expect(parseNumber('hai')).toBe('hai');
    expect(parseNumber('1,2,3')).toBe('1,2,3');
  });

  it('refuses definitions whose settings cannot be answered', () => {
    const broken = structuredClone(input);
    const topics = broken.questions[2] as Extract<TQuestion, { type: 'multiple_choice' }>;
    topics.minSelections = 7;
    topics.maxSelections = 6;
    topics.options.push({ ...topics.options[0]! });
    const children = broken.questions[3] as Extract<TQuestion, { type: 'number' }>;
    children.min = 10;
    children.max = 0.5;
    const result = ZSurveyDefinition.safeParse(broken);
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        'questions.2.maxSelections: số lựa chọn tối đa (6) lớn hơn số phương án (5)',
        'questions.2.minSelections: số lựa chọn tối thiểu (7) lớn hơn số lựa chọn tối đa (6)',
        'questions.2.options.4.value: phương án "a" bị trùng',
        'questions.3.min: giá trị nhỏ nhất (10) lớn hơn giá trị lớn nhất (0.5)',
        'questions.3.integer: câu hỏi số nguyên cần giới hạn là số nguyên',
      ]),
    );
    // A consultation scored only on the agreement scale is a valid survey.
    expect(ZSurveyDefinition.safeParse({ ...input, questions: input.questions.slice(0, 1) }).success).toBe(true);
    expect(ZSurveyDefinition.safeParse({ ...input, questions: input.questions.slice(2) }).success).toBe(false);
  });

  it('treats a move between the satisfaction and the agreement scale as a breaking change', () => {
    const likert = ZSurveyDefinition.parse({
      ...input,
      questions: [{ key: 'agree_scope', criterion: 'content', type: 'likert5', text: { vi: 'Phạm vi' } }],
    });
    expect(findBreakingChanges([likert], def).map((c) => c.message)).toEqual([
      'câu hỏi "agree_scope" đổi loại từ thang 5 mức sang thang đồng ý 5 mức; hãy dùng mã câu hỏi mới',
    ]);
    const fewer = structuredClone(input);
    (fewer.questions[2] as { options: unknown[] }).options.pop();
    expect(findBreakingChanges([def], ZSurveyDefinition.parse(fewer)).map((c) => c.key)).toEqual(['topics']);
  });

  it('scores the agreement scale like Likert (share of 4–5) and leaves the descriptive types out', () => {
    const score = scoreSurvey({
      criteria: def.criteria,
      questions: def.questions,
      counts: { agree_scope: { ...emptyLikertCounts(), 4: 3, 2: 1 } },
      target: 0.9,
      minN: 1,
    });
    expect(score.questions.map((x) => x.key)).toEqual(['agree_scope', 'agree_cost']);
    expect(score.criteria.map((c) => c.key)).toEqual(['content']);
    expect(score.overall.rate).toBe(0.75);
  });

  it('labels answers and paper boxes in the words the form shows', () => {
    expect(answerText(q('agree_scope'), 5).vi).toBe('Hoàn toàn đồng ý (5/5)');
    expect(answerText(q('topics'), ['a', 'c'])).toEqual({
      vi: 'Phương án a; Phương án c',
      en: 'Option a; Option c',
    });
    expect(answerText(q('children'), 3)).toEqual({ vi: '3 con', en: '3 children' });
    expect(answerText(q('hours'), 1.5).vi).toBe('1,5');
    expect(paperChoices(q('agree_scope'))!.map((c) => c.label.vi)).toEqual([
      'Hoàn toàn không đồng ý',
      'Không đồng ý',
      'Phân vân',
      'Đồng ý',
      'Hoàn toàn đồng ý',
    ]);
    expect(paperChoices(q('children'))).toBeNull();
    expect(paperAnswer(q('topics'), '13')).toEqual(['a', 'c']);
    expect(paperAnswer(q('topics'), '1, 4')).toEqual(['a', 'd']);
    expect(paperAnswer(q('topics'), '19')).toBe('19');
    expect(paperAnswer(q('children'), '2')).toBe(2);
    expect(paperAnswer(q('hours'), '1,5')).toBe(1.5);
    expect(paperAnswer(q('agree_cost'), '0')).toBe('na');
    expect(paperAnswer(q('agree_cost'), '')).toBeUndefined();
  });
});
