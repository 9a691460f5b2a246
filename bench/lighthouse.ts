/**
 * Lighthouse (mobile: emulated phone, simulated slow 4G and a 4× slower CPU, its defaults) on a demo
 * phone form, served by the real app on an embedded PostgreSQL, in Debian's chromium.
 * Goals: performance ≥ 90, accessibility 100.
 *
 *   npx tsx bench/lighthouse.ts          # CHROMIUM_PATH=/usr/bin/chromium by default; RUNS=3
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { machineLine, round, writeSection } from './report.js';
import { prepareBenchDatabase, startServerProcess } from './server.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.RUNS ?? 3);

interface Run {
  performance: number;
  accessibility: number;
  bestPractices: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  bytes: number;
  failedAudits: string[];
}

async function startChromium(): Promise<{ port: number; stop: () => Promise<void>; dir: string }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hailong-lh-chrome-'));
  const child = spawn(
    CHROMIUM,
    [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--remote-debugging-port=0',
      `--user-data-dir=${dir}`,
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let text = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const m = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(text);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`chromium exited (${code}): ${text.slice(0, 500)}`)));
  });
  return {
    port,
    dir,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function audit(url: string, port: number): Promise<Run> {
  const { default: lighthouse } = await import('lighthouse');
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility', 'best-practices'],
  });
  if (!result) throw new Error('lighthouse returned nothing');
  if (result.lhr.runtimeError)
    throw new Error(`lighthouse: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
  const { categories, audits } = result.lhr;
  if (process.env.LH_DEBUG) {
    for (const id of ['long-tasks', 'bootup-time', 'mainthread-work-breakdown', 'largest-contentful-paint-element']) {
      console.log(id, JSON.stringify((audits[id]?.details as { items?: unknown[] })?.items?.slice(0, 8)));
    }
  }
  const score = (c: string) => Math.round((categories[c]?.score ?? 0) * 100);
  const value = (a: string) => audits[a]?.numericValue ?? NaN;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    tbt: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    si: value('speed-index'),
    bytes: value('total-byte-weight'),
    failedAudits: Object.values(audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id),
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main() {
  const date = new Date().toISOString();
  const say = (line: string) => console.log(line);
  say(`Lighthouse (mobile) — ${date}\nMachine: ${machineLine()}`);
  const webDist = await mkdtemp(path.join(os.tmpdir(), 'hailong-lh-web-'));
  const { build } = await import('vite');
  await build({
    configFile: path.resolve(import.meta.dirname, '..', 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: webDist, emptyOutDir: true },
  });
  const db = await prepareBenchDatabase(say);
  const server = await startServerProcess({ databaseUrl: db.url, env: { HL_WEB_DIST: webDist } });
  const chrome = await startChromium();
  try {
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    const { rows } = await pool.query<{ code: string; name: string }>(
      `select l.code, u.name from links l join surveys s on s.id = l.survey_id join units u on u.id = l.unit_id
        where s.slug = 'education-parents-tieu-hoc' order by l.id limit 1`,
    );
    await pool.end();
    const url = `${server.url}/f/${rows[0]!.code}`;
    say(`auditing ${url} (${rows[0]!.name}), ${RUNS} runs, chromium ${CHROMIUM}`);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Lighthouse now and then fails a run outright (a protocol hiccup); such a run is repeated once.
      const run = await audit(url, chrome.port).catch((err: unknown) => {
        say(`  run ${i + 1} failed (${err instanceof Error ? err.message : String(err)}), repeating it`);
        return audit(url, chrome.port);
      });
      runs.push(run);
      say(
        `  run ${i + 1}: performance ${run.performance}, accessibility ${run.accessibility}, best practices ${run.bestPractices}; ` +
          `FCP ${round(run.fcp)} ms, LCP ${round(run.lcp)} ms, TBT ${round(run.tbt)} ms, CLS ${round(run.cls, 3)}` +
          (run.failedAudits.length ? `; failed: ${run.failedAudits.join(', ')}` : ''),
      );
    }
    const m = (k: keyof Omit<Run, 'failedAudits'>) => median(runs.map((r) => r[k]));
    const perf = m('performance');
    const a11y = m('accessibility');
    const failed = [...new Set(runs.flatMap((r) => r.failedAudits))];
    await writeSection(
      'lighthouse',
      `## Lighthouse, mobile (bench/lighthouse.ts)

Measured ${date.slice(0, 10)} on ${machineLine()}, Lighthouse 12 in Debian's chromium (headless), its mobile
defaults: an emulated phone, simulated slow 4G (150 ms RTT, 1.6 Mbps) and a 4× slower CPU. The page: a demo
primary-school parents' form (${rows[0]!.name}), served by the real app with the build's pre-compressed assets.
Median of ${RUNS} runs.

| Performance | Accessibility | Best practices | FCP | LCP | TBT | CLS | Speed index | Bytes |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| ${perf} | ${a11y} | ${m('bestPractices')} | ${round(m('fcp') / 1000, 2)} s | ${round(m('lcp') / 1000, 2)} s | ${round(m('tbt'))} ms | ${round(m('cls'), 3)} | ${round(m('si') / 1000, 2)} s | ${round(m('bytes') / 1024)} KB |

Goals: performance ≥ 90 **${perf >= 90 ? 'met' : 'NOT met'}**, accessibility 100 **${a11y === 100 ? 'met' : 'NOT met'}**.${
        failed.length ? ` Audits not passed: ${failed.join(', ')}.` : ''
      }
`,
    );
    say('docs/benchmarks.md updated (section lighthouse)');
  } finally {
    await chrome.stop();
    await server.stop();
    await db.stop();
    await rm(webDist, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
