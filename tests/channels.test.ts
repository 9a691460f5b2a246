import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type TestAgent from 'supertest/lib/agent.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, channelLabel, channelNote } from '../domain/channels.js';
import type { TBreakdownRow } from '../domain/contract/analytics.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { newLinkCode } from '../server/links/codes.js';
import { importUnits } from '../server/units/import.js';
import { signedInAgent, startTestApp, type TestApp } from './helpers/app.js';
import { validAnswers } from './helpers/answers.js';
import { submitResponse } from '../server/responses/submit.js';

/** Channels (#12.1): every figure can be read per collection channel, exactly as the raw answers count. */
describe('collection channels', () => {
  let t: TestApp;
  let admin: TestAgent;
  const survey = 'education-parents-thcs';
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const period = { from: day(-1), to: day(1) };
  // Stored link codes and how many answers each gets: zalo and sms are both shared links.
  const plan: Array<[code: string, answers: number]> = [
    ['qr', 4],
    ['zalo', 2],
    ['sms', 1],
    ['kiosk', 3],
    ['paper', 2],
    ['interview', 1],
  ];

  const STAFF_ENTERED = new Set(['paper', 'interview']);

  beforeAll(async () => {
    t = await startTestApp();
    await publishDefinitions(t.db, await readDefinitionFiles());
    await importUnits(
      t.db,
      [
        'code,name,kind,level,parent_code,ward,enrolment',
        'SO,Sở Giáo dục và Đào tạo,department,,,,',
        'THCS-AAA,Trường THCS Alpha,school,thcs,SO,Phường 1,800',
      ].join('\n'),
    );
    const s = await t.db.selectFrom('surveys').select('id').where('slug', '=', survey).executeTakeFirstOrThrow();
    const unit = await t.db.selectFrom('units').select('id').where('code', '=', 'THCS-AAA').executeTakeFirstOrThrow();
    const version = await t.db
      .selectFrom('survey_versions')
      .select(['id', 'definition'])
      .where('survey_id', '=', s.id)
      .executeTakeFirstOrThrow();
    admin = (await signedInAgent(t, [{ role: 'admin' }])).agent;
    const anonymous = t.request();
    let i = 0;
    for (const [channel, n] of plan) {
      const code = newLinkCode();
      await t.db.insertInto('links').values({ code, survey_id: s.id, unit_id: unit.id, channel }).execute();
      for (let k = 0; k < n; k++) {
        // Answers vary by channel so that a filter that mixed them up would show another rate.
        const likert = [5, 4, 2, 3, 5, 1][i++ % 6]!;
        const body = {
          id: randomUUID(),
          linkCode: code,
          versionId: version.id,
          answers: validAnswers(version.definition as TSurveyDefinition, likert),
        };
        if (STAFF_ENTERED.has(channel)) {
          // Paper and interview answers come through staff screens, not the public route; the same service stores them.
          const outcome = await submitResponse(t.db, body, { key: Buffer.alloc(32, 7), ip: '127.0.0.1' });
          expect(outcome).toMatchObject({ status: 201 });
        } else {
          const res = await anonymous.post('/api/v1/public/responses').send(body);
          expect(res.status).toBe(201);
        }
      }
    }
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  /** Accepted answers per collection channel, counted from the raw responses. */
  async function rawByChannel(): Promise<Record<string, number>> {
    const { rows } = await sql<{ c: string; n: number }>`
      select case when channel in ('qr', 'kiosk', 'paper', 'interview') then channel else 'link' end as c, count(*)::int as n
      from responses where review_status = 'accepted' group by 1`.execute(t.db);
    return Object.fromEntries(rows.map((r) => [r.c, Number(r.n)]));
  }

  it('filters every figure by channel, equal to a raw count per channel', async () => {
    const raw = await rawByChannel();
    expect(raw).toEqual({ qr: 4, link: 3, kiosk: 3, paper: 2, interview: 1 });
    for (const channel of CHANNELS) {
      const res = await admin.get('/api/v1/analytics/summary').query({ survey, ...period, channel });
      expect(res.status, channel).toBe(200);
      expect(res.body.responses.accepted, channel).toBe(raw[channel]);
      expect(res.body.channels).toEqual([channel]);
      const series = await admin.get('/api/v1/analytics/series').query({ survey, ...period, channel, bucket: 'month' });
      expect(series.status).toBe(200);
      const inSeries = (series.body.series.points as Array<{ responses: number }>).reduce((a, p) => a + p.responses, 0);
      expect(inSeries, channel).toBe(raw[channel]);
    }
    // A stored code of a shared link still filters on its own.
    const zalo = await admin.get('/api/v1/analytics/summary').query({ survey, ...period, channel: 'zalo' });
    expect(zalo.body.responses.accepted).toBe(2);
    const all = await admin.get('/api/v1/analytics/summary').query({ survey, ...period });
    expect(all.body.responses.accepted).toBe(13);
    expect(all.body.channels).toEqual(['qr', 'link', 'kiosk', 'paper', 'interview']);
  });

  it('breaks a figure down by channel with Vietnamese names, and offers the five channels', async () => {
    const raw = await rawByChannel();
    const res = await admin.get('/api/v1/analytics/breakdown').query({ survey, ...period, by: 'channel' });
    expect(res.status).toBe(200);
    const rows = res.body.rows as TBreakdownRow[];
    expect(Object.fromEntries(rows.map((r) => [r.key, r.responses]))).toEqual(raw);
    expect(rows.find((r) => r.key === 'link')!.label.vi).toBe('Đường dẫn chia sẻ');
    expect(rows.find((r) => r.key === 'interview')!.label.vi).toBe('Phỏng vấn');
    // The kiosk's figure is its own answers' alone: the same as the summary filtered to the kiosk.
    const kiosk = rows.find((r) => r.key === 'kiosk')!;
    const kioskOnly = await admin.get('/api/v1/analytics/summary').query({ survey, ...period, channel: 'kiosk' });
    expect(kiosk.figure.value).toBe(kioskOnly.body.overall.value);
    expect(kiosk.figure.n).toBe(kioskOnly.body.overall.n);
    const options = await admin.get('/api/v1/analytics/options');
    expect(options.body.channels).toEqual(['qr', 'link', 'kiosk', 'paper', 'interview']);
  });

  it('says in the method note which channels a figure includes and which are self-selected', async () => {
    const pub = await t.request().get('/api/v1/public/transparency').query({ survey });
    expect(pub.status).toBe(200);
    for (const c of CHANNELS) expect(pub.body.note.vi).toContain(channelLabel(c));
    expect(pub.body.note.vi).toContain('không phải mẫu xác suất');

    const sampledOnly = channelNote(['interview']);
    expect(sampledOnly.vi).toContain('Phỏng vấn (chọn mẫu)');
    expect(sampledOnly.vi).not.toContain('mẫu tự chọn');
    const mixed = channelNote(['qr', 'zalo', 'interview']);
    expect(mixed.vi).toContain('Mã QR (tự chọn); Đường dẫn chia sẻ (tự chọn); Phỏng vấn (chọn mẫu)');
    expect(mixed.vi).toContain('Phiếu qua Mã QR và Đường dẫn chia sẻ là mẫu tự chọn');
    expect(mixed.vi).not.toContain('Máy khảo sát');
  });
});
