/**
 * The table and decision bench/partitioning.ts writes into docs/benchmarks.md (the "Partitioning"
 * subsection, between its bench markers). The decision follows the rule written there before the run:
 * adopt if the partitioned insert costs under 10 % of the plain rate and retention matters.
 */
import os from 'node:os';
import { machineLine, writeSection } from './report.js';

export interface InsertRun {
  rows: number;
  perSecond: number;
  p50: number;
  p99: number;
}

export interface Figures {
  responses: number;
  partitions: number;
  seconds: number;
  inserts: Array<{ plain: InsertRun; part: InsertRun }>;
  scans: Array<{ name: string; rows: number; plain: number; part: number }>;
  retention: {
    month: string;
    rows: number;
    batches: number;
    deleteSeconds: number;
    foldSeconds: number;
    detachSeconds: number;
    idle: { plain: InsertRun; part: InsertRun };
    duringDelete: InsertRun;
    duringDetach: InsertRun;
  };
  sizes: Array<{ name: string; mb: number }>;
}

const n = (v: number) => Math.round(v).toLocaleString('en');
const f1 = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export function insertCost(fig: Figures): number {
  return 1 - mean(fig.inserts.map((r) => r.part.perSecond)) / mean(fig.inserts.map((r) => r.plain.perSecond));
}

export async function writePartitioningSection(fig: Figures): Promise<void> {
  const cost = insertCost(fig);
  const r = fig.retention;
  const date = new Date().toISOString().slice(0, 10);
  const load = os.loadavg()[0] ?? 0;
  const cheapEnough = cost < 0.1;
  await writeSection(
    'partitioning',
    `### Partitioning (#10.5): measured; ${cheapEnough ? 'adopt (changes listed in docs/scaling.md, not yet made)' : 'not adopted'}

\`responses\` is one table with its (unit, time) and (survey, time) indexes. Monthly declarative partitions
make retention a \`DETACH PARTITION\`, but PostgreSQL requires every unique index of a partitioned table to
include the partition key: the idempotency key (the client's \`id\`, unique for ever) moves to a
\`response_ids (id primary key, submitted_at)\` table written by the same statement as the row, and the
partitioned primary key becomes \`(id, submitted_at)\`: a second heap row and index entry on every answer.

Measured ${date} by \`bench/partitioning.ts\` on ${machineLine()}, **a shared machine** (other engineers'
work ran at the same time; 1-minute load ${load.toFixed(1)} at the end), so only the **ratios of the same run**
mean something: plain and partitioned alternate (${fig.inserts.length} rounds of ${fig.seconds} s each) on one embedded PostgreSQL
(default settings), on the same ${n(fig.responses)} rows: \`responses\` as the app has it, and
\`bench_part_responses\`, \`partition by range (submitted_at)\` into ${fig.partitions} local months (the oldest to two
ahead), with the same columns, checks, foreign keys and indexes, plus \`bench_response_ids\`. Each table pays
its rollup-queue trigger (a copy of the real one, writing to its own queue).

(a) Single-row \`INSERT\` of the same rows, 16 connections, the submission's statement shape
(\`on conflict (id) do nothing returning id\`; partitioned: \`with claimed as (insert into response_ids … on
conflict do nothing returning …) insert into … select … from claimed\`, one statement):

| Round | Plain rows/s | Plain p50 / p99 (ms) | Partitioned rows/s | Partitioned p50 / p99 (ms) | Partitioned ÷ plain |
| ---: | ---: | ---: | ---: | ---: | ---: |
${fig.inserts.map((x, i) => `| ${i + 1} | ${n(x.plain.perSecond)} | ${f1(x.plain.p50)} / ${f1(x.plain.p99)} | ${n(x.part.perSecond)} | ${f1(x.part.p50)} / ${f1(x.part.p99)} | ${Math.round((x.part.perSecond / x.plain.perSecond) * 100)} % |`).join('\n')}

Insert cost of partitioning (mean of the rounds): **${cost <= 0 ? `none (partitioned at ${(1 - cost).toFixed(2)}× the plain rate)` : `${(cost * 100).toFixed(1)} %`}** of the plain rate (rule: under 10 %).

(b) The export's scan: \`COPY (SELECT id, unit_id, submitted_at, channel, answers, comment, review_status …
WHERE … ORDER BY submitted_at) TO STDOUT\`, drained; best of the runs, warm cache (both tables fit in RAM):

| Period filter | Rows | Plain (s) | Partitioned (s) | Partitioned ÷ plain |
| --- | ---: | ---: | ---: | ---: |
${fig.scans.map((s) => `| ${s.name} | ${n(s.rows)} | ${f1(s.plain)} | ${f1(s.part)} | ${Math.round((s.part / s.plain) * 100)} % |`).join('\n')}

(c) Retention of the oldest month (${r.month}, ${n(r.rows)} answers), while 4 connections keep inserting into the same table:

| | Time | Concurrent inserts/s | Their p99 (ms) |
| --- | ---: | ---: | ---: |
| Plain, idle (reference) | | ${n(r.idle.plain.perSecond)} | ${f1(r.idle.plain.p99)} |
| Plain: \`DELETE … WHERE id IN (SELECT … LIMIT 10000)\`, ${r.batches} batches | ${f1(r.deleteSeconds)} s | ${n(r.duringDelete.perSecond)} | ${f1(r.duringDelete.p99)} |
| Plain: folding the ${n(r.rows)} −1 changes the DELETE queued (scaled from 4 folds of 5,000) | ≈ ${f1(r.foldSeconds)} s | | |
| Partitioned, idle (reference) | | ${n(r.idle.part.perSecond)} | ${f1(r.idle.part.p99)} |
| Partitioned: \`DETACH PARTITION … CONCURRENTLY\` | ${f1(r.detachSeconds)} s | ${n(r.duringDetach.perSecond)} | ${f1(r.duringDetach.p99)} |

The DELETE's batches ran in one transaction that was rolled back (so the data stays for the next run); the
partition was attached again afterwards. Sizes: ${fig.sizes.map((s) => `${s.name} ${n(s.mb)} MB`).join(', ')}. 

${decision(cost, r)}`,
  );
}

function decision(cost: number, r: Figures['retention']): string {
  const retention = `Retention: the DELETE took ${f1(r.deleteSeconds + r.foldSeconds)} s with its fold for one month, against ${f1(r.detachSeconds)} s to detach`;
  if (cost >= 0.1)
    return `**Decision: not partitioned.** The id table costs ${(cost * 100).toFixed(0)} % of the single-row insert rate, over the
10 % the rule allows, on the path #10.1 made cheap; the reads do not need it (analytics read the rollups, exports
use the (survey, time) index). ${retention}; a month's DELETE in batches at night is acceptable
for the one rule that exists (docs/operations.md, "Retention"). Re-measure when a year holds well over 5M answers.`;
  return `**Decision: adopt monthly partitions** (insert cost ${cost <= 0 ? 'none' : `${(cost * 100).toFixed(1)} %`}, under the 10 % rule). ${retention}, and it
does not hold back the answers arriving meanwhile. Not implemented in this round: it changes the submission path
(owned by the submission feature); docs/scaling.md ("Step 3: partitions") lists the migration and code changes.`;
}
