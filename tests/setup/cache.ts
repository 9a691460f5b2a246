import { readdir, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';

/** Entries kept per cache: enough for the trees that share node_modules (a worktree on a branch, say). */
const KEEP = 3;

/** Marks a cache entry as just used, so that pruning keeps it. */
export async function touch(entry: string): Promise<void> {
  const now = new Date();
  await utimes(entry, now, now).catch(() => undefined);
}

/**
 * Removes all but the most recently used entries of a cache folder (node_modules/.cache/hailong-test-*).
 * More than one is kept: two working trees with different inputs (another branch's migrations) would
 * otherwise each throw the other's entry away, and rebuild it on every run. Entries being written
 * (*.tmp) are left to their writer.
 */
export async function prune(cache: string): Promise<void> {
  const names = await readdir(cache).catch(() => [] as string[]);
  const entries = await Promise.all(
    names.map(async (name) => ({
      entry: path.join(cache, name),
      used: (await stat(path.join(cache, name)).catch(() => undefined))?.mtimeMs ?? 0,
    })),
  );
  const writing = entries.filter((e) => e.entry.endsWith('.tmp'));
  const done = entries.filter((e) => !e.entry.endsWith('.tmp')).sort((a, b) => b.used - a.used);
  // A write unfinished after an hour was a run that died half-way.
  const abandoned = writing.filter((e) => e.used < Date.now() - 3_600_000);
  for (const { entry } of [...done.slice(KEEP), ...abandoned]) await rm(entry, { recursive: true, force: true });
}
