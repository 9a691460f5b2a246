import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../../server/db/embedded.js';

const root = path.resolve(import.meta.dirname, '..', '..');

export interface Started {
  child: ChildProcess;
  output: () => string;
  base: string;
}

/**
 * Node's arguments to run a server source file (server/main.ts, server/cli/*.ts). By default its
 * JavaScript compiled once for the run (tests/setup/server-build.ts, HL_SERVER_BUILD_DIR): loading it
 * takes a fraction of tsx's time. 'tsx' runs the sources as `npm start` and the npm scripts do (cwd: the
 * repository); so does a run whose global setup compiled nothing.
 */
export function nodeArgs(source: string, via: 'compiled' | 'tsx' = 'compiled'): string[] {
  const build = process.env.HL_SERVER_BUILD_DIR;
  if (via === 'compiled' && build) {
    return [path.join(build, source.replace(/\.ts$/, '.js'))];
  }
  return ['--import', 'tsx', source];
}

/** Run `npm start`'s command (compiled, or as is with via 'tsx') as a child process and wait for its banner. */
export async function startServerProcess(
  env: Record<string, string>,
  port?: number,
  via: 'compiled' | 'tsx' = 'compiled',
): Promise<Started> {
  port ??= await freePort();
  const child = spawn(process.execPath, nodeArgs('server/main.ts', via), {
    cwd: root,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner in time:\n${output}`)), 90_000);
    const check = () => {
      if (output.includes('API docs:')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited early with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, base: `http://127.0.0.1:${port}` };
}

export async function stopServerProcess(s: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return s.child.exitCode;
  const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)));
  s.child.kill(signal);
  return exited;
}
