/**
 * The submit bench's load (#10.2): what each request carries, the flat-out load (wrk when installed, else
 * autocannon) and the open-loop load at a steady rate. Every generator reports its own CPU per request, since
 * on two cores it competes with the app and PostgreSQL.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import type { Answers } from '../domain/answers.js';
import type { TSurveyDefinition } from '../domain/definition.js';
import { round } from './report.js';
import { openLoop, postBytes } from './open-loop.js';

export interface Target {
  code: string;
  linkId: number;
  surveyId: number;
  unitId: number;
  versionId: number;
  answers: Answers;
}

export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  /** CPU of the load generator per request sent, ms. */
  generatorMs: number;
}

function answersFor(def: TSurveyDefinition, i: number): Answers {
  const answers: Answers = {};
  for (const [j, q] of def.questions.entries()) {
    if (q.type === 'likert5' || q.type === 'agreement5') answers[q.key] = 1 + ((i + j) % 5);
    else if (q.type === 'multiple_choice')
      answers[q.key] = q.options.slice(0, Math.max(1, q.minSelections ?? 1)).map((o) => o.value);
    else if (q.type === 'number') answers[q.key] = q.min ?? 0;
    else if (q.type === 'yes_no') answers[q.key] = (i + j) % 3 !== 0;
    else if (q.type === 'single_choice') answers[q.key] = q.options[(i + j) % q.options.length]!.value;
    else if (q.required) answers[q.key] = 'Ý kiến thử nghiệm';
  }
  return answers;
}

/** Every open link of the public channels, with a valid answer to its current version. */
export async function targets(pool: pg.Pool): Promise<Target[]> {
  const { rows } = await pool.query<{
    code: string;
    link_id: number;
    survey_id: number;
    unit_id: number;
    version_id: number;
    definition: TSurveyDefinition;
  }>(`select l.code, l.id as link_id, l.survey_id, l.unit_id, v.id as version_id, v.definition
        from links l
        join lateral (select id, definition from survey_versions
                       where survey_id = l.survey_id and retired_at is null order by number desc limit 1) v on true
       where l.retired_at is null and l.channel not in ('paper', 'interview') order by l.id`);
  return rows.map((r, i) => ({
    code: r.code,
    linkId: Number(r.link_id),
    surveyId: Number(r.survey_id),
    unitId: Number(r.unit_id),
    versionId: Number(r.version_id),
    answers: answersFor(r.definition, i),
  }));
}

export const SUBMIT_PATH = '/api/v1/public/responses';

/** A new valid answer each call: fresh UUID and device token, started two minutes back, links in turn. */
export function bodies(all: Target[]): () => string {
  let i = 0;
  return () => {
    const tg = all[i++ % all.length]!;
    return JSON.stringify({
      id: randomUUID(),
      linkCode: tg.code,
      versionId: tg.versionId,
      answers: tg.answers,
      startedAt: new Date(Date.now() - 120_000).toISOString(),
      deviceToken: randomBytes(18).toString('base64url'),
    });
  };
}

const cpuOfThisProcess = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/** Flat out with autocannon, in this process (its CPU is this process's during the run). */
async function autocannonLoad(url: string, all: Target[], connections: number, seconds: number) {
  const next = bodies(all);
  const cpu0 = cpuOfThisProcess();
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: SUBMIT_PATH,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: next() }),
      },
    ],
  });
  const sent = result['2xx'] + result.non2xx + result.errors;
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    perSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    generatorMs: round((cpuOfThisProcess() - cpu0) / Math.max(1, sent), 3),
  } satisfies LoadResult;
}

/** A long Lua string that no answer can close early. */
const luaString = (s: string) => `[==[${s}]==]`;

/**
 * The wrk script: the same bodies as bodies() (JSON made here, with the id, start time and device token
 * filled in per request), and a done() that prints the figures as one JSON line.
 */
function wrkScript(all: Target[]): string {
  const templates = all.map((tg) => {
    const json = JSON.stringify({
      id: '@ID@',
      linkCode: tg.code,
      versionId: tg.versionId,
      answers: tg.answers,
      startedAt: '@AT@',
      deviceToken: '@DEV@',
    });
    const [a, rest] = json.split('@ID@') as [string, string];
    const [b, rest2] = rest.split('@AT@') as [string, string];
    const [c, d] = rest2.split('@DEV@') as [string, string];
    return `{${[a, b, c, d].map(luaString).join(',')}}`;
  });
  return `
local templates = {${templates.join(',\n')}}
local threads, counter, i = {}, 0, 0
local hex, b64 = "0123456789abcdef", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
function setup(thread) counter = counter + 1; thread:set("tid", counter); table.insert(threads, thread) end
function init(args)
  math.randomseed(os.time() * 1000 + tid * 7919)
  for _ = 1, tid * 97 do math.random() end
  i = tid * 13
end
local function pick(alphabet, n)
  local t = {}
  for k = 1, n do local r = math.random(1, #alphabet); t[k] = alphabet:sub(r, r) end
  return table.concat(t)
end
function request()
  i = i + 1
  local t = templates[(i % #templates) + 1]
  local id = pick(hex, 8) .. "-" .. pick(hex, 4) .. "-4" .. pick(hex, 3) .. "-" .. hex:sub(9 + (i % 4), 9 + (i % 4)) .. pick(hex, 3) .. "-" .. pick(hex, 12)
  local at = os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - 120)
  local body = t[1] .. id .. t[2] .. at .. t[3] .. pick(b64, 24) .. t[4]
  return wrk.format("POST", "${SUBMIT_PATH}", { ["Content-Type"] = "application/json" }, body)
end
-- No response() function: with one, wrk hands every response's headers and body to Lua. Its errors.status
-- counts the answers of status 400 and over.
function done(summary, latency)
  io.write(string.format('WRK {"requests":%d,"durationUs":%d,"connect":%d,"read":%d,"write":%d,"timeout":%d,"status":%d,"p50":%d,"p99":%d,"max":%d}\\n',
    summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, summary.errors.status, latency:percentile(50), latency:percentile(99), latency.max))
end
`;
}

/** Flat out with wrk (C, two threads), in a child process; its CPU from /usr/bin/time when present. */
async function wrkLoad(url: string, all: Target[], connections: number, seconds: number) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hl-wrk-'));
  try {
    const script = path.join(dir, 'submit.lua');
    const times = path.join(dir, 'times');
    await writeFile(script, wrkScript(all));
    const wrkArgs = ['-t2', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, url];
    const timed = spawnSync('/usr/bin/time', ['--version']).error === undefined;
    const child = timed
      ? spawn('/usr/bin/time', ['-f', '%U %S', '-o', times, 'wrk', ...wrkArgs])
      : spawn('wrk', wrkArgs);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    await new Promise<void>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`wrk exited ${code}\n${out}`))));
    });
    const line = out.split('\n').find((l) => l.startsWith('WRK '));
    if (!line) throw new Error(`wrk printed no figures:\n${out}`);
    const w = JSON.parse(line.slice(4)) as Record<string, number>;
    const non2xx = w.status!;
    const ok = w.requests! - non2xx;
    const cpu = timed ? (await readFile(times, 'utf8')).trim().split('\n').at(-1)!.split(' ').map(Number) : [NaN, NaN];
    return {
      ok,
      non2xx,
      errors: w.connect! + w.read! + w.write! + w.timeout!,
      perSecond: ok / (w.durationUs! / 1e6),
      p50: round(w.p50! / 1000, 1),
      p99: round(w.p99! / 1000, 1),
      max: round(w.max! / 1000, 1),
      generatorMs: round(((cpu[0]! + cpu[1]!) * 1000) / Math.max(1, w.requests!), 3),
    } satisfies LoadResult;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Flat out: as many requests as `connections` keep-alive connections carry, each sent when the last is answered. */
export async function flatOut(
  url: string,
  all: Target[],
  options: { connections: number; seconds: number; generator: 'wrk' | 'autocannon' },
): Promise<LoadResult> {
  return options.generator === 'wrk'
    ? wrkLoad(url, all, options.connections, options.seconds)
    : autocannonLoad(url, all, options.connections, options.seconds);
}

/**
 * An open-loop load at a steady rate: request i is sent at start + i/rate whatever the answers
 * before it, and its latency counts from that planned moment (open-loop.ts; its bodies are built before
 * the clock starts). (autocannon's rate option sends each connection's quota for the second as a burst at
 * the start of the second, and fills its histogram with synthetic values for "coordinated omission", so it
 * cannot measure a fixed rate; wrk has no fixed rate.)
 */
export async function paced(
  url: string,
  all: Target[],
  rate: number,
  seconds: number,
  /** Each accepted answer's planned moment (performance.now()) and latency, for the tail analysis. */
  record?: (planned: number, ms: number) => void,
): Promise<LoadResult> {
  const next = bodies(all);
  const target = new URL(SUBMIT_PATH, url);
  const requests = Array.from({ length: rate * seconds }, () => postBytes(target, next()));
  const run = await openLoop(target, requests, rate);
  const latencies: number[] = [];
  let ok = 0;
  let non2xx = 0;
  const statuses = new Map<number, number>();
  for (const { planned, ms, status } of run.answered) {
    if (status >= 200 && status < 300) {
      ok++;
      latencies.push(ms);
      record?.(planned, ms);
    } else {
      non2xx++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  }
  const errors = run.errors;
  const elapsed = run.elapsedMs / 1000;
  if (statuses.size) console.log(`    non-2xx by status: ${[...statuses].map(([k, v]) => `${k}×${v}`).join(', ')}`);
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0, 1);
  return {
    ok,
    non2xx,
    errors,
    perSecond: ok / elapsed,
    p50: pct(50),
    p99: pct(99),
    max: round(latencies.at(-1) ?? 0, 1),
    generatorMs: round(run.cpuMsPerRequest, 3),
  };
}
