/**
 * Bench data for bench/analytics.ts and bench/export.ts: a city-sized set of units and N responses
 * with realistic answers (server/demo/responses.ts: per-unit quality, per-question bias, N/A,
 * skipped optional questions, ~1.5 % flagged "too fast"), loaded with COPY FROM STDIN — not row by
 * row — through a small pg "submittable" (pg itself speaks the COPY sub-protocol; no extra package).
 * The rollup triggers run on every COPY statement, as they would in production.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { TSurveyDefinition } from '../domain/definition.js';
import type { Database, NewUnit } from '../server/db/schema.js';
import { generateResponses, seededRandom } from '../server/demo/responses.js';
import { bodyHash } from '../server/responses/submit.js';

interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
  sendCopyFail(message: string): void;
  stream: NodeJS.WritableStream & { writableNeedDrain?: boolean };
}

/**
 * COPY … FROM STDIN with data from an async iterable of text chunks. pg calls handleCopyInResponse
 * when the server is ready for data; chunks are written with backpressure (waiting for 'drain').
 */
export function copyFrom(
  client: pg.PoolClient | pg.Client,
  sql: string,
  chunks: AsyncIterable<string> | Iterable<string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let failed: Error | null = null;
    const submittable = {
      submit(connection: CopyConnection) {
        connection.query(sql);
      },
      handleCopyInResponse(connection: CopyConnection) {
        void (async () => {
          try {
            for await (const chunk of chunks) {
              connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
              if (connection.stream.writableNeedDrain) await new Promise((r) => connection.stream.once('drain', r));
            }
            connection.endCopyFrom();
          } catch (err) {
            failed = err as Error;
            connection.sendCopyFail(String(err));
          }
        })();
      },
      handleCommandComplete(msg: { text?: string }) {
        rows = Number(/COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
      },
      handleReadyForQuery() {
        if (failed) reject(failed);
        else resolve(rows);
      },
      handleError(err: Error) {
        failed = err;
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handleCopyData() {},
      handlePortalSuspended() {},
    };
    (client as unknown as { query(s: unknown): void }).query(submittable);
  });
}

const csv = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const LEVELS = ['mam_non', 'tieu_hoc', 'thcs', 'thpt'] as const;
const SCHOOLS_PER_LEVEL = { mam_non: 260, tieu_hoc: 310, thcs: 200, thpt: 110 } as const;

/** 1 department, 8 offices (one of them the one-stop desk) and 880 schools in 60 wards. */
export async function createBenchUnits(db: Database): Promise<void> {
  const so = await db
    .insertInto('units')
    .values({ code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo', kind: 'department' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const rows: NewUnit[] = [];
  for (let i = 1; i <= 8; i++) {
    rows.push({
      code: i === 1 ? 'MOTCUA' : `PHONG-${i}`,
      name: i === 1 ? 'Bộ phận Một cửa' : `Phòng chuyên môn ${i}`,
      kind: 'office',
      parent_id: so.id,
    });
  }
  let w = 0;
  for (const level of LEVELS) {
    for (let i = 1; i <= SCHOOLS_PER_LEVEL[level]; i++) {
      rows.push({
        code: `${level.toUpperCase()}-${i}`,
        name: `Trường ${level} số ${i}`,
        kind: 'school',
        level,
        ward: `Phường ${(w++ % 60) + 1}`,
        enrolment: 300 + ((i * 37) % 900),
        parent_id: so.id,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('units')
      .values(rows.slice(i, i + 500))
      .execute();
}

export interface LoadResult {
  responses: number;
  seconds: number;
  perSecond: number;
}

/**
 * Loads `total` responses over the 12 months before `now`: 20 % to the TTHC survey (most at the
 * one-stop desk), 80 % to the parent surveys of the schools, by enrolment. COPY statements of
 * `batch` rows; returns the load rate (including the rollup triggers).
 */
export async function loadBenchResponses(
  db: Database,
  pool: pg.Pool,
  total: number,
  options: { now?: Date; batch?: number; log?: (line: string) => void; seed?: number; tthcShare?: number } = {},
): Promise<LoadResult> {
  const now = options.now ?? new Date();
  const batch = options.batch ?? 25_000;
  const log = options.log ?? (() => {});
  const from = new Date(now.getTime() - 365 * 86_400_000);
  // responses is partitioned by local month (migrations/0160): the year's months must exist before COPY.
  await pool.query(`select responses_create_partitions($1, $2::timestamptz + interval '3 months')`, [from, now]);
  const random = seededRandom(options.seed ?? 424242);
  const surveys = await db.selectFrom('surveys').select(['id', 'slug', 'level']).execute();
  const versions = await db.selectFrom('survey_versions').select(['id', 'survey_id', 'definition']).execute();
  const units = await db
    .selectFrom('units')
    .select(['id', 'code', 'kind', 'level', 'enrolment'])
    .orderBy('id')
    .execute();
  const tthc = surveys.find((s) => s.slug === 'tthc-services')!;
  const bySurvey = new Map(versions.map((v) => [v.survey_id, v]));
  const targets: Array<{
    unitId: number;
    surveyId: number;
    versionId: number;
    definition: TSurveyDefinition;
    weight: number;
    quality: number;
    channel: string;
  }> = [];
  for (const u of units) {
    const survey = u.kind === 'school' ? surveys.find((s) => s.level === u.level) : tthc;
    if (!survey) continue;
    const version = bySurvey.get(survey.id)!;
    const weight = u.kind === 'school' ? (u.enrolment ?? 400) : u.code === 'MOTCUA' ? 60_000 : 3_000;
    // Most units sit near the targets; about one in seven is clearly below.
    const quality = random() < 0.15 ? 0.72 + random() * 0.1 : 0.86 + random() * 0.12;
    targets.push({
      unitId: u.id,
      surveyId: survey.id,
      versionId: version.id,
      definition: version.definition as TSurveyDefinition,
      weight,
      quality,
      channel: random() < 0.8 ? 'qr' : 'web',
    });
  }
  const schoolWeight = targets.filter((x) => x.surveyId !== tthc.id).reduce((a, x) => a + x.weight, 0);
  const officeWeight = targets.filter((x) => x.surveyId === tthc.id).reduce((a, x) => a + x.weight, 0);
  const tthcShare = options.tthcShare ?? 0.2;
  const counts = targets.map((x) =>
    Math.round(
      total *
        (x.surveyId === tthc.id ? (tthcShare * x.weight) / officeWeight : ((1 - tthcShare) * x.weight) / schoolWeight),
    ),
  );
  // Rounding: put the difference on the largest target so the total is exact.
  const diff = total - counts.reduce((a, b) => a + b, 0);
  counts[counts.indexOf(Math.max(...counts))]! += diff;

  async function* chunks(): AsyncGenerator<string> {
    let buffer = '';
    let inBuffer = 0;
    for (let i = 0; i < targets.length; i++) {
      const x = targets[i]!;
      let left = counts[i]!;
      while (left > 0) {
        const n = Math.min(left, 2000);
        left -= n;
        for (const r of generateResponses({
          definition: x.definition,
          count: n,
          from,
          to: now,
          quality: x.quality,
          random,
        })) {
          buffer +=
            `${randomUUID()},${x.surveyId},${x.versionId},${x.unitId},${x.channel},${csv(JSON.stringify(r.answers))},` +
            `${r.comment === null ? '' : csv(r.comment)},${r.started_at.toISOString()},${r.submitted_at.toISOString()},` +
            `${bodyHash({ linkCode: '', versionId: x.versionId, answers: r.answers, comment: r.comment })},${r.device_hash},{${r.flags.join(',')}},${r.review_status}\n`;
          if (++inBuffer === 2000) {
            yield buffer;
            buffer = '';
            inBuffer = 0;
          }
        }
      }
    }
    if (buffer) yield buffer;
  }

  const columns =
    'id, survey_id, version_id, unit_id, channel, answers, comment, started_at, submitted_at, body_hash, device_hash, flags, review_status';
  const started = performance.now();
  let loaded = 0;
  const source = chunks()[Symbol.asyncIterator]();
  let done = false;
  while (!done) {
    // One COPY statement per `batch` rows, so each statement-level trigger call sees a bounded set.
    let inStatement = 0;
    async function* statementChunks(): AsyncGenerator<string> {
      while (inStatement < batch) {
        const next = await source.next();
        if (next.done) {
          done = true;
          return;
        }
        inStatement += next.value.split('\n').length - 1;
        yield next.value;
      }
    }
    const client = await pool.connect();
    try {
      await client.query('set synchronous_commit = off');
      loaded += await copyFrom(client, `copy responses (${columns}) from stdin with (format csv)`, statementChunks());
    } finally {
      client.release();
    }
    const s = (performance.now() - started) / 1000;
    log(`  loaded ${loaded.toLocaleString('en')} responses (${Math.round(loaded / s).toLocaleString('en')}/s)`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { responses: loaded, seconds, perSecond: loaded / seconds };
}
