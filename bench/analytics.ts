/**
 * Analytics benchmark: N responses (default 1,000,000) loaded with COPY into an embedded PostgreSQL,
 * then the summary (server/analytics/summary.ts, which reads only the rollups) timed over a mix of
 * filters, beside the naive GROUP BY over the raw rows (server/analytics/raw.ts) for the same
 * filters in the same run. Every pair of results is asserted equal.
 *
 *   npx tsx bench/analytics.ts                      # 1M responses
 *   RESPONSES=5000000 NAIVE_RUNS=1 npx tsx bench/analytics.ts
 *
 * Goals (#10.3): at least 20× faster than the naive query in every case, p95 ≤ 100 ms at 5M (≤ 200 ms at 1M),
 * equal numbers. The summary reads the live views (rollups + the changes still queued, migrations/0060).
 * Writes its section of docs/benchmarks.md (one section per size). DATA_DIR keeps and reuses the loaded
 * cluster (bench/analytics-cluster.ts).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { sql } from 'kysely';
import { resolveFilterOutcome, type AnalyticsFilterInput } from '../server/analytics/filters.js';
import { rawCounts } from '../server/analytics/raw.js';
import { computeSummary } from '../server/analytics/summary.js';
import type { SessionUser } from '../server/auth/queries.js';
import { openBenchCluster } from './analytics-cluster.js';
import { loadBenchResponses } from './analytics-data.js';
import { machineLine, writeSection } from './report.js';

const RESPONSES = Number(process.env.RESPONSES ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 40);
const NAIVE_RUNS = Number(process.env.NAIVE_RUNS ?? 3);
const POOL_SIZE = 8;
const WARM_ROUNDS = 3;
const log = (line: string) => console.log(`[bench:analytics] ${line}`);

const analyst: SessionUser = {
  id: 0,
  email: 'bench',
  displayName: 'bench',
  mustChangePassword: false,
  roles: [{ role: 'analyst', unitId: null }],
  sessionId: '',
  csrfToken: '',
};

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

const ms = (x: number) => (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));

async function main() {
  // The code measured is the code loaded now; others may commit while the run goes on.
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const cluster = await openBenchCluster(RESPONSES, { log, poolSize: POOL_SIZE });
  const { db, pool, load } = cluster;
  try {
    const now = load.now;
    if (process.env.LOAD_ONLY) return;
    // Incremental: 20,000 more responses through COPY with the rollup triggers on.
    const INCREMENTAL = 20_000;
    const incremental = await loadBenchResponses(db, pool, INCREMENTAL, { now, seed: 99, batch: 2000 });
    log(`  incremental COPY with triggers: ${Math.round(incremental.perSecond)} responses/s`);
    // Single-row inserts, as the phone form makes them: with the triggers, and without (baseline).
    const singleInsert = async (): Promise<{ ms: number; ids: string[] }> => {
      const ids = (await sql<{ id: string }>`select id from responses order by id limit 300`.execute(db)).rows;
      const inserted: string[] = [];
      const t0 = performance.now();
      for (const { id } of ids) {
        const r = await sql<{ id: string }>`insert into responses (id, survey_id, version_id, unit_id, channel, answers,
            comment, started_at, submitted_at, body_hash, flags, review_status)
          select gen_random_uuid(), survey_id, version_id, unit_id, channel, answers, comment, started_at, submitted_at,
            body_hash, flags, review_status from responses where id = ${id} returning id`.execute(db);
        inserted.push(r.rows[0]!.id);
      }
      return { ms: (performance.now() - t0) / ids.length, ids: inserted };
    };
    const insertWith = (await singleInsert()).ms;
    await sql`alter table responses disable trigger responses_rollup_insert`.execute(db);
    const without = await singleInsert();
    const insertWithout = without.ms;
    // The rows inserted without the trigger are not in the rollups: remove them the same way.
    await sql`alter table responses disable trigger responses_rollup_delete`.execute(db);
    await db.deleteFrom('responses').where('id', 'in', without.ids).execute();
    await sql`alter table responses enable trigger responses_rollup_delete`.execute(db);
    await sql`alter table responses enable trigger responses_rollup_insert`.execute(db);
    log(
      `  single-row INSERT: ${insertWith.toFixed(2)} ms with rollup triggers, ${insertWithout.toFixed(2)} ms without`,
    );
    // The triggers only queued those changes (migrations/0060); fold them as the app's worker would, so the
    // reads below measure the rollups with an empty queue (the live views add whatever is still queued).
    const foldStart = performance.now();
    let folded = 0;
    for (let n = 1; n > 0; folded += n) {
      n = (await sql<{ n: number }>`select rollup_fold(5000) as n`.execute(db)).rows[0]!.n;
    }
    const foldRate = folded / ((performance.now() - foldStart) / 1000);
    log(`  folded ${folded.toLocaleString('en')} queued changes at ${Math.round(foldRate)}/s`);
    log('vacuum analyze…');
    await sql`vacuum analyze`.execute(db);
    const sizes = (
      await sql<{ name: string; rows: number; mb: number }>`
        select c.relname as name, c.reltuples::int8 as rows, pg_total_relation_size(c.oid) / 1048576.0 as mb
        from pg_class c where c.relname in ('responses', 'likert_rollups', 'choice_rollups', 'respondent_rollups')
        order by c.relname`.execute(db)
    ).rows;

    // The year before `now` in whole quarters and a ragged range: the cases the dashboard and reports ask for.
    const local = new Date(now.getTime() + 7 * 3600_000);
    const year = local.getUTCFullYear();
    const quarter = Math.floor(local.getUTCMonth() / 3) + 1;
    const prevQ = quarter === 1 ? `Q4-${year - 1}` : `Q${quarter - 1}-${year}`;
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const cases: Array<{ name: string; q: AnalyticsFilterInput }> = [
      { name: 'education family, last 4 quarters, all units', q: { family: 'public-education-parents' } },
      { name: 'TTHC, previous quarter', q: { survey: 'tthc-services', period: prevQ } },
      {
        name: 'education, previous quarter, level THCS',
        q: { family: 'public-education-parents', period: prevQ, level: 'thcs' },
      },
      {
        name: 'education, ragged 200-day range, ward',
        q: {
          family: 'public-education-parents',
          from: day(new Date(now.getTime() - 250 * 86_400_000)),
          to: day(new Date(now.getTime() - 50 * 86_400_000)),
          ward: 'Phường 7',
        },
      },
      { name: 'one school, last 4 quarters', q: { survey: 'education-parents-thcs', unit: 'THCS-17' } },
    ];

    const results: Array<{
      name: string;
      n: number;
      first: number;
      p50: number;
      p95: number;
      naiveP50: number;
      speedup: number;
      speedupP95: number;
    }> = [];
    const all: number[] = [];
    for (const c of cases) {
      const outcome = await resolveFilterOutcome(db, analyst, c.q, { now });
      if (outcome.status !== 'ok') throw new Error(`filters refused: ${JSON.stringify(outcome.fields)}`);
      const f = outcome.filters;
      // The first run, timed: pool connections that have not read these rollup rows yet. A PostgreSQL
      // backend's first read of a set of rows costs several times its later reads of the same buffers.
      const f0 = performance.now();
      await computeSummary(db, f, { minN: 30 });
      const firstRun = performance.now() - f0;
      // Warm up as a running server is: every pool connection (summaries read in parallel) has read these
      // rows, and the definition and buffer caches are filled. Rounds of concurrent runs reach them all.
      for (let round = 0; round < WARM_ROUNDS; round++) {
        await Promise.all(Array.from({ length: POOL_SIZE }, () => computeSummary(db, f, { minN: 30 })));
      }
      const times: number[] = [];
      let summary = await computeSummary(db, f, { minN: 30 });
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        summary = await computeSummary(db, f, { minN: 30 });
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      const naiveTimes: number[] = [];
      // NAIVE_RUNS=0: the first (untimed warm-up) naive run is the one timed; at 5M it takes minutes.
      const n0 = performance.now();
      let raw = await rawCounts(db, f);
      if (NAIVE_RUNS === 0) naiveTimes.push(performance.now() - n0);
      for (let i = 0; i < NAIVE_RUNS; i++) {
        const t0 = performance.now();
        raw = await rawCounts(db, f);
        naiveTimes.push(performance.now() - t0);
      }
      naiveTimes.sort((a, b) => a - b);
      // Equal numbers: every question's counts, the respondents and the responses by status.
      for (const q of summary.questions) {
        assert.deepEqual(q.counts, raw.byKey[q.key] ?? { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, na: 0 }, `${c.name}: ${q.key}`);
      }
      assert.equal(summary.methods.comprehensive.n, raw.comprehensive.respondents, `${c.name}: respondents`);
      assert.equal(
        summary.methods.comprehensive.satisfied,
        raw.comprehensive.satisfiedOnAll,
        `${c.name}: satisfied on all`,
      );
      assert.equal(summary.responses.accepted, raw.responses.accepted, `${c.name}: accepted`);
      assert.equal(summary.responses.pending, raw.responses.pending, `${c.name}: pending`);
      const r = {
        name: c.name,
        n: summary.responses.accepted,
        first: firstRun,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        naiveP50: percentile(naiveTimes, 50),
        speedup: percentile(naiveTimes, 50) / percentile(times, 50),
        speedupP95: percentile(naiveTimes, 50) / percentile(times, 95),
      };
      results.push(r);
      log(
        `${r.name}: ${r.n} responses, first run ${ms(r.first)} ms, p50 ${ms(r.p50)} ms, p95 ${ms(r.p95)} ms; naive ${ms(r.naiveP50)} ms (${Math.round(r.speedup)}× the p50, ${Math.round(r.speedupP95)}× the p95) — equal numbers`,
      );
    }
    all.sort((a, b) => a - b);
    const p50 = percentile(all, 50);
    const p95 = percentile(all, 95);
    const minSpeedup = Math.min(...results.map((r) => r.speedup));
    const minSpeedupP95 = Math.min(...results.map((r) => r.speedupP95));
    const label = RESPONSES >= 1_000_000 ? `${RESPONSES / 1_000_000}M` : `${RESPONSES / 1000}k`;
    log(`all summaries: p50 ${ms(p50)} ms, p95 ${ms(p95)} ms; slowest speed-up ${Math.round(minSpeedup)}×`);

    const date = new Date().toISOString().slice(0, 10);
    const goalP95 = RESPONSES >= 5_000_000 ? 100 : 200;
    if (process.env.NO_WRITE) return;
    await writeSection(
      `analytics-${label}`,
      `## Analytics summary at ${label} responses (bench/analytics.ts)

Measured ${date} at commit ${commit} on ${machineLine()} (1-minute load ${os.loadavg()[0]!.toFixed(1)} at the end, which
includes the naive queries' own parallel workers); embedded PostgreSQL with its default settings.
${RESPONSES.toLocaleString('en')} responses over the 12 months before the run (${(880).toLocaleString('en')} schools, 9 offices; 80 % parent surveys,
20 % TTHC) loaded with \`COPY\` (triggers off)${Number.isFinite(load.loadSeconds) ? ` in ${Math.round(load.loadSeconds)} s (${Math.round(load.loadPerSecond).toLocaleString('en')} responses/s)` : ''},
then \`rollup_rebuild()\` in ${Math.round(load.rebuildSeconds)} s. With the rollup triggers on: ${INCREMENTAL.toLocaleString('en')} more by \`COPY\` at
${Math.round(incremental.perSecond).toLocaleString('en')} responses/s, and a single-row \`INSERT\` (what a submission does) takes
${insertWith.toFixed(2)} ms against ${insertWithout.toFixed(2)} ms without the triggers (baseline, same run).

| Table | Rows | Size (MB) |
| --- | ---: | ---: |
${sizes.map((s) => `| ${s.name} | ${Number(s.rows).toLocaleString('en')} | ${Math.round(Number(s.mb))} |`).join('\n')}

Summary = \`computeSummary\` (its rollup reads in parallel, each from a live view: the rollup table plus the
changes still queued, migrations/0060; then scoring), ${RUNS} runs per case after a warm-up that has each of the
pool's ${POOL_SIZE} connections read the case's rows (${WARM_ROUNDS} rounds of ${POOL_SIZE} concurrent summaries), as in a running server;
"first run" is the case's first summary, before that warm-up: a PostgreSQL backend's first read of a set of rollup
rows costs several times its later reads of the same buffers, so a dashboard's first figures after the app's pool
has replaced its idle connections (5 minutes idle, server/db/pool.ts) take about that long. The queue was folded
first (${folded.toLocaleString('en')} changes at ${Math.round(foldRate).toLocaleString('en')}/s);
naive = \`rawCounts\`, a GROUP BY over every raw response and answer, ${NAIVE_RUNS === 0 ? '1 run (the first)' : `${NAIVE_RUNS} run(s) after one untimed`} per case, same filters, same run.
Every case asserts the two give equal counts (per question, respondents, satisfied-on-all, responses by status).

| Case | Responses counted | First run (ms) | Summary p50 (ms) | Summary p95 (ms) | Naive p50 (ms) | Naive p50 ÷ summary p50 | Naive p50 ÷ summary p95 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${results.map((r) => `| ${r.name} | ${r.n.toLocaleString('en')} | ${ms(r.first)} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.naiveP50)} | ${Math.round(r.speedup)}× | ${Math.round(r.speedupP95)}× |`).join('\n')}
| **all cases** | | | **${ms(p50)}** | **${ms(p95)}** | | **≥ ${Math.round(minSpeedup)}×** | **≥ ${Math.round(minSpeedupP95)}×** |

Goal at ${label}: p95 ≤ ${goalP95} ms — **${results.every((r) => r.p95 <= goalP95) ? 'met' : 'not met'}** (all cases ${ms(p95)} ms, slowest case ${ms(Math.max(...results.map((r) => r.p95)))} ms); ≥ 20× the naive query — **${minSpeedup >= 20 ? 'met' : 'not met'}** (median against median, slowest case ${Math.round(minSpeedup)}×;
against the summary's p95 the slowest case is ${Math.round(minSpeedupP95)}×); equal numbers — **met** (asserted).
The slowest ratios are the narrow cases (a ward, one school), where the naive query also reads few rows through
the responses (unit, time) index; for the Sở-wide summary the ratio is in the hundreds.`,
    );
    log('wrote docs/benchmarks.md');
  } finally {
    await cluster.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
