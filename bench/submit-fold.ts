/**
 * The rollup fold's cost per batch size (#10.2), alone: on the demo data, queue N new answers (copies of
 * random demo answers, submitted now, so they spread over the units as live traffic does), then time one
 * `rollup_fold(N)` and read its backend's CPU from /proc. Reports wall and CPU ms per batch and µs per change
 * (median of REPS).
 * Exactness is the tests' job (tests/rollup-queue.test.ts, tests/analytics-rollups.test.ts).
 *
 *   npx tsx bench/submit-fold.ts                        # sizes 50,200,500,2000
 *   SIZES=50,500 REPS=5 DATA_DIR=/tmp/fold-db npx tsx bench/submit-fold.ts   # keep the cluster between runs
 *
 * Linux only (/proc).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const SIZES = (process.env.SIZES ?? '50,200,500,2000').split(',').map(Number);
const REPS = Number(process.env.REPS ?? 3);
// Fold functions to compare, interleaved run by run so that a shared machine's load hits them alike
// (e.g. FOLDS=rollup_fold,rollup_fold_v2 after creating a candidate beside the current one).
const FOLDS = (process.env.FOLDS ?? 'rollup_fold').split(',');
const TICK = 100; // USER_HZ on Linux

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICK;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const { startEmbeddedPostgres } = await import('../server/db/embedded.js');
  const { migrate } = await import('../server/db/migrate.js');
  const { createKysely, createPool } = await import('../server/db/pool.js');
  const { publishDefinitions, readDefinitionFiles } = await import('../server/definitions/publish.js');
  const { seedDemo } = await import('../server/demo/seed.js');
  const keep = process.env.DATA_DIR;
  const dataDir = keep ?? (await mkdtemp(path.join(os.tmpdir(), 'hailong-fold-')));
  const db = await startEmbeddedPostgres({ dataDir });
  const pool = createPool(db.url, 4);
  try {
    await migrate(pool);
    if ((await pool.query('select count(*)::int as n from responses')).rows[0].n === 0) {
      const k = createKysely(pool);
      await publishDefinitions(k, await readDefinitionFiles());
      await seedDemo(k);
    }
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    // Start from an empty queue, and let the planner see the data.
    await client.query('select rollup_fold(1000000)');
    await client.query('analyze');
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    const total = (await client.query('select count(*)::int as n from responses')).rows[0].n as number;
    console.log(`${total} responses; batch sizes ${SIZES.join(', ')}; ${REPS} runs each (median)`);
    for (const n of [SIZES[0]!, ...SIZES]) {
      const wall = new Map<string, number[]>(FOLDS.map((f) => [f, []]));
      const cpu = new Map<string, number[]>(FOLDS.map((f) => [f, []]));
      for (let r = 0; r < REPS; r++) {
        for (const fold of FOLDS) {
          await client.query(
            `insert into responses (id, survey_id, version_id, unit_id, link_id, channel, answers, comment, started_at,
                                    submitted_at, body_hash, review_status)
             select gen_random_uuid(), survey_id, version_id, unit_id, link_id, channel, answers, comment, started_at,
                    now(), body_hash, review_status
             from responses order by random() limit $1`,
            [n],
          );
          const c0 = cpuMs(pid);
          const t0 = performance.now();
          const { rows } = await client.query<{ n: number }>(`select ${fold}($1) as n`, [n]);
          wall.get(fold)!.push(performance.now() - t0);
          cpu.get(fold)!.push(cpuMs(pid) - c0);
          if (rows[0]!.n !== n) throw new Error(`folded ${rows[0]!.n}, expected ${n}`);
        }
      }
      for (const fold of FOLDS) {
        const w = median(wall.get(fold)!);
        const c = median(cpu.get(fold)!);
        console.log(
          `  ${fold} batch ${String(n).padStart(5)}: ${w.toFixed(1).padStart(7)} ms wall, ${c.toFixed(0).padStart(5)} ms CPU, ` +
            `${((w / n) * 1000).toFixed(0).padStart(5)} µs/change wall, ${((c / n) * 1000).toFixed(0).padStart(5)} µs/change CPU`,
        );
      }
    }
    await client.end();
  } finally {
    await pool.end();
    await db.stop();
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
