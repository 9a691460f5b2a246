import { describe, expect, it } from 'vitest';
import { parseDefinitionFiles, readDefinitionFiles } from '../definitions/publish.js';
import { generateResponses, seededRandom } from './responses.js';

/**
 * The demo's figures are the same on every start: one seeded stream feeds link after link (seed.ts),
 * so a link's answers must take the same number of draws whatever the hour they are generated at,
 * or every count drawn after them (the campaign's among them) moves with the clock.
 */
describe('demo answers', () => {
  it('are the same at any hour, and so are the counts drawn after them', async () => {
    const { definitions } = parseDefinitionFiles(await readDefinitionFiles());
    const definition = definitions.find((d) => d.definition.slug === 'education-students-thpt')!.definition;
    // The demo's order: a link's answers (the officer desk's), then a campaign school's count.
    const load = (now: Date) => {
      const random = seededRandom(2027);
      // The campaign's three weeks: some fifteen answers fall on the last day, most of them after 08:00.
      const from = new Date(now.getTime() - 21 * 86_400_000);
      const answers = generateResponses({ definition, count: 300, from, to: now, quality: 0.85, random });
      return {
        answers: answers.map((a) => ({ answers: a.answers, comment: a.comment, review: a.review_status })),
        campaignCount: Math.round(180 * (0.15 + random() * 0.75)),
        next: random(),
      };
    };
    // 08:00 and 19:00 in Vietnam (most of the last day's answers fall after the first, few after the
    // second), and another day.
    const morning = load(new Date('2026-03-10T01:00:00Z'));
    const evening = load(new Date('2026-03-10T12:00:00Z'));
    const nextQuarter = load(new Date('2026-07-02T03:30:00Z'));
    expect(evening).toEqual(morning);
    expect(nextQuarter).toEqual(morning);
  });
});
