import { randomUUID } from 'node:crypto';
import type { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { createLookupBatcher } from '../server/responses/lookup-batch.js';
import { integrityKey, keyedHash } from '../server/responses/secrets.js';
import { lookupQuery, type LookupArgs } from '../server/responses/lookup.js';
import { startFormTestApp } from './form-fixtures.js';
import type { TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';

/** The submissions' look-ups batched into one statement (server/responses/lookup-batch.ts) answer as alone. */
describe('batched submit look-ups', () => {
  let t: TestApp;
  let links: Array<{ code: string; linkId: number; unitId: number; versionId: number; definition: TSurveyDefinition }>;

  beforeAll(async () => {
    t = await startFormTestApp({ TRUST_PROXY: '127.0.0.1' });
    const rows = await t.db
      .selectFrom('links as l')
      .innerJoin('survey_versions as v', 'v.survey_id', 'l.survey_id')
      .select(['l.code', 'l.id as linkId', 'l.unit_id as unitId', 'v.id as versionId', 'v.definition'])
      .where('l.retired_at', 'is', null)
      .where('l.channel', 'not in', ['paper', 'interview'])
      .where('v.retired_at', 'is', null)
      .orderBy('l.id')
      .limit(3)
      .execute();
    links = rows.map((r) => ({ ...r, definition: r.definition as TSurveyDefinition }));
    expect(links.length).toBeGreaterThanOrEqual(2);
  });
  afterAll(() => t.close());

  const post = (body: object) =>
    t.request().post('/api/v1/public/responses').set('x-forwarded-for', '198.51.100.77').send(body);
  const body = (i: number, extra: Record<string, unknown> = {}) => {
    const tg = links[i % links.length]!;
    return {
      id: randomUUID(),
      linkCode: tg.code,
      versionId: tg.versionId,
      answers: validAnswers(tg.definition),
      startedAt: new Date(Date.now() - 120_000).toISOString(),
      ...extra,
    };
  };

  it('gives each look-up of a batch the rows it gets alone, in one statement', async () => {
    const token = 'batched-lookup-device-0001';
    const first = body(0, { deviceToken: token });
    expect((await post(first)).status).toBe(201);
    expect((await post(body(0, { deviceToken: token }))).status).toBe(201);
    const deviceHash = keyedHash(await integrityKey(t.db), 'device', token);
    const [a, b] = links;
    const args: LookupArgs[] = [
      {
        versionId: a!.versionId,
        enforce: true,
        answers: null,
        lookUp: false,
        deviceHash: null,
        id: randomUUID(),
        linkCode: a!.code,
      },
      {
        versionId: a!.versionId,
        enforce: true,
        answers: JSON.stringify(first.answers),
        lookUp: true,
        deviceHash,
        id: randomUUID(),
        linkCode: a!.code,
      },
      {
        versionId: b!.versionId,
        enforce: false,
        answers: null,
        lookUp: false,
        deviceHash: null,
        id: randomUUID(),
        linkCode: b!.code,
      },
      {
        versionId: 999999,
        enforce: true,
        answers: null,
        lookUp: false,
        deviceHash: null,
        id: randomUUID(),
        linkCode: b!.code,
      },
      {
        versionId: a!.versionId,
        enforce: true,
        answers: null,
        lookUp: false,
        deviceHash: null,
        id: randomUUID(),
        linkCode: 'ZZZZZZZZ',
      },
    ];
    const statements: string[] = [];
    const run = async <R>(q: CompiledQuery<R>) => {
      statements.push(q.sql);
      return (await t.db.executeQuery(q)).rows;
    };
    const batcher = createLookupBatcher(t.db, run);
    const batched = await Promise.all(args.map((x) => batcher.lookup(x)));
    expect(statements).toHaveLength(1);
    const alone = await Promise.all(args.map(async (x) => (await t.db.executeQuery(lookupQuery(t.db, x))).rows));
    expect(batched).toEqual(alone);
    // Not vacuous: the device look-up found the two answers, the wrong version and the unknown link show.
    expect(batched[1]![0]).toMatchObject({ recent: 2, same: true, version_ok: true });
    expect(batched[3]![0]).toMatchObject({ version_ok: false });
    expect(batched[4]).toEqual([]);
  });

  it('answers concurrent submissions each by its own link, unknown links 404', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => body(i));
    const unknown = { ...body(0), linkCode: 'ZZZZZZZZ' };
    const answers = await Promise.all([...bodies, unknown].map((b) => post(b)));
    expect(answers.map((r) => r.status)).toEqual([...bodies.map(() => 201), 404]);
    const stored = await t.db
      .selectFrom('responses')
      .select(['id', 'link_id', 'unit_id'])
      .where(
        'id',
        'in',
        bodies.map((b) => b.id),
      )
      .execute();
    const byId = new Map(stored.map((r) => [r.id, r]));
    for (const [i, b] of bodies.entries()) {
      const tg = links[i % links.length]!;
      expect(byId.get(b.id)).toMatchObject({ link_id: tg.linkId, unit_id: tg.unitId });
    }
  });
});
