/**
 * Export benchmark: 1,000,000 raw responses streamed as CSV (server/reports/export.ts: one
 * `COPY (SELECT …) TO STDOUT` whose lines PostgreSQL formats, forwarded by pg-copy-streams, formula-safe
 * cells) into a file, with memory sampled every 100 ms to show it stays flat. Beside it, in the same run,
 * the baseline of issue #10.4: a raw `COPY (SELECT <the same rows' columns>) TO STDOUT`, drained and thrown
 * away, i.e. what PostgreSQL and the socket cost before any CSV is written. Goal: the export at least 50 %
 * of the baseline's rows/s.
 *
 *   npx tsx bench/export.ts               # 1M rows
 *   ROWS=200000 npx tsx bench/export.ts
 *   ROWS=20000 NO_WRITE=1 npx tsx bench/export.ts   # a quick check that does not touch docs/benchmarks.md
 *
 * Writes its section of docs/benchmarks.md.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { responsesWhere } from '../server/analytics/conditions.js';
import { resolveFilterOutcome } from '../server/analytics/filters.js';
import type { SessionUser } from '../server/auth/queries.js';
import { inlineParameters } from '../server/db/copy.js';
import { startEmbeddedPostgres } from '../server/db/embedded.js';
import { migrate } from '../server/db/migrate.js';
import { createKysely, createPool } from '../server/db/pool.js';
import { publishDefinitions, readDefinitionFiles } from '../server/definitions/publish.js';
import { responsesCsv } from '../server/reports/export.js';
import { sql } from 'kysely';
import { to as copyTo } from 'pg-copy-streams';
import { createBenchUnits, loadBenchResponses } from './analytics-data.js';
import { machineLine, writeSection } from './report.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const log = (line: string) => console.log(`[bench:export] ${line}`);
const analyst: SessionUser = {
  id: 0,
  email: 'bench',
  displayName: 'bench',
  mustChangePassword: false,
  roles: [{ role: 'analyst', unitId: null }],
  sessionId: '',
  csrfToken: '',
};

interface Sample {
  ms: number;
  rssMb: number;
  heapMb: number;
}

function sampler(): { stop(): Sample[] } {
  const t0 = performance.now();
  const samples: Sample[] = [];
  const take = () => {
    const m = process.memoryUsage();
    samples.push({ ms: performance.now() - t0, rssMb: m.rss / 2 ** 20, heapMb: m.heapUsed / 2 ** 20 });
  };
  take();
  const timer = setInterval(take, 100);
  return {
    stop() {
      clearInterval(timer);
      take();
      return samples;
    },
  };
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hailong-bench-export-'));
  const server = await startEmbeddedPostgres({ dataDir });
  const pool = createPool(server.url, 4);
  const db = createKysely(pool);
  try {
    await migrate(pool);
    await publishDefinitions(db, await readDefinitionFiles());
    await createBenchUnits(db);
    // The export does not read the rollups: load without the triggers.
    await sql`alter table responses disable trigger responses_rollup_insert`.execute(db);
    log(`loading ${ROWS.toLocaleString('en')} responses with COPY…`);
    await loadBenchResponses(db, pool, ROWS, { tthcShare: 0 });
    await sql`vacuum analyze responses`.execute(db);
    const outcome = await resolveFilterOutcome(db, analyst, {
      family: 'public-education-parents',
      from: '2020-01-01',
      to: '2030-12-31',
    });
    if (outcome.status !== 'ok') throw new Error(`filters refused: ${JSON.stringify(outcome.fields)}`);
    const f = outcome.filters;

    // Baseline: a raw COPY of the same rows (the columns the export reads), drained.
    const baseStart = performance.now();
    let baseRows = 0;
    {
      const compiled = sql`select r.id, r.submitted_at, r.survey_id, r.version_id, r.unit_id, r.channel,
          r.review_status, r.flags, r.started_at, r.answers, r.comment
        from responses r where ${responsesWhere(db, f, 'r')} order by r.submitted_at, r.id`.compile(db);
      const client = await pool.connect();
      try {
        const copy = client.query(copyTo(`copy (${inlineParameters(compiled.sql, compiled.parameters)}) to stdout`));
        await pipeline(
          copy,
          new Writable({
            write(chunk: Buffer, _enc, cb) {
              for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) baseRows++;
              cb();
            },
          }),
        );
      } finally {
        client.release();
      }
    }
    const baseSeconds = (performance.now() - baseStart) / 1000;
    log(`baseline (raw COPY, drained): ${baseRows.toLocaleString('en')} rows in ${baseSeconds.toFixed(1)} s`);

    const file = path.join(dataDir, 'export.csv');
    global.gc?.();
    const memory = sampler();
    const started = performance.now();
    let bytes = 0;
    let lines = 0;
    const stream = await responsesCsv(db, pool, f, { includeFlagged: true });
    const out = createWriteStream(file);
    await pipeline(
      stream,
      new Writable({
        write(chunk: Buffer, _enc, cb) {
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
          if (!out.write(chunk)) out.once('drain', cb);
          else cb();
        },
        final(cb) {
          out.end(cb);
        },
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const samples = memory.stop();
    const rows = lines - 1;
    const rss = samples.map((s) => s.rssMb);
    const heap = samples.map((s) => s.heapMb);
    const size = (await stat(file)).size;
    const rate = rows / seconds;
    const quarter = (i: number) => samples[Math.min(samples.length - 1, Math.floor((samples.length * i) / 4))]!;
    log(
      `CSV: ${rows.toLocaleString('en')} rows, ${(size / 2 ** 20).toFixed(0)} MB in ${seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} rows/s; ` +
        `RSS ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB, heap ${Math.min(...heap).toFixed(0)}–${Math.max(...heap).toFixed(0)} MB`,
    );
    const baseRate = baseRows / baseSeconds;
    const ratio = rate / baseRate;
    log(`ratio to raw COPY: ${(ratio * 100).toFixed(0)} % (goal ≥ 50 %)`);
    if (rows !== baseRows) throw new Error(`CSV has ${rows} rows, the raw COPY ${baseRows}`);
    if (process.env.NO_WRITE) return;
    const date = new Date().toISOString().slice(0, 10);
    await writeSection(
      'export',
      `## Streamed CSV export (bench/export.ts)

Measured ${date} on ${machineLine()}; embedded PostgreSQL, default settings.
${rows.toLocaleString('en')} raw responses (one column per question key, formula-safe cells) streamed by
\`responsesCsv\` (one \`COPY (SELECT …) TO STDOUT\` whose lines PostgreSQL formats, forwarded by pg-copy-streams in
binary COPY format, backpressure to the file) into a
${(size / 2 ** 20).toFixed(0)} MB file (${(bytes / rows).toFixed(0)} bytes a row).

| | Rows | Seconds | Rows/s |
| --- | ---: | ---: | ---: |
| Baseline: raw \`COPY (SELECT …) TO STDOUT\` of the same rows, drained | ${baseRows.toLocaleString('en')} | ${baseSeconds.toFixed(1)} | ${Math.round(baseRows / baseSeconds).toLocaleString('en')} |
| CSV export to a file | ${rows.toLocaleString('en')} | ${seconds.toFixed(1)} | **${Math.round(rate).toLocaleString('en')}** |

Memory of the process while exporting (sampled every 100 ms; start, ¼, ½, ¾, end):
RSS ${[0, 1, 2, 3, 4].map((i) => quarter(i).rssMb.toFixed(0)).join(' → ')} MB, heap used ${[0, 1, 2, 3, 4].map((i) => quarter(i).heapMb.toFixed(0)).join(' → ')} MB
(peak RSS ${Math.max(...rss).toFixed(0)} MB for a ${(size / 2 ** 20).toFixed(0)} MB file: flat, it does not grow with the rows).

Goal ≥ 50 % of the raw COPY: **${ratio >= 0.5 ? 'met' : 'not met'}** (${(ratio * 100).toFixed(0)} %, ${Math.round(rate).toLocaleString('en')} rows/s).`,
    );
    log('wrote docs/benchmarks.md');
  } finally {
    await db.destroy();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
