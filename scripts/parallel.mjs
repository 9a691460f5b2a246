#!/usr/bin/env node
// Runs the npm scripts named on the command line at the same time and fails if any fails. The checks
// (eslint, prettier, depcruise, tsc) are independent and each mostly on one core: run one after another
// they took about 76 s on a 2-core machine, side by side 54–56 s. Each script's output is held and
// printed whole when it ends, so the lines of two checks never interleave.
import { spawn } from 'node:child_process';

const names = process.argv.slice(2);
if (names.length === 0) {
  console.error('usage: node scripts/parallel.mjs <npm script>...');
  process.exit(2);
}

const run = (name) =>
  new Promise((resolve) => {
    const started = performance.now();
    const child = spawn('npm', ['run', '--silent', name], {
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    const done = (code) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const text = Buffer.concat(output).toString().trimEnd();
      process.stdout.write(`${code === 0 ? '✓' : '✗'} ${name} (${seconds} s)\n${text ? `${text}\n` : ''}`);
      resolve(code === 0);
    };
    child.on('error', (err) => {
      output.push(Buffer.from(String(err)));
      done(1);
    });
    child.on('close', (code) => done(code ?? 1));
  });

const results = await Promise.all(names.map(run));
const failed = names.filter((_, i) => !results[i]);
if (failed.length > 0) {
  console.error(`failed: ${failed.join(', ')}`);
  process.exit(1);
}
