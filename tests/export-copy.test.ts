import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSurveyDefinition } from '../domain/definition.js';
import { inlineParameters } from '../server/db/copy.js';
import { CSV_BOM, csvRow, type CellValue } from '../server/sheets/safe-cells.js';
import { startFormTestApp } from './form-fixtures.js';
import { signedInAgent, type TestApp } from './helpers/app.js';

/**
 * Issue #10.4: the raw CSV export is one COPY (server/db/copy.ts) whose lines PostgreSQL formats. It must
 * write exactly what the JavaScript cell rules (sheets/safe-cells.ts) write, on hostile text too, and a
 * client that goes away or a backend that dies mid-stream must leave no connection behind.
 */
let t: TestApp;
let admin: Awaited<ReturnType<typeof signedInAgent>>['agent'];
let cookie: string;
let definition: TSurveyDefinition;
const SURVEY = 'tthc-services';

// Formula starts behind every kind of JavaScript whitespace and quote, text that only looks like one,
// quotes, commas, semicolons, line breaks, tabs, backslashes and non-Latin text.
const HOSTILE = [
  '=1+1',
  '+SUM(A1)',
  '-2',
  '@cmd',
  ' =1',
  '\u00a0=1',
  '\u2003@x',
  '\u3000+1',
  '\ufeff-1',
  '"=HYPERLINK(""x"")',
  "'=1",
  '\t=1',
  '\tplain',
  '\r\nline',
  'a,b;c',
  'he said "hi"',
  'back\\slash \\N \\t',
  'multi\nline\r\ncomment',
  'Trường Tiểu học Hòa Bình 😀',
  '',
  '1+1=2',
  'x=1',
];

const URL_PATH = `/api/v1/exports/responses.csv?survey=${SURVEY}&from=2026-01-01&to=2026-12-31&includeFlagged=true`;

/** The export as the JavaScript path wrote it before COPY: the oracle. */
async function expectedCsv(): Promise<string> {
  const keys = definition.questions.map((q) => q.key);
  const rows = await sql<{
    id: string;
    at: string;
    slug: string;
    number: number;
    code: string;
    name: string;
    level: string | null;
    ward: string | null;
    channel: string;
    review_status: string;
    flags: string[];
    seconds: number | null;
    answers: Record<string, CellValue>;
    comment: string | null;
  }>`select r.id, to_char((r.submitted_at at time zone 'UTC') + interval '7 hours', 'YYYY-MM-DD HH24:MI:SS') as at,
      s.slug, v.number, u.code, u.name, u.level, u.ward, r.channel, r.review_status, r.flags,
      case when r.started_at between r.submitted_at - interval '30 days' and r.submitted_at
           then round(extract(epoch from r.submitted_at - r.started_at))::bigint end as seconds,
      r.answers, r.comment
    from responses r join surveys s on s.id = r.survey_id join survey_versions v on v.id = r.version_id
    join units u on u.id = r.unit_id
    where s.slug = ${SURVEY} order by r.submitted_at, r.id`.execute(t.db);
  let out =
    CSV_BOM +
    csvRow([
      'id',
      'submitted_at_vn',
      'survey',
      'version',
      'unit_code',
      'unit_name',
      'level',
      'ward',
      'channel',
      'review_status',
      'flags',
      'seconds',
      ...keys,
      'comment',
    ]);
  for (const r of rows.rows) {
    const values: CellValue[] = [r.id, r.at, r.slug, r.number, r.code, r.name, r.level, r.ward];
    values.push(r.channel, r.review_status, r.flags.join(';'), r.seconds);
    for (const k of keys) values.push(r.answers[k] ?? null);
    values.push(r.comment);
    out += csvRow(values);
  }
  return out;
}

function download(path: string): Promise<Buffer> {
  return admin
    .get(path)
    .buffer(true)
    .parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    })
    .then((res) => {
      expect(res.status).toBe(200);
      return res.body as Buffer;
    });
}

async function copySessions(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity
     where datname = current_database() and pid <> pg_backend_pid() and query ilike 'copy (%'
       and state <> 'idle'`.execute(t.db);
  return rows[0]!.n;
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Starts the export over raw HTTP and stops reading after the first chunk. */
function startDownload(): Promise<{ res: http.IncomingMessage; req: http.ClientRequest; first: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${t.url}${URL_PATH}`, { headers: { cookie } }, (res) => {
      res.once('data', (first: Buffer) => {
        res.pause();
        resolve({ res, req, first });
      });
      res.once('error', reject);
    });
    req.once('error', reject);
  });
}

beforeAll(async () => {
  t = await startFormTestApp();
  const signedIn = await signedInAgent(t);
  admin = signedIn.agent;
  // The agent's session cookie, for the raw HTTP requests below.
  const login = await t
    .request()
    .post('/api/v1/auth/login')
    .send({ email: signedIn.user.email, password: signedIn.user.password });
  cookie = (login.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');

  const version = await t.db
    .selectFrom('survey_versions as v')
    .innerJoin('surveys as s', 's.id', 'v.survey_id')
    .select(['v.id', 'v.survey_id', 'v.definition'])
    .where('s.slug', '=', SURVEY)
    .orderBy('v.number', 'desc')
    .executeTakeFirstOrThrow();
  definition = version.definition as TSurveyDefinition;
  const unit = await t.db.selectFrom('units').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow();
  await t.db
    .updateTable('units')
    .set({ name: '=HYPERLINK("http://evil.example";"x")', ward: '\u00a0@ward, "quoted"' })
    .where('id', '=', unit.id)
    .execute();
  const text = definition.questions.find((q) => q.type === 'text');
  const likert = definition.questions.find((q) => q.type === 'likert5')!;
  const values = HOSTILE.map((h, i) => {
    const id = randomUUID();
    const answers: Record<string, unknown> = {};
    for (const q of definition.questions) {
      if (q.type === 'likert5') answers[q.key] = (i % 5) + 1;
      else if (q.type === 'yes_no') answers[q.key] = i % 2 === 0;
      else if (q.type === 'single_choice') answers[q.key] = i % 3 === 0 ? h : q.options[0]!.value;
    }
    if (text) answers[text.key] = h;
    // Whatever JSON an old version stored: text, null, a fraction, an object.
    if (i % 4 === 1) answers[likert.key] = i % 8 === 1 ? null : 3.5;
    const submitted = new Date(Date.UTC(2026, 2, 1 + i, 10, i));
    return {
      id,
      survey_id: version.survey_id,
      version_id: version.id,
      unit_id: unit.id,
      link_id: null,
      channel: i % 2 === 0 ? 'qr' : 'web',
      answers: JSON.stringify(answers),
      comment: i % 5 === 4 ? null : h,
      submitted_at: submitted,
      // Some with a start outside the sanity window (no seconds).
      started_at: new Date(submitted.getTime() - (i % 6 === 0 ? 40 * 86_400_000 : 120_000 + i)),
      body_hash: createHash('sha256').update(id).digest('hex'),
      flags: i % 3 === 0 ? ['too_fast', 'burst'] : [],
      review_status: (i % 3 === 0 ? 'pending' : 'accepted') as 'pending' | 'accepted',
    };
  });
  await t.db.insertInto('responses').values(values).execute();
});
afterAll(() => t.close());

describe('the COPY-streamed CSV export', () => {
  it('writes byte for byte what the JavaScript cell rules write, hostile text included', async () => {
    const body = await download(URL_PATH);
    const expected = await expectedCsv();
    expect(body.toString('utf8').split('\r\n').length).toBe(expected.split('\r\n').length);
    expect(body.toString('utf8')).toBe(expected);
    // And it really is the hostile data, not two empty files.
    expect(expected).toContain(`"'=HYPERLINK(""http://evil.example"";""x"")"`);
    expect(expected).toContain(`"'\u00a0@ward, ""quoted"""`);
    expect(expected).toContain('"back\\slash \\N \\t"');
  });

  it('an empty selection is the header alone', async () => {
    const body = await download(`/api/v1/exports/responses.csv?survey=${SURVEY}&from=2020-01-01&to=2020-01-31`);
    expect(body.toString('utf8')).toBe((await expectedCsv()).split('\r\n')[0] + '\r\n');
  });

  it('inlines parameters exactly as pg would send them', async () => {
    const text = inlineParameters('select $1::text as a, $2::int as b, $3::timestamptz as c, $10::int[] as d', [
      "it's \\ here",
      7,
      new Date('2026-03-31T16:30:00Z'),
      null,
      null,
      null,
      null,
      null,
      null,
      [1, 2],
    ]);
    const { rows } = await sql<{ a: string; b: number; c: Date; d: number[] }>`${sql.raw(text)}`.execute(t.db);
    expect(rows[0]).toEqual({ a: "it's \\ here", b: 7, c: new Date('2026-03-31T16:30:00Z'), d: [1, 2] });
  });

  describe('on a long export', () => {
    beforeAll(async () => {
      // Enough rows that the COPY outlives the socket buffers (about 15 MB of CSV). The export reads no
      // rollups, so the copies skip the rollup triggers (replica role: ordinary triggers do not fire).
      await sql`begin; set local session_replication_role = replica; insert into responses (id, survey_id, version_id, unit_id, link_id, channel, answers, comment,
          submitted_at, started_at, body_hash, flags, review_status)
        select gen_random_uuid(), survey_id, version_id, unit_id, null, channel, answers, repeat('x', 1000),
          submitted_at + g * interval '1 second', started_at + g * interval '1 second', md5(g::text || id::text), flags,
          review_status
        from responses r cross join generate_series(1, 600) g
        where r.survey_id = (select id from surveys where slug = '${sql.raw(SURVEY)}'); commit`.execute(t.db);
    });

    it('a client that goes away mid-stream ends the COPY and leaves the pool clean', async () => {
      const { req, first } = await startDownload();
      expect(first.length).toBeGreaterThan(0);
      expect(await copySessions()).toBe(1);
      req.destroy();
      await waitFor(async () => (await copySessions()) === 0, 'the COPY to end');
      const ready = await Promise.all(Array.from({ length: 16 }, () => t.request().get('/readyz')));
      expect(ready.map((r) => r.status)).toEqual(ready.map(() => 200));
    });

    it('a backend killed mid-stream ends the download early, and the next export is whole', async () => {
      const { res, first } = await startDownload();
      const ended = new Promise<{ bytes: number; complete: boolean }>((resolve) => {
        let bytes = first.length;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.once('close', () => resolve({ bytes, complete: res.complete }));
      });
      await sql`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and query ilike 'copy (%'`.execute(t.db);
      res.resume();
      const outcome = await ended;
      // A truncated download must not look complete: the chunked response is cut, not ended.
      expect(outcome.complete).toBe(false);
      await waitFor(async () => (await copySessions()) === 0, 'no COPY left');
      const whole = await download(URL_PATH);
      expect(whole.length).toBeGreaterThan(outcome.bytes);
      expect(whole.toString('utf8')).toBe(await expectedCsv());
    });
  });
});
