/**
 * Shared by the benches: what machine ran them, and writing one section of docs/benchmarks.md
 * (between <!-- bench:NAME --> markers) without touching the other sections.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const BENCHMARKS_MD = path.resolve(import.meta.dirname, '..', 'docs', 'benchmarks.md');

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export function machineLine(m = machine()): string {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}`;
}

const HEADER = `# Benchmarks

Figures measured by the scripts in \`bench/\` (not part of \`npm test\`). Each section says which machine
and when; re-run a script to refresh its section. Speed goals are checked here, never by timed tests.
`;

/** Replace (or append) the section `name` of docs/benchmarks.md. */
export async function writeSection(name: string, markdown: string): Promise<void> {
  await mkdir(path.dirname(BENCHMARKS_MD), { recursive: true });
  // Read right before writing: other benches (and people) edit the same file.
  let doc = existsSync(BENCHMARKS_MD) ? await readFile(BENCHMARKS_MD, 'utf8') : HEADER;
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n\n${markdown.trim()}\n\n${end}`;
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from >= 0 && to > from) doc = doc.slice(0, from) + block + doc.slice(to + end.length);
  else doc = `${doc.trimEnd()}\n\n${block}\n`;
  doc = doc.replace(/-->\n(?=<!-- bench:)/g, '-->\n\n');
  // The file is checked by `prettier --check .` in npm test: write it the way prettier would.
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(BENCHMARKS_MD)) ?? {};
  await writeFile(BENCHMARKS_MD, await prettier.format(doc, { ...options, filepath: BENCHMARKS_MD }));
}

export const round = (v: number, digits = 1): number => Math.round(v * 10 ** digits) / 10 ** digits;
