import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { prune, touch } from './cache.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** What the compiled server is made of: its sources, the shared domain code, and the compiler's version. */
const SOURCE_DIRS = ['server', 'domain'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tests/setup/server-build.ts'];
/**
 * Read by the server at run time through paths relative to its own files (MIGRATIONS_DIR, DEFINITIONS_DIR,
 * DEMO_UNITS_CSV, WEB_DIST) and the packages it imports: linked into the build, never copied, so a run
 * always reads the working tree's own (and they need not be part of the key).
 */
const LINKED = ['migrations', 'survey-definitions', 'demo', 'web', 'node_modules'];
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'hailong-test-server');

/** cp -a: a tenth of fs.cp's time for these few hundred small files. */
const copyTree = (from: string, to: string) => promisify(execFile)('cp', ['-a', `${from}/.`, to]);

async function sourcesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

async function sources(): Promise<string[]> {
  return (await Promise.all(SOURCE_DIRS.map((d) => sourcesUnder(path.join(ROOT, d))))).flat().sort();
}

/** A digest of the build's inputs: names and contents, so an edit, a new file or a new package all count. */
async function inputsKey(files: string[]): Promise<string> {
  const all = [...files, ...SOURCE_FILES.map((f) => path.join(ROOT, f))];
  const contents = await Promise.all(all.map((file) => readFile(file).catch(() => Buffer.from('(missing)'))));
  const hash = createHash('sha256');
  all.forEach((file, i) => {
    hash.update(`${path.relative(ROOT, file)}\0`);
    hash.update(contents[i]!);
    hash.update('\0');
  });
  return hash.digest('hex').slice(0, 24);
}

/**
 * The server and its CLIs compiled to JavaScript in outDir (a folder of this run), laid out like the
 * repository, for the tests that start them as child processes: `node outDir/server/main.js` loads in
 * a fraction of the time tsx needs to load the sources, on every one of the suite's dozen spawns. The
 * Docker image runs compiled JavaScript too (tsc -p tsconfig.build.json); here esbuild transpiles file
 * by file (no type check: tsc does that separately), in about a second where tsc takes tens. The output
 * is a function of its inputs, so a run whose inputs match an earlier run's copies it instead (0.2 s).
 * HL_SERVER_BUILD=1 always compiles. Spawning tests find it through HL_SERVER_BUILD_DIR
 * (tests/helpers/server-process.ts).
 */
export async function prepareServerBuild(outDir: string): Promise<'built' | 'reused'> {
  const files = await sources();
  const cached = path.join(CACHE, await inputsKey(files));
  let outcome: 'built' | 'reused' = 'built';
  try {
    if (process.env.HL_SERVER_BUILD === '1') throw new Error('a fresh build was asked for');
    await copyTree(cached, outDir);
    await touch(cached);
    outcome = 'reused';
  } catch {
    await compile(files, outDir);
    await store(outDir, cached);
  }
  // ESM like the sources (package.json "type": "module"), and the folders the server reads beside its code.
  await writeFile(path.join(outDir, 'package.json'), '{ "type": "module" }\n');
  await Promise.all(LINKED.map((name) => symlink(path.join(ROOT, name), path.join(outDir, name))));
  return outcome;
}

async function compile(files: string[], outDir: string): Promise<void> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: files,
    outdir: outDir,
    outbase: ROOT,
    // One output file per source, imports left as written ('./x.js'), as tsc emits them.
    bundle: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
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
    await copyTree(outDir, aside);
    await rename(aside, cached);
    await prune(CACHE);
  } catch {
    // Another run stored the same build first, or the cache is not writable: only the next run is slower.
    await rm(aside, { recursive: true, force: true });
  }
}
