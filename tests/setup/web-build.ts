import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { copyTree, digestFiles, prune, touch } from './cache.js';

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
  // The mode is an input too: React's development and production builds differ.
  return digestFiles(files, `NODE_ENV=${BUILD_MODE}\0`);
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
      await copyTree(`${cached}/.`, outDir);
      await touch(cached);
      return 'reused';
    } catch {
      // Not cached yet: build below.
    }
  }
  await buildForTests();
  // Kept for the next run; written aside and renamed, so a run beside this one never sees half a copy.
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
  return 'built';
}

/**
 * HL_SKIP_WEB_BUILD=1: never run Vite, but still give page tests a web app when an earlier run kept
 * one: the build of these very inputs, else the newest kept one (pages from older sources, said so).
 * With none kept, a browser test would only time out on a blank 404, so that selection fails here
 * saying why; files that merely may fetch a page (the selection by source over-includes) are warned.
 */
export async function reuseWebBuild(outDir: string, browser: boolean): Promise<'reused' | 'stale' | 'none'> {
  const key = await inputsKey();
  const names = (await readdir(CACHE).catch(() => [] as string[])).filter((name) => /^[0-9a-f]{24}$/.test(name));
  const used = async (name: string) => (await stat(path.join(CACHE, name)).catch(() => undefined))?.mtimeMs ?? 0;
  const times = new Map(await Promise.all(names.map(async (n) => [n, await used(n)] as const)));
  const kept = names.filter((n) => n !== key).sort((a, b) => times.get(b)! - times.get(a)!);
  for (const name of [key, ...kept]) {
    try {
      await copyTree(`${path.join(CACHE, name)}/.`, outDir);
    } catch {
      continue; // Not kept (or pruned meanwhile by a run storing its build): try the next.
    }
    if (name === key) return 'reused';
    console.warn('HL_SKIP_WEB_BUILD=1: the pages come from an older kept web build (web/ or domain/ changed since)');
    return 'stale';
  }
  const why = 'HL_SKIP_WEB_BUILD=1 and no earlier run kept a web build (node_modules/.cache/hailong-test-web)';
  if (browser) {
    throw new Error(`${why}, but the selected files open pages in a browser: run them once without HL_SKIP_WEB_BUILD`);
  }
  console.warn(`${why}: the web app's pages answer 404 in this run`);
  return 'none';
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
