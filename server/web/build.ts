import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { WEB_DIST } from './dist.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SOURCES = ['web', 'domain'].map((d) => path.join(ROOT, d));
const STAMP = path.join(WEB_DIST, '.build-stamp');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when web/dist is missing or older than any source file it is built from. */
export function webBuildIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((dir) => existsSync(dir) && newestMtime(dir) > built);
}

/** Build both entries (phone form, admin) with Vite's API, in this process. */
export async function buildWeb(log: (msg: string) => void = () => {}): Promise<void> {
  const { build } = await import('vite');
  log('building the web app (vite)…');
  await build({
    configFile: path.join(ROOT, 'web', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: WEB_DIST, emptyOutDir: true },
  });
}

export async function ensureWebBuild(log: (msg: string) => void = () => {}): Promise<boolean> {
  if (!webBuildIsStale()) return false;
  await buildWeb(log);
  return true;
}
