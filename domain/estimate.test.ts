import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZSurveyDefinition } from './definition';
import { estimateMinutes, estimateSeconds, estimateText } from './estimate';

const definitionsDir = path.resolve(import.meta.dirname, '..', 'survey-definitions');
const definitions = readdirSync(definitionsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    file: f,
    def: ZSurveyDefinition.parse(JSON.parse(readFileSync(path.join(definitionsDir, f), 'utf8'))),
  }));

describe('survey time estimate (one place for the poster and the form)', () => {
  it('adds seconds per question type, the introduction and the comment box', () => {
    const def = { questions: [{ type: 'likert5' as const }, { type: 'text' as const }], allowComment: true };
    expect(estimateSeconds(def)).toBe(15 + 10 + 30 + 20);
    expect(estimateSeconds({ ...def, allowComment: false })).toBe(15 + 10 + 30);
    expect(estimateMinutes({ questions: [], allowComment: false })).toBe(1);
    expect(estimateText({ questions: Array(22).fill({ type: 'likert5' }) }, 'vi')).toBe('khoảng 4 phút');
    expect(estimateText({ questions: Array(22).fill({ type: 'likert5' }) }, 'en')).toBe('about 4 minutes');
  });

  // A definition whose introduction names a duration must name the computed one, or the poster,
  // the form's own line and the introduction would disagree (#15.5).
  it.each(definitions)('$file: a duration in the introduction matches the estimate', ({ def }) => {
    const minutes = estimateMinutes(def);
    const vi = /khoảng (\d+) phút/.exec(def.description?.vi ?? '');
    const en = /about (\d+) minutes?/.exec(def.description?.en ?? '');
    if (vi) expect(Number(vi[1])).toBe(minutes);
    if (en) expect(Number(en[1])).toBe(minutes);
  });
});
