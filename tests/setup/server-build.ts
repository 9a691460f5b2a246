import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { copyTree, digestFiles, prune, touch } from './cache.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** What the compiled server is made of: its sources, the shared domain code, and the compiler's version. */
const SOURCE_DIRS = ['server', 'domain'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tests/setup/server-build.ts'];
/** What tests run as a process: `npm start`'s server/main.ts and the npm scripts' CLIs. */
const ENTRIES = ['server/main.ts', 'server/cli'];
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'hailong-test-server');

async function sourcesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** A digest of the build's inputs: names and contents, so an edit, a new file or a new package all count. */
async function inputsKey(): Promise<string> {
  const sources = (await Promise.all(SOURCE_DIRS.map((d) => sourcesUnder(path.join(ROOT, d))))).flat().sort();
  return digestFiles([...sources, ...SOURCE_FILES.map((f) => path.join(ROOT, f))]);
}

/**
 * The server and its CLIs compiled to JavaScript in outDir (a folder of this run), for the tests that
 * start them as child processes: outDir/server/main.js and outDir/server/cli/*.js, one file each with
 * the app's own modules inside and the packages left to node_modules (linked in). Loading one compiled
 * file takes half the CPU of tsx loading two hundred sources (2.5 s against 6 s user+sys, measured
 * under load), on every one of the suite's dozen spawns; the Docker image runs compiled JavaScript too
 * (tsc -p tsconfig.build.json). esbuild transpiles without a type check (tsc does that separately), in
 * a second or two where tsc takes tens. The output is a function of its inputs, so a run whose inputs
 * match an earlier run's copies it instead (0.2 s). HL_SERVER_BUILD=1 always compiles. Spawning tests
 * find it through HL_SERVER_BUILD_DIR (tests/helpers/server-process.ts).
 */
export async function prepareServerBuild(outDir: string): Promise<'built' | 'reused'> {
  const cached = path.join(CACHE, await inputsKey());
  let outcome: 'built' | 'reused' = 'built';
  try {
    if (process.env.HL_SERVER_BUILD === '1') throw new Error('a fresh build was asked for');
    await copyTree(`${cached}/.`, outDir);
    await touch(cached);
    outcome = 'reused';
  } catch {
    await compile(outDir);
    await store(outDir, cached);
  }
  // ESM like the sources (package.json "type": "module"), importing the working tree's packages.
  await writeFile(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  await symlink(path.join(ROOT, 'node_modules'), path.join(outDir, 'node_modules'));
  return outcome;
}

/**
 * The sources find migrations/, survey-definitions/, demo/ and web/dist through import.meta.dirname,
 * and resolve packages through createRequire(import.meta.url). In one bundled file those would name
 * the bundle; each source keeps its own (its place in the working tree), so every path holds as with tsx.
 */
const ownLocation: Plugin = {
  name: 'own-location',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path: file }) => ({
      contents: (await readFile(file, 'utf8'))
        .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(file)))
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(file).href)),
      loader: 'ts',
    }));
  },
};

async function compile(outDir: string): Promise<void> {
  const { build } = await import('esbuild');
  const entryPoints = (
    await Promise.all(ENTRIES.map(async (e) => (e.endsWith('.ts') ? [e] : await sourcesUnder(path.join(ROOT, e)))))
  )
    .flat()
    .map((e) => path.resolve(ROOT, e));
  await build({
    entryPoints,
    outdir: outDir,
    outbase: ROOT,
    bundle: true,
    packages: 'external',
    format: 'esm',
    // Modules the app imports on first use (the PDF, XLSX and image writers, posters/routes.ts) become chunks
    // loaded then, as with tsx and the compiled image; in one file their packages would load at every start.
    splitting: true,
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    plugins: [ownLocation],
    // For NODE_OPTIONS=--enable-source-maps when a spawned server's stack trace needs the sources' lines
    // (not on by default: reading the maps costs a fifth more CPU at every start).
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

/** Kept for the next run; written aside and renamed, so a run beside this one never sees half a copy. */
async function store(outDir: string, cached: string): Promise<void> {
  const aside = `${cached}.${process.pid}.tmp`;
  try {
    await mkdir(aside, { recursive: true });
    await copyTree(`${outDir}/.`, aside);
    await rename(aside, cached);
    await prune(CACHE);
  } catch {
    // Another run stored the same build first, or the cache is not writable: only the next run is slower.
    await rm(aside, { recursive: true, force: true });
  }
}
