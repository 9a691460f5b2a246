import { randomUUID } from 'node:crypto';
import { sql, type CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { localDay } from '../domain/periods.js';
import { newLinkCode } from '../server/links/codes.js';
import type { NewResponse } from '../server/responses/insert.js';
import { insertResponses } from '../server/responses/insert.js';
import { createLookupInserter } from '../server/responses/lookup-insert.js';
import { integrityKey } from '../server/responses/secrets.js';
import { submitResponse, type Submission } from '../server/responses/submit.js';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';

/**
 * The look-up and the insert in one statement (server/responses/lookup-insert.ts): answers that need no
 * other check are stored by it, several in one statement; every other answer gets the same outcome as on
 * the long path (look-up, checks in submit.ts, insert), which takes it from the returned look-up row.
 */
describe('submit: look-up and insert in one statement', () => {
  let t: TestApp;
  let key: Buffer;
  type Target = {
    code: string;
    linkId: number;
    unitId: number;
    surveyId: number;
    versionId: number;
    definition: TSurveyDefinition;
  };
  let links: Target[];
  let statements = 0;
  let longInserts = 0;
  let fast: ReturnType<typeof createLookupInserter>;

  beforeAll(async () => {
    t = await startFormTestApp();
    key = await integrityKey(t.db);
    const rows = await t.db
      .selectFrom('links as l')
      .innerJoin('survey_versions as v', 'v.survey_id', 'l.survey_id')
      .select([
        'l.code',
        'l.id as linkId',
        'l.unit_id as unitId',
        'l.survey_id as surveyId',
        'v.id as versionId',
        'v.definition',
      ])
      .where('l.retired_at', 'is', null)
      .where('l.channel', 'not in', ['paper', 'interview'])
      .where('l.officer_id', 'is', null)
      .where('v.retired_at', 'is', null)
      .orderBy('l.id')
      .execute();
    // One link per survey: the campaign cases below each need a survey of their own.
    const bySurvey = new Map<number, Target>();
    for (const r of rows)
      if (!bySurvey.has(Number(r.surveyId)))
        bySurvey.set(Number(r.surveyId), {
          ...r,
          surveyId: Number(r.surveyId),
          definition: r.definition as TSurveyDefinition,
        });
    links = [...bySurvey.values()];
    expect(links.length).toBeGreaterThanOrEqual(3);
    const run = async <R>(query: CompiledQuery<R>): Promise<R[]> => {
      statements++;
      return (await t.db.executeQuery(query)).rows;
    };
    fast = createLookupInserter(t.db, run);
  });
  afterAll(() => t.close());

  const body = (target: Target, extra: Partial<Submission> = {}): Submission => ({
    id: randomUUID(),
    linkCode: target.code,
    versionId: target.versionId,
    answers: validAnswers(target.definition),
    startedAt: new Date(Date.now() - 120_000).toISOString(),
    ...extra,
  });
  const submit = (s: Submission) =>
    submitResponse(t.db, s, {
      key,
      ip: '198.51.100.9',
      enforceCampaign: true,
      publicEntry: true,
      lookupAndInsert: fast.lookupAndInsert,
      insert: async (row: NewResponse) => {
        longInserts++;
        return (await insertResponses(t.db, [row])).has(row.id);
      },
    });
  const stored = (id: string) =>
    t.db
      .selectFrom('responses')
      .select(['survey_id', 'unit_id', 'link_id', 'channel', 'flags', 'review_status', 'officer_id', 'answers'])
      .where('id', '=', id)
      .executeTakeFirst();

  it('stores answers that arrive together in one statement, each with its link’s survey, unit and channel', async () => {
    // Each version's answer schema is read once and kept: after that, answers sent together reach the
    // statement in the same turn of the event loop.
    for (const l of links.slice(0, 3)) expect(await submit(body(l))).toMatchObject({ status: 201 });
    statements = 0;
    longInserts = 0;
    const answers = links.slice(0, 3).map((l) => body(l));
    const outcomes = await Promise.all(answers.map(submit));
    expect(outcomes).toEqual(answers.map(() => ({ status: 201, flags: [] })));
    expect(statements).toBe(1);
    expect(longInserts).toBe(0);
    for (const [k, a] of answers.entries()) {
      const row = await stored(a.id);
      expect(row).toMatchObject({
        survey_id: links[k]!.surveyId,
        unit_id: Number(links[k]!.unitId),
        link_id: Number(links[k]!.linkId),
        channel: 'qr',
        flags: [],
        review_status: 'accepted',
        officer_id: null,
      });
      expect(row!.answers).toEqual(a.answers);
    }
  });

  it('flags as the long path does: honeypot, too fast, a burst and the same answers from one device', async () => {
    const [a] = links;
    const device = `lookup-insert-device-${randomUUID()}`;
    const firsts = [
      body(a!, { deviceToken: device }),
      body(a!, { deviceToken: device }),
      body(a!, { deviceToken: device }),
    ];
    for (const s of firsts) expect(await submit(s)).toMatchObject({ status: 201 });
    const burst = body(a!, { deviceToken: device, answers: validAnswers(a!.definition, 5) });
    const honeypot = body(a!, { website: 'http://spam.example' });
    const tooFast = body(a!, { startedAt: new Date().toISOString() });
    const outcomes = await Promise.all([burst, honeypot, tooFast].map(submit));
    expect(outcomes).toEqual([
      // Three earlier answers from the device, and the third's answers were the same as the first's.
      { status: 201, flags: ['burst'] },
      { status: 201, flags: ['honeypot'] },
      { status: 201, flags: ['too_fast'] },
    ]);
    expect(await stored(burst.id)).toMatchObject({ flags: ['burst'], review_status: 'pending' });
    expect(await stored(honeypot.id)).toMatchObject({ flags: ['honeypot'], review_status: 'pending' });
    // The second and third answers repeat the first's from the same device.
    expect(await stored(firsts[1]!.id)).toMatchObject({ flags: ['duplicate_device'], review_status: 'pending' });
  });

  it('leaves every other case to the long path, with its outcome: retired, unknown, staff channel, replays, campaigns', async () => {
    const [a, b, c] = links;
    const retired = await t.db
      .insertInto('links')
      .values({
        code: newLinkCode(),
        survey_id: a!.surveyId,
        unit_id: a!.unitId,
        channel: 'qr',
        retired_at: new Date(),
      })
      .returning('code')
      .executeTakeFirstOrThrow();
    const staff = await t.db
      .insertInto('links')
      .values({ code: newLinkCode(), survey_id: a!.surveyId, unit_id: a!.unitId, channel: 'paper' })
      .returning('code')
      .executeTakeFirstOrThrow();
    const today = localDay(new Date());
    // Campaigns are written through their own queries (server/campaigns/); the test states its dates directly.
    await sql`insert into campaigns (survey_id, name, opens_on, closes_on)
              values (${b!.surveyId}, 'Đợt đã đóng', '2020-01-01', '2020-02-01'),
                     (${c!.surveyId}, 'Đợt đã đóng', '2020-01-01', '2020-02-01'),
                     (${c!.surveyId}, 'Đợt đang mở', '2020-03-01', ${today})`.execute(t.db);
    const once = body(a!);
    expect(await submit(once)).toEqual({ status: 201, flags: [] });

    longInserts = 0;
    const twin = body(a!);
    const cases = [
      body(a!, { linkCode: retired.code }),
      body(a!, { linkCode: 'ZZZZZZZZZZ' }),
      body(a!, { linkCode: staff.code }),
      once,
      { ...once, answers: validAnswers(a!.definition, 2) },
      twin,
      twin,
      body(b!),
      body(c!),
    ];
    const outcomes = await Promise.all(cases.map(submit));
    expect(outcomes.slice(0, 5)).toEqual([
      { refused: 'link_retired' },
      { refused: 'link_not_found' },
      { refused: 'link_not_found' },
      { status: 200, flags: [] },
      { refused: 'id_conflict' },
    ]);
    // The same new id twice at once: one stores it, the other is its replay.
    expect(
      outcomes
        .slice(5, 7)
        .map((o) => ('status' in o ? o.status : o))
        .sort(),
    ).toEqual([200, 201]);
    expect(outcomes[7]).toMatchObject({ refused: 'campaign_closed' });
    // A campaign open today (another one closed long ago does not matter).
    expect(outcomes[8]).toEqual({ status: 201, flags: [] });
    const ids = [...new Set(cases.map((s) => s.id))];
    const rows = await t.db.selectFrom('responses').select('id').where('id', 'in', ids).execute();
    expect(rows.map((r) => r.id).sort()).toEqual([once.id, twin.id, cases[8]!.id].sort());
    // Only the answers whose id was taken went on to the long path's insert, and found it taken: the replay
    // and the other body of \`once\`, and the second twin. The new answers were stored in the one statement.
    expect(longInserts).toBe(3);
  });
});
