import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';

const BUILD_MODE = 'production';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
/** Everything the web build reads: its sources, the shared domain code, and the installed packages. */
const SOURCE_DIRS = ['web', 'domain'];
const SOURCE_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'server/web/build.ts'];
const CACHE = path.join(ROOT, 'node_modules', '.cache', 'hailong-test-web');

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !/\.test\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((file) => !/[\\/](dist|node_modules)[\\/]/.test(path.relative(ROOT, file)));
}

/** A digest of the build's inputs: names and contents, so an edit, a new file or a new package all count. */
async function inputsKey(): Promise<string> {
  const files = [
    ...(await Promise.all(SOURCE_DIRS.map((d) => filesUnder(path.join(ROOT, d))))).flat(),
    ...SOURCE_FILES.map((f) => path.join(ROOT, f)),
  ].sort();
  const hash = createHash('sha256');
  // The mode is an input too: React's development and production builds differ.
  hash.update(`NODE_ENV=${BUILD_MODE}\0`);
  for (const file of files) {
    hash.update(`${path.relative(ROOT, file)}\0`);
    hash.update(await readFile(file).catch(() => Buffer.from('(missing)')));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 24);
}

/**
 * The web build into outDir. The build is a function of its inputs, so a
 * run whose inputs match an earlier run's copies that build (milliseconds) instead of running Vite again
 * (10-20 s, on the critical path of every browser test). Any change to web/, domain/ or the packages
 * makes a new key and a fresh build. HL_WEB_BUILD=1 always builds.
 */
export async function prepareWebBuild(outDir: string): Promise<'built' | 'reused'> {
  const key = await inputsKey();
  const cached = path.join(CACHE, key);
  if (process.env.HL_WEB_BUILD !== '1') {
    try {
      await cp(cached, outDir, { recursive: true, errorOnExist: false });
      return 'reused';
    } catch {
      // Not cached yet: build below.
    }
  }
  await buildForTests();
  // Kept for the next run; written aside and renamed, so a run beside this one never sees half a copy.
  const aside = `${cached}.${process.pid}.tmp`;
  try {
    await rm(CACHE, { recursive: true, force: true });
    await mkdir(CACHE, { recursive: true });
    await cp(outDir, aside, { recursive: true });
    await rename(aside, cached);
  } catch {
    // Another run stored the same build first, or the cache is not writable: only the next run is slower.
    await rm(aside, { recursive: true, force: true });
  }
  return 'built';
}

/**
 * React's production build, what phones get (half the script to parse per page load, so browser
 * tests wait less), whatever NODE_ENV vitest runs under. Vite reads the mode from NODE_ENV, set here
 * for the build only, before any test worker is forked.
 */
async function buildForTests(): Promise<void> {
  const { buildWeb } = await import('../../server/web/build.js');
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = BUILD_MODE;
  try {
    await buildWeb();
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}
