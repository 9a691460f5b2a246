/**
 * Partitioning measurement (#10.5), in one run on one cluster: the plain `responses` (as the app has it)
 * against a month-partitioned copy of the same rows (bench/partitioning-setup.ts), at RESPONSES answers
 * (bench/analytics-data.ts loads them; DATA_DIR reuses a loaded cluster, see bench/analytics-cluster.ts).
 *
 *   DATA_DIR=/tmp/hl-bench-5m RESPONSES=5000000 npx tsx bench/partitioning.ts
 *   RESPONSES=50000 SECONDS=3 NO_WRITE=1 npx tsx bench/partitioning.ts     # a quick check
 *
 * (a) single-row INSERTs of the same rows from 16 connections, the app's statement shape (ON CONFLICT on the
 *     id, RETURNING id), each table paying its rollup-queue trigger; plain and partitioned alternate.
 * (b) the export's scan: COPY (SELECT … ORDER BY submitted_at) TO STDOUT of one quarter and of a year.
 * (c) retention of the oldest month: batched DELETE (10,000 a batch, rolled back afterwards; the fold of the
 *     −1 changes it queues timed on a sample) against DETACH PARTITION CONCURRENTLY, each while 4 connections
 *     keep inserting into the same table.
 * Everything is put back afterwards, so the data (and the analytics bench on it) keeps its figures.
 *
 * Kept for the record of the decision: since migrations/0160 `responses` is itself partitioned this way, so
 * the "plain" side no longer exists; run it on a checkout from before 0160 to repeat the comparison.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createKysely, createPool } from '../server/db/pool.js';
import type { Database } from '../server/db/schema.js';
import { openBenchCluster } from './analytics-cluster.js';
import { IDS, PART, PART_QUEUE, buildPartitionedCopy, localMonthStart, partitionName } from './partitioning-setup.js';
import { writePartitioningSection, type Figures, type InsertRun } from './partitioning-report.js';

const RESPONSES = Number(process.env.RESPONSES ?? 5_000_000);
const SECONDS = Number(process.env.SECONDS ?? 15);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const SCAN_RUNS = Number(process.env.SCAN_RUNS ?? 2);
const FOLD_SAMPLE = Number(process.env.FOLD_SAMPLE ?? 4);
const CONNECTIONS = 16;
const log = (line: string) => console.log(`[bench:partitioning] ${line}`);

interface Sample {
  survey_id: string;
  version_id: string;
  unit_id: string;
  channel: string;
  answers: unknown;
  comment: string | null;
  body_hash: string;
  device_hash: string | null;
  flags: string[];
  review_status: string;
}

const COLUMNS =
  'survey_id, version_id, unit_id, channel, answers, comment, started_at, body_hash, device_hash, flags, review_status';
// The submission's INSERT (server/responses/submit.ts): submitted_at from the default now().
const PLAIN_SQL = `insert into responses (id, ${COLUMNS})
  values ($1, $2, $3, $4, $5, $6, $7, now() - interval '2 minutes', $8, $9, $10, $11)
  on conflict (id) do nothing returning id`;
// Partitioned: the id is claimed in the id table and the row written in the same statement (so in the same
// transaction); a replay finds the id taken and inserts nothing, as ON CONFLICT does today.
const PART_SQL = `with claimed as (
    insert into ${IDS} (id, submitted_at) values ($1, now()) on conflict (id) do nothing returning id, submitted_at)
  insert into ${PART} (id, submitted_at, ${COLUMNS})
  select id, submitted_at, $2::bigint, $3::bigint, $4::bigint, $5::text, $6::jsonb, $7::text,
         now() - interval '2 minutes', $8::text, $9::text, $10::text[], $11::text
    from claimed returning id`;

const params = (s: Sample, id: string) => [
  id,
  s.survey_id,
  s.version_id,
  s.unit_id,
  s.channel,
  JSON.stringify(s.answers),
  s.comment,
  s.body_hash,
  s.device_hash,
  s.flags,
  s.review_status,
];

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

/** `connections` loops inserting sample rows until `until()` says stop; inserted ids go to `ids`. */
async function insertLoop(
  url: string,
  text: string,
  samples: Sample[],
  connections: number,
  until: () => boolean,
  ids: string[],
): Promise<InsertRun> {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      const client = await pool.connect();
      try {
        for (let i = w; !until(); i += connections) {
          const id = randomUUID();
          const t0 = performance.now();
          const r = await client.query({
            name: text === PLAIN_SQL ? 'plain' : 'part',
            text,
            values: params(samples[i % samples.length]!, id),
          });
          latencies.push(performance.now() - t0);
          if (r.rowCount !== 1) throw new Error('insert refused');
          ids.push(id);
        }
      } finally {
        client.release();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return {
    rows: latencies.length,
    perSecond: latencies.length / seconds,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
  };
}

const forSeconds = (s: number) => {
  const end = performance.now() + s * 1000;
  return () => performance.now() >= end;
};

/** COPY (query) TO STDOUT, drained; seconds and rows. */
async function copySeconds(url: string, query: string): Promise<{ seconds: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const t0 = performance.now();
    let rows = 0;
    const stream = client.query(copyTo(`copy (${query}) to stdout`));
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows++;
    }
    return { seconds: (performance.now() - t0) / 1000, rows };
  } finally {
    await client.end();
  }
}

async function foldAll(db: Database): Promise<number> {
  let folded = 0;
  for (let n = 1; n > 0; folded += n)
    n = (await sql<{ n: number }>`select rollup_fold(5000) as n`.execute(db)).rows[0]!.n;
  return folded;
}

async function deleteIds(db: Database, table: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 10_000)
    await sql`delete from ${sql.table(table)} where id = any(${ids.slice(i, i + 10_000)}::uuid[])`.execute(db);
}

async function main() {
  const cluster = await openBenchCluster(RESPONSES, { log });
  const { db, server, load } = cluster;
  const url = server.url;
  try {
    await foldAll(db);
    const setup = await buildPartitionedCopy(db, load.now, log);
    const samples = (
      await sql<Sample>`select ${sql.raw(COLUMNS.replace('started_at, ', ''))} from responses tablesample system (1)
        limit 5000`.execute(db)
    ).rows;
    const plainIds: string[] = [];
    const partIds: string[] = [];

    // (a) Inserts, alternating so that the shared machine's drift falls on both.
    const inserts: Array<{ plain: InsertRun; part: InsertRun }> = [];
    for (let r = 0; r < ROUNDS; r++) {
      const plain = await insertLoop(url, PLAIN_SQL, samples, CONNECTIONS, forSeconds(SECONDS), plainIds);
      const part = await insertLoop(url, PART_SQL, samples, CONNECTIONS, forSeconds(SECONDS), partIds);
      log(
        `inserts round ${r + 1}: plain ${Math.round(plain.perSecond)}/s p99 ${plain.p99.toFixed(1)} ms; partitioned ${Math.round(part.perSecond)}/s p99 ${part.p99.toFixed(1)} ms`,
      );
      inserts.push({ plain, part });
    }

    // (b) The export's scan. The previous whole local quarter and the last 12 whole months before `now`.
    const local = new Date(load.now.getTime() + 7 * 3600_000);
    const qStartMonth = Math.floor(local.getUTCMonth() / 3) * 3 - 3 - local.getUTCMonth();
    const periods = [
      {
        name: 'one quarter',
        from: localMonthStart(load.now, qStartMonth),
        to: localMonthStart(load.now, qStartMonth + 3),
      },
      { name: '12 months', from: localMonthStart(load.now, -12), to: localMonthStart(load.now, 0) },
    ];
    const tthc = (await sql<{ id: string }>`select id from surveys where slug = 'tthc-services'`.execute(db)).rows[0]!
      .id;
    const scans: Figures['scans'] = [];
    for (const p of periods) {
      for (const scope of [
        { name: 'TTHC survey', where: `survey_id = ${Number(tthc)} and ` },
        { name: 'all surveys', where: '' },
      ]) {
        const q = (t: string) =>
          `select id, unit_id, submitted_at, channel, answers, comment, review_status from ${t}
            where ${scope.where}submitted_at >= '${p.from}' and submitted_at < '${p.to}' order by submitted_at`;
        const plain: number[] = [];
        const part: number[] = [];
        let rows = 0;
        for (let i = 0; i < SCAN_RUNS; i++) {
          const a = await copySeconds(url, q('responses'));
          const b = await copySeconds(url, q(PART));
          if (a.rows !== b.rows)
            throw new Error(`${p.name}, ${scope.name}: ${a.rows} rows plain, ${b.rows} partitioned`);
          rows = a.rows;
          plain.push(a.seconds);
          part.push(b.seconds);
        }
        const s = { name: `${scope.name}, ${p.name}`, rows, plain: Math.min(...plain), part: Math.min(...part) };
        log(`scan ${s.name}: ${rows} rows, plain ${s.plain.toFixed(1)} s, partitioned ${s.part.toFixed(1)} s`);
        scans.push(s);
      }
    }

    // (c) Retention of the oldest month, each while 4 connections keep inserting into the same table.
    const parts = setup.partitions;
    const oldest = parts[0]!;
    const cutoff = localMonthStart(new Date(`${oldest.slice(-7).replace('_', '-')}-15T00:00:00+07:00`), 1);
    const during = async (text: string, ids: string[], work: () => Promise<void>) => {
      let stop = false;
      const loop = insertLoop(url, text, samples, 4, () => stop, ids);
      // The inserts' window spans the operation with half a second either side, so that a short DETACH
      // still shows whether it held them up (their p99).
      await new Promise((r) => setTimeout(r, 500));
      const t0 = performance.now();
      await work();
      const seconds = (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 500));
      stop = true;
      return { seconds, inserts: await loop };
    };
    const idle = {
      plain: await insertLoop(url, PLAIN_SQL, samples, 4, forSeconds(SECONDS / 2), plainIds),
      part: await insertLoop(url, PART_SQL, samples, 4, forSeconds(SECONDS / 2), partIds),
    };
    // The plain DELETE runs its batches in one transaction that is rolled back at the end, so the data
    // stays as it was without re-inserting and re-folding a month. Folding the −1 changes it queued is timed
    // on FOLD_SAMPLE folds of 5,000 queued changes in that transaction and scaled to the rows deleted.
    let deleted = 0;
    let batches = 0;
    let foldSeconds = 0;
    const plainRetention = await db.connection().execute(async (c) => {
      await sql`begin`.execute(c);
      try {
        const result = await during(PLAIN_SQL, plainIds, async () => {
          for (let n = 1; n > 0; batches++) {
            const r = await sql`delete from responses where id in (
                select id from responses where submitted_at < ${cutoff}::timestamptz limit 10000)`.execute(c);
            n = Number(r.numAffectedRows ?? 0);
            deleted += n;
          }
        });
        const t0 = performance.now();
        let sampled = 0;
        for (let i = 0; i < FOLD_SAMPLE; i++)
          sampled += (await sql<{ n: number }>`select rollup_fold(5000) as n`.execute(c)).rows[0]!.n;
        foldSeconds = ((performance.now() - t0) / 1000) * (deleted / Math.max(1, sampled));
        return result;
      } finally {
        await sql`rollback`.execute(c);
      }
    });
    log(
      `retention plain: ${deleted} rows deleted in ${batches - 1} batches, ${plainRetention.seconds.toFixed(1)} s; folding their −1 changes ≈ ${foldSeconds.toFixed(1)} s`,
    );
    let detachSeconds = 0;
    const partRetention = await during(PART_SQL, partIds, async () => {
      const t0 = performance.now();
      await sql`alter table ${sql.table(PART)} detach partition ${sql.table(oldest)} concurrently`.execute(db);
      detachSeconds = (performance.now() - t0) / 1000;
    });
    const detachedRows = Number(
      (await sql<{ n: string }>`select count(*) as n from ${sql.table(oldest)}`.execute(db)).rows[0]!.n,
    );
    // The DROP (or an archive COPY first) happens after; timing it on a copy we must put back would need
    // a second copy, so the drop is the catalog operation PostgreSQL documents, not measured here.
    log(`retention partitioned: detach ${detachSeconds.toFixed(2)} s (${detachedRows} rows)`);
    if (detachedRows !== deleted) throw new Error(`detached ${detachedRows} rows, deleted ${deleted}`);

    // Put everything back: the partition; the rows the bench inserted (their queued changes stay queued:
    // the live views count them exactly, and the next analytics run folds them first).
    await sql`alter table ${sql.table(PART)} attach partition ${sql.table(oldest)}
      for values from (${sql.lit(localMonthStart(new Date(cutoff), -1))}) to (${sql.lit(cutoff)})`.execute(db);
    await deleteIds(db, 'responses', plainIds);
    await deleteIds(db, PART, partIds);
    await deleteIds(db, IDS, partIds);
    await sql`truncate ${sql.table(PART_QUEUE)}`.execute(db);

    const figures: Figures = {
      responses: Number((await sql<{ n: string }>`select count(*) as n from responses`.execute(db)).rows[0]!.n),
      partitions: parts.length,
      seconds: SECONDS,
      inserts,
      scans,
      retention: {
        month: partitionName(localMonthStart(new Date(cutoff), -1))
          .slice(-7)
          .replace('_', '-'),
        rows: deleted,
        batches: batches - 1,
        deleteSeconds: plainRetention.seconds,
        foldSeconds,
        detachSeconds,
        idle,
        duringDelete: plainRetention.inserts,
        duringDetach: partRetention.inserts,
      },
      sizes: (
        await sql<{ name: string; mb: number }>`select x.name, x.mb from (
          select 'responses' as name, pg_total_relation_size('responses') / 1048576.0 as mb
          union all select ${PART}, (select sum(pg_total_relation_size(inhrelid)) from pg_inherits
                                      where inhparent = ${PART}::regclass) / 1048576.0
          union all select ${IDS}, pg_total_relation_size(${IDS}) / 1048576.0) x`.execute(db)
      ).rows.map((r) => ({ name: r.name, mb: Number(r.mb) })),
    };
    if (!process.env.NO_WRITE) await writePartitioningSection(figures);
    else console.log(JSON.stringify(figures, null, 1));
  } finally {
    await cluster.close();
  }
}

/**
 * BUILD_ONLY_URL: build the partitioned copy on a cluster another bench process is running (its URL), e.g.
 * while bench/analytics.ts reads it after its own inserts, so that a later run only measures.
 */
async function buildOnly(url: string) {
  const pool = createPool(url, 2);
  pool.on('connect', (client) => {
    void client.query('set statement_timeout = 0; set idle_in_transaction_session_timeout = 0');
  });
  const db = createKysely(pool);
  try {
    // The load's `now` (before bench_load has its row, the newest answer is within seconds of it).
    const now = (
      await sql<{ t: Date }>`select coalesce((select generated_at from bench_load), max(submitted_at)) as t
        from responses`.execute(db)
    ).rows[0]!.t;
    const setup = await buildPartitionedCopy(db, now, log);
    log(`built ${setup.partitions.length} partitions, ${setup.rows} rows in ${Math.round(setup.seconds)} s`);
  } finally {
    await db.destroy();
  }
}

(process.env.BUILD_ONLY_URL ? buildOnly(process.env.BUILD_ONLY_URL) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
