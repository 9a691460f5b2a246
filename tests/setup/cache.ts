import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/**
 * A cache key: the digest of files' names (relative to the repository) and contents, in the order given,
 * after `prefix`; so an edit, a new file or a new package all make a new key. A missing file counts as such.
 */
export async function digestFiles(files: string[], prefix = ''): Promise<string> {
  const contents = await Promise.all(files.map((file) => readFile(file).catch(() => Buffer.from('(missing)'))));
  const hash = createHash('sha256');
  if (prefix) hash.update(prefix);
  files.forEach((file, i) => {
    hash.update(`${path.relative(ROOT, file)}\0`);
    hash.update(contents[i]!);
    hash.update('\0');
  });
  return hash.digest('hex').slice(0, 24);
}

/** cp -a: keeps owners and modes, and takes a fraction of fs.cp's time for a few hundred files. */
export const copyTree = (from: string, to: string) => promisify(execFile)('cp', ['-a', from, to]);

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
