/**
 * How many bytes the phone form costs a phone: builds the web app into a temp folder, then
 * follows form/index.html to every script and style it loads (and every chunk those import),
 * and measures each gzipped (level 9) and brotli-compressed (what the server sends when the
 * browser accepts it). Goal: at most 100 KB gzipped for the JS and CSS of the form page.
 *
 *   npx tsx bench/form-size.ts          # prints the figures and writes docs/benchmarks.md
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { ZSurveyDefinition } from '../domain/definition.js';
import { machineLine, round, writeSection } from './report.js';

const ROOT = path.resolve(import.meta.dirname, '..');
export const GOAL_KB = 100;

interface FileSize {
  file: string;
  raw: number;
  gzip: number;
  brotli: number;
}

const sizes = (file: string, body: Buffer): FileSize => ({
  file,
  raw: body.length,
  gzip: gzipSync(body, { level: 9 }).length,
  brotli: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const kb = (bytes: number) => round(bytes / 1024, 1);

export async function measure(log: (line: string) => void = console.log) {
  const out = await mkdtemp(path.join(os.tmpdir(), 'hailong-form-size-'));
  try {
    const { build } = await import('vite');
    await build({
      configFile: path.join(ROOT, 'web', 'vite.config.ts'),
      logLevel: 'warn',
      build: { outDir: out, emptyOutDir: true },
    });
    const html = await readFile(path.join(out, 'form', 'index.html'), 'utf8');
    const initial = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    // Every chunk the page's scripts import, statically or lazily: a phone may load them all.
    const seen = new Set<string>();
    const queue = [...initial];
    while (queue.length > 0) {
      const asset = queue.shift()!;
      if (seen.has(asset)) continue;
      seen.add(asset);
      if (!asset.endsWith('.js')) continue;
      const code = await readFile(path.join(out, asset), 'utf8');
      for (const m of code.matchAll(/["'`]\.\/([\w.-]+\.(?:js|css))["'`]/g)) queue.push(`/assets/${m[1]}`);
    }
    const files: FileSize[] = [];
    for (const asset of [...seen].sort()) files.push(sizes(asset, await readFile(path.join(out, asset))));
    const total = files.reduce((a, f) => ({ raw: a.raw + f.raw, gzip: a.gzip + f.gzip, brotli: a.brotli + f.brotli }), {
      raw: 0,
      gzip: 0,
      brotli: 0,
    });
    const page = sizes('/f/{code} HTML (template, before the form data is inlined)', Buffer.from(html));
    const definition = ZSurveyDefinition.parse(
      JSON.parse(await readFile(path.join(ROOT, 'survey-definitions', 'education-parents-tieu-hoc.json'), 'utf8')),
    );
    const inline = sizes('inlined form data (education-parents-tieu-hoc)', Buffer.from(JSON.stringify(definition)));
    const sw = sizes('/sw.js (service worker, after the first visit)', await readFile(path.join(out, 'sw.js')));
    for (const f of files) log(`${f.file}: ${kb(f.raw)} KB raw, ${kb(f.gzip)} KB gzip, ${kb(f.brotli)} KB brotli`);
    log(`JS + CSS of the form page: ${kb(total.gzip)} KB gzip (goal ≤ ${GOAL_KB} KB), ${kb(total.brotli)} KB brotli`);
    for (const f of [page, inline, sw]) log(`${f.file}: ${kb(f.gzip)} KB gzip`);
    return { files, total, extras: [page, inline, sw] };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function main() {
  const date = new Date().toISOString();
  console.log(`Form size — ${date}\nMachine: ${machineLine()}`);
  const { files, total, extras } = await measure();
  const row = (f: FileSize) => `| ${f.file} | ${kb(f.raw)} | ${kb(f.gzip)} | ${kb(f.brotli)} |`;
  const met = kb(total.gzip) <= GOAL_KB;
  await writeSection(
    'form-size',
    `## Phone form size (bench/form-size.ts)

Measured ${date.slice(0, 10)} on ${machineLine()}. Sizes in KB (1,024 bytes); gzip level 9 and brotli 11,
as the server sends them (pre-compressed at build). Everything the form page loads: the scripts and
style its HTML names, and every chunk they import.

| File | Raw | Gzip | Brotli |
| --- | ---: | ---: | ---: |
${files.map(row).join('\n')}
| **JS + CSS total** | **${kb(total.raw)}** | **${kb(total.gzip)}** | **${kb(total.brotli)}** |

Goal ≤ ${GOAL_KB} KB gzipped: **${met ? 'met' : 'NOT met'}** (${kb(total.gzip)} KB). React 19 and react-dom are most of it;
the form's own code, react-hook-form and the answer validator (domain/answers.ts, the same as the server's, no zod) the rest.

Not counted above, for completeness:

| Also sent | Raw | Gzip | Brotli |
| --- | ---: | ---: | ---: |
${extras.map(row).join('\n')}
`,
  );
  console.log('docs/benchmarks.md updated (section form-size)');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
