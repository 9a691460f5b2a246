/**
 * Soak: a steady open-loop load for a long time, to show what drifts (memory, pool, latency) and
 * whether anything fails. The real app (child process, pool of 10) on an embedded PostgreSQL with
 * the demo data; SOAK_RATE new valid answers a second (fresh ids, spread over every demo link) and,
 * as a signed-in administrator, GET /api/v1/analytics/summary about once a second — a dashboard
 * left open. /metrics is sampled every few seconds.
 *
 *   npx tsx bench/soak.ts                       # 30 minutes at 200 answers/s
 *   SOAK_MINUTES=5 SOAK_RATE=100 npx tsx bench/soak.ts
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import type { Answers } from '../domain/answers.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { machineLine, round, writeSection } from './report.js';
import { prepareBenchDatabase, startServerProcess } from './server.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const RATE = Number(process.env.SOAK_RATE ?? 200);
const POOL = 10;
const SAMPLE_MS = 5_000;
/** After the last request is sent, how long to wait for answers before calling the rest unanswered. */
const DRAIN_MS = Number(process.env.SOAK_DRAIN_SECONDS ?? 120) * 1000;
const READ_EVERY_MS = 1_000;

interface Target {
  code: string;
  versionId: number;
  answers: Answers;
}

/** One minute of the run: submissions and dashboard reads, and what /metrics showed. */
interface Minute {
  ok: number;
  non2xx: number;
  errors: number;
  latencies: number[];
  reads: number[];
  readFailures: number;
  /** Answers that came back (any status) during this wall-clock minute, whenever they were sent. */
  answered: number;
  /** p99 of POST /api/v1/public/responses as the server measured it (histogram delta over the minute). */
  serverP99?: number;
  /** The machine's highest 1-minute load average seen in the minute (other work shares these cores). */
  load?: number;
  rssMb?: number;
  heapMb?: number;
  poolTotalMax?: number;
  poolIdleMin?: number;
  poolWaitingMax?: number;
}

const newMinute = (): Minute => ({
  ok: 0,
  non2xx: 0,
  errors: 0,
  latencies: [],
  reads: [],
  readFailures: 0,
  answered: 0,
});

function answersFor(def: TSurveyDefinition, i: number): Answers {
  const answers: Answers = {};
  for (const [j, q] of def.questions.entries()) {
    if (q.type === 'likert5') answers[q.key] = 1 + ((i + j) % 5);
    else if (q.type === 'yes_no') answers[q.key] = (i + j) % 3 !== 0;
    else if (q.type === 'single_choice') answers[q.key] = q.options[(i + j) % q.options.length]!.value;
    else if (q.required) answers[q.key] = 'Ý kiến thử nghiệm';
  }
  return answers;
}

async function targets(pool: pg.Pool): Promise<Target[]> {
  const { rows } = await pool.query<{ code: string; version_id: number; definition: TSurveyDefinition }>(
    `select l.code, v.id as version_id, v.definition
       from links l
       join lateral (select id, definition from survey_versions
                      where survey_id = l.survey_id and retired_at is null order by number desc limit 1) v on true
      where l.retired_at is null order by l.id`,
  );
  return rows.map((r, i) => ({ code: r.code, versionId: Number(r.version_id), answers: answersFor(r.definition, i) }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** The few series the soak watches, from the Prometheus text. */
export function parseMetrics(text: string) {
  const value = (re: RegExp) => {
    const m = re.exec(text);
    return m ? Number(m[1]) : undefined;
  };
  return {
    rss: value(/^hailong_process_resident_memory_bytes (\S+)/m),
    heap: value(/^hailong_nodejs_heap_size_used_bytes (\S+)/m),
    poolTotal: value(/^db_pool_connections\{state="total"\} (\S+)/m),
    poolIdle: value(/^db_pool_connections\{state="idle"\} (\S+)/m),
    poolWaiting: value(/^db_pool_connections\{state="waiting"\} (\S+)/m),
    submitBuckets: [
      ...text.matchAll(
        /^http_request_duration_seconds_bucket\{le="([^"]+)",method="POST",route="\/api\/v1\/public\/responses"\} (\S+)/gm,
      ),
    ].map(([, le, n]) => ({ le: le === '+Inf' ? Infinity : Number(le), n: Number(n) })),
  };
}

/** The 99th percentile (ms) from the difference of two cumulative histograms, interpolated as Prometheus does. */
export function histogramP99(
  before: Array<{ le: number; n: number }>,
  after: Array<{ le: number; n: number }>,
): number | undefined {
  const delta = after.map((b, i) => ({ le: b.le, n: b.n - (before[i]?.n ?? 0) }));
  const total = delta.at(-1)?.n ?? 0;
  if (total === 0) return undefined;
  const rank = 0.99 * total;
  let lower = 0;
  let below = 0;
  for (const b of delta) {
    if (b.n >= rank) {
      if (!Number.isFinite(b.le)) return lower * 1000;
      return (lower + ((b.le - lower) * (rank - below)) / Math.max(1, b.n - below)) * 1000;
    }
    lower = b.le;
    below = b.n;
  }
  return undefined;
}

async function signInAdmin(url: string, databaseUrl: string): Promise<string> {
  const { hashPassword } = await import('../server/auth/passwords.js');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const email = 'soak-admin@bench.vn';
  const password = 'a soak benchmark passphrase';
  try {
    const { rows } = await pool.query<{ id: number }>(
      `insert into users (email, display_name, password_hash) values ($1, $1, $2) returning id`,
      [email, await hashPassword(password)],
    );
    await pool.query(`insert into user_roles (user_id, role, unit_id) values ($1, 'admin', null)`, [rows[0]!.id]);
  } finally {
    await pool.end();
  }
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  return /hl_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
}

export async function main() {
  const date = new Date().toISOString();
  const say = (line: string) => console.log(line);
  say(`Soak — ${date}; ${MINUTES} min at ${RATE} answers/s\nMachine: ${machineLine()}`);
  const db = await prepareBenchDatabase(say);
  // The per-IP ceiling stays on (its cost is part of the load), just high enough for one client.
  const server = await startServerProcess({
    databaseUrl: db.url,
    env: { SUBMIT_RATE_LIMIT_PER_MINUTE: '1000000', DB_POOL_MAX: String(POOL) },
  }).catch(async (err: unknown) => {
    await db.stop();
    throw err;
  });
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  try {
    const all = await targets(pool);
    const cookie = await signInAdmin(server.url, db.url);
    const count = async () => Number((await pool.query('select count(*) from responses')).rows[0].count);
    const dbSize = async () =>
      Number((await pool.query('select pg_database_size(current_database()) as s')).rows[0].s) / 2 ** 20;
    const rowsBefore = await count();
    const sizeBefore = await dbSize();
    const year = new Date().getFullYear();
    const summaryUrl = `${server.url}/api/v1/analytics/summary?survey=education-parents-thcs&period=Y-${year}`;
    say(`${all.length} links; server at ${server.url}; ${rowsBefore} responses before`);

    const minutes: Minute[] = Array.from({ length: MINUTES }, newMinute);
    const start = performance.now();
    const minuteOf = (t: number) => Math.min(MINUTES - 1, Math.floor((t - start) / 60_000));
    const submitUrl = new URL('/api/v1/public/responses', server.url);
    const pending = new Set<Promise<void>>();
    let sent = 0;
    let draining = false;
    let answeredAfterEnd = 0;
    const send = (planned: number) => {
      const tg = all[sent % all.length]!;
      const payload = JSON.stringify({
        id: randomUUID(),
        linkCode: tg.code,
        versionId: tg.versionId,
        answers: tg.answers,
        startedAt: new Date(Date.now() - 120_000).toISOString(),
        deviceToken: randomBytes(18).toString('base64url'),
      });
      const bucket = minutes[minuteOf(planned)]!;
      const done = new Promise<void>((resolve) => {
        const req = http.request(
          submitUrl,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              const now = performance.now();
              if (now < end) minutes[minuteOf(now)]!.answered++;
              else answeredAfterEnd++;
              // Latency counts from the planned send time (open loop: no coordinated omission).
              if (res.statusCode && res.statusCode < 300) {
                bucket.ok++;
                bucket.latencies.push(performance.now() - planned);
              } else bucket.non2xx++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          if (!draining) bucket.errors++;
          resolve();
        });
        req.end(payload);
      });
      pending.add(done);
      void done.then(() => pending.delete(done));
    };

    const total = Math.round(RATE * MINUTES * 60);
    const end = start + MINUTES * 60_000;
    // Dashboard reads, one at a time (a person does not click faster than the page answers).
    const reader = (async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const bucket = minutes[minuteOf(t0)]!;
        try {
          const res = await fetch(summaryUrl, { headers: { cookie } });
          await res.arrayBuffer();
          if (res.status === 200) bucket.reads.push(performance.now() - t0);
          else bucket.readFailures++;
        } catch {
          bucket.readFailures++;
        }
        await new Promise((r) => setTimeout(r, Math.max(0, READ_EVERY_MS - (performance.now() - t0))));
      }
    })();
    let sampleFailures = 0;
    // The server's histogram at the start of each minute, to take the minute's p99 from the difference.
    const histogramAt = new Map<number, Array<{ le: number; n: number }>>();
    let lastHistogram: Array<{ le: number; n: number }> = [];
    const sampler = setInterval(() => {
      const index = minuteOf(performance.now());
      const bucket = minutes[index]!;
      bucket.load = Math.max(bucket.load ?? 0, os.loadavg()[0]!);
      fetch(`${server.url}/metrics`)
        .then((res) => res.text())
        .then((text) => {
          const m = parseMetrics(text);
          if (!histogramAt.has(index)) histogramAt.set(index, lastHistogram);
          lastHistogram = m.submitBuckets;
          const p = histogramP99(histogramAt.get(index)!, m.submitBuckets);
          if (p !== undefined) bucket.serverP99 = p;
          if (m.rss !== undefined) bucket.rssMb = m.rss / 2 ** 20;
          if (m.heap !== undefined) bucket.heapMb = m.heap / 2 ** 20;
          if (m.poolTotal !== undefined) bucket.poolTotalMax = Math.max(bucket.poolTotalMax ?? 0, m.poolTotal);
          if (m.poolIdle !== undefined) bucket.poolIdleMin = Math.min(bucket.poolIdleMin ?? Infinity, m.poolIdle);
          if (m.poolWaiting !== undefined) bucket.poolWaitingMax = Math.max(bucket.poolWaitingMax ?? 0, m.poolWaiting);
        })
        .catch(() => sampleFailures++);
    }, SAMPLE_MS);
    let reported = 0;
    const report = (i: number) => {
      const m = minutes[i]!;
      const sorted = [...m.latencies].sort((a, b) => a - b);
      say(
        `  min ${i + 1}: ${m.ok} ok, ${m.non2xx} non-2xx, ${m.errors} errors, ${m.answered} answered; ` +
          `p50 ${round(percentile(sorted, 50))} ms, p99 ${round(percentile(sorted, 99))} ms (server p99 ` +
          `${round(m.serverP99 ?? 0)} ms); load ${round(m.load ?? 0)}; reads ${m.reads.length} (${m.readFailures} failed); ` +
          `RSS ${round(m.rssMb ?? 0)} MB, heap ${round(m.heapMb ?? 0)} MB; pool total ≤ ${m.poolTotalMax ?? '?'}, ` +
          `idle ≥ ${m.poolIdleMin ?? '?'}, waiting ≤ ${m.poolWaitingMax ?? '?'}`,
      );
    };
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        const due = Math.min(total, Math.floor(((now - start) / 1000) * RATE));
        while (sent < due) send(start + (sent++ * 1000) / RATE);
        // Print a minute once its requests have had ten seconds to finish.
        while (reported < MINUTES && now - start > (reported + 1) * 60_000 + 10_000) report(reported++);
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 2);
    });
    const drained = await Promise.race([
      Promise.all(pending).then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), DRAIN_MS)),
    ]);
    draining = true;
    const unanswered = pending.size;
    if (!drained) say(`${unanswered} requests still unanswered ${DRAIN_MS / 1000} s after the last was sent`);
    await reader;
    clearInterval(sampler);
    while (reported < MINUTES) report(reported++);
    // Acknowledged before the rows are counted: every one of them must be among the rows.
    const acknowledged = minutes.reduce((s, m) => s + m.ok, 0);
    const rowsAfter = await count();
    const sizeAfter = await dbSize();
    const metricsText = await (await fetch(`${server.url}/metrics`)).text();
    const statuses = [...metricsText.matchAll(/^http_requests_total\{([^}]*)\} (\S+)/gm)]
      .filter(([, labels]) => !/status="2\d\d"/.test(labels!))
      .map(([, labels, n]) => `${labels} ${n}`);

    const table = minutes.map((m, i) => {
      const sorted = [...m.latencies].sort((a, b) => a - b);
      const reads = [...m.reads].sort((a, b) => a - b);
      return `| ${i + 1} | ${m.ok} | ${m.non2xx + m.errors} | ${m.answered} | ${round(percentile(sorted, 50))} | ${round(percentile(sorted, 99))} | ${round(m.serverP99 ?? 0)} | ${round(percentile(reads, 50))} | ${m.reads.length}/${m.readFailures} | ${round(m.rssMb ?? 0)} | ${round(m.heapMb ?? 0)} | ${m.poolTotalMax ?? '?'} / ${m.poolIdleMin ?? '?'} / ${m.poolWaitingMax ?? '?'} | ${round(m.load ?? 0)} |`;
    });
    // Minute 1 includes the JIT warm-up; "start" is minute 2, unless the run is that short.
    const first = minutes[Math.min(1, MINUTES - 1)]!;
    const last = minutes[MINUTES - 1]!;
    const p99 = (m: Minute) =>
      round(
        percentile(
          [...m.latencies].sort((a, b) => a - b),
          99,
        ),
      );
    const failed = minutes.reduce((s, m) => s + m.non2xx + m.errors, 0);
    const readFailures = minutes.reduce((s, m) => s + m.readFailures, 0);
    const reads = minutes.reduce((s, m) => s + m.reads.length, 0);
    const shown = MINUTES <= 30 ? table : table.filter((_, i) => i % 5 === 0 || i === MINUTES - 1);
    say(
      `done: ${acknowledged} acknowledged, ${rowsAfter - rowsBefore} rows stored, ${failed} failed, ${readFailures} reads failed`,
    );

    await writeSection(
      'soak',
      `## Soak: ${MINUTES} minutes at ${RATE} answers/s (bench/soak.ts)

Measured ${date.slice(0, 10)} on ${machineLine()}. The app (\`buildApp\`, in a child process, pool of ${POOL}) on
an embedded PostgreSQL 18 with the demo data (${rowsBefore} responses before the run). The load generator, in
the parent process on the same two cores: an open-loop stream of ${RATE} new valid answers a second (fresh
UUID and device token, spread over ${all.length} demo links; latency counted from each request's planned send
time) and, as a signed-in administrator, \`GET /api/v1/analytics/summary\` (one survey, this year) about once a
second. \`/metrics\` sampled every ${SAMPLE_MS / 1000} s: RSS and heap are the minute's last sample; pool is
the minute's highest total / lowest idle / highest waiting; "server p99" is the app's own
\`http_request_duration_seconds\` for the submission route over the minute (it leaves out time queued in the
client). "Accepted", "Failed" and the client latencies count requests by the minute they were due to be sent;
"Answered in the minute" counts answers by the minute they came back, so it shows the rate the server kept up.
"Load" is the machine's 1-minute load average: this machine is shared, and a load well above 2 means other
work was taking CPU from the app. Minute 1 includes the warm-up.

| Start → end | Minute ${Math.min(2, MINUTES)} | Minute ${MINUTES} |
| --- | ---: | ---: |
| Submission p99, client, from planned send (ms) | ${p99(first)} | ${p99(last)} |
| Submission p99, server (ms) | ${round(first.serverP99 ?? 0)} | ${round(last.serverP99 ?? 0)} |
| Answers answered in the minute | ${first.answered} | ${last.answered} |
| RSS (MB) | ${round(first.rssMb ?? 0)} | ${round(last.rssMb ?? 0)} |
| Heap used (MB) | ${round(first.heapMb ?? 0)} | ${round(last.heapMb ?? 0)} |
| Pool waiting (max) | ${first.poolWaitingMax ?? '?'} | ${last.poolWaitingMax ?? '?'} |
| Database size (MB) | ${round(sizeBefore)} (before) | ${round(sizeAfter)} (after) |
| Machine load average (1 min) | ${round(first.load ?? 0)} | ${round(last.load ?? 0)} |

- ${acknowledged} answers acknowledged (2xx) by the time the rows were counted, ${rowsAfter - rowsBefore} rows stored
  (${rowsAfter - rowsBefore >= acknowledged ? 'every acknowledged answer is stored' : '**FEWER rows than acknowledged answers**'});
  failed submissions (non-2xx or connection errors): **${failed}**; answered in the ${DRAIN_MS / 1000} s after the
  last was sent: ${answeredAfterEnd}; still unanswered then: ${unanswered}. Dashboard reads: ${reads} answered 200, **${readFailures}** failed.
- Non-2xx responses the server counted (\`http_requests_total\`): ${statuses.length > 0 ? statuses.map((s) => `\`${s}\``).join(', ') : '**none**'}.${
        sampleFailures > 0 ? `\n- ${sampleFailures} /metrics samples failed.` : ''
      }

| Minute | Accepted | Failed | Answered in the minute | p50 ms | p99 ms | Server p99 ms | Summary p50 ms | Reads ok/failed | RSS MB | Heap MB | Pool total / idle / waiting | Load |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${shown.join('\n')}
`,
    );
    say('docs/benchmarks.md updated (section soak)');
  } finally {
    agent.destroy();
    await pool.end();
    await server.stop();
    await db.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
