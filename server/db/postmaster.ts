import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What the app reports about its embedded PostgreSQL (read by /metrics). */
export const postmasterStats = { restarts: 0, running: false };

export interface PostmasterOptions {
  binary: string;
  clusterDir: string;
  port: number;
  flags: string[];
  /** As root, PostgreSQL runs as the postgres user. */
  runAs?: { uid: number; gid: number } | undefined;
  log: (line: string) => void;
}

const READY = 'database system is ready to accept connections';
const START_TIMEOUT_MS = 120_000;
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 15_000, 30_000];
/** A postmaster that stayed up this long is healthy again: the next crash starts the backoff over. */
const STABLE_AFTER_MS = 60_000;

/**
 * The embedded PostgreSQL server process, supervised. If it exits while the app still needs it
 * (killed, out of memory, a crash), it is started again with backoff; PostgreSQL replays its WAL
 * on that start (crash recovery), so every committed answer is still there. Meanwhile the API
 * answers 503 and the pool reconnects by itself once the server is back.
 */
export class Postmaster {
  private child: ChildProcess | undefined;
  private stopping = false;
  private attempt = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private startedAt = 0;

  constructor(private readonly options: PostmasterOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    this.stopping = false;
    await this.spawnOnce();
  }

  private spawnOnce(): Promise<void> {
    const { binary, clusterDir, port, flags, runAs, log } = this.options;
    const child = spawn(binary, ['-D', clusterDir, '-p', String(port), ...flags], {
      ...(runAs ?? {}),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
      // Its own process group: Ctrl-C in a terminal signals the whole foreground group, and the
      // server must be stopped by the app (after in-flight requests), not at the same instant.
      detached: true,
    });
    this.child = child;
    const recent: string[] = [];
    return new Promise<void>((resolve, reject) => {
      let ready = false;
      const timer = setTimeout(() => {
        if (!ready) child.kill('SIGQUIT');
      }, START_TIMEOUT_MS);
      child.stderr!.setEncoding('utf8');
      child.stderr!.on('data', (chunk: string) => {
        for (const line of chunk.split('\n').filter(Boolean)) {
          log(line);
          recent.push(line);
          if (recent.length > 20) recent.shift();
        }
        if (!ready && chunk.includes(READY)) {
          ready = true;
          clearTimeout(timer);
          this.startedAt = Date.now();
          postmasterStats.running = true;
          resolve();
        }
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        if (!ready) reject(new Error(`could not run PostgreSQL (${binary}): ${err.message}`));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) {
          this.child = undefined;
          postmasterStats.running = false;
        }
        if (!ready) {
          const why = signal ? `signal ${signal}` : `exit code ${code}`;
          reject(new Error(`PostgreSQL stopped while starting (${why}):\n  ${recent.slice(-8).join('\n  ')}`));
          return;
        }
        if (!this.stopping) this.scheduleRestart(signal ? `signal ${signal}` : `exit code ${code}`);
      });
    });
  }

  private scheduleRestart(why: string): void {
    if (Date.now() - this.startedAt > STABLE_AFTER_MS) this.attempt = 0;
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt++;
    postmasterStats.restarts++;
    this.options.log(
      `[supervisor] embedded PostgreSQL exited unexpectedly (${why}); restarting in ${delay} ms (restart #${postmasterStats.restarts})`,
    );
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.stopping) return;
      const began = Date.now();
      this.spawnOnce().then(
        () =>
          this.options.log(
            `[supervisor] embedded PostgreSQL is back after ${Date.now() - began} ms (crash recovery done)`,
          ),
        (err: unknown) => {
          this.options.log(`[supervisor] restart failed: ${err instanceof Error ? err.message : String(err)}`);
          if (!this.stopping && !this.child) this.scheduleRestart('restart failed');
        },
      );
    }, delay);
    this.restartTimer.unref();
  }

  /** Fast shutdown (SIGINT): rolls back open transactions, checkpoints, exits. Escalates if it hangs. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGINT');
    if (await settlesWithin(exited, 30_000)) return;
    child.kill('SIGQUIT');
    if (await settlesWithin(exited, 5_000)) return;
    child.kill('SIGKILL');
    await exited;
  }
}

function settlesWithin(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to another user (the postgres user when we are not root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/**
 * A postmaster left running by an app process that was killed (SIGKILL, OOM) still holds the
 * cluster, and a new one cannot start beside it. Stop it cleanly (fast shutdown) so that this
 * start owns the cluster. Returns the pid it stopped, if any.
 */
export async function stopLeftoverPostmaster(
  clusterDir: string,
  log: (line: string) => void,
): Promise<number | undefined> {
  let pid: number;
  try {
    pid = Number(readFileSync(`${clusterDir}/postmaster.pid`, 'utf8').split('\n')[0]);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  const cmd = commandLine(pid);
  // /proc may hide another user's command line; a live pid from the cluster's own pid file is enough then.
  if (cmd !== '' && !cmd.includes('postgres')) return undefined;
  log(`a PostgreSQL server (pid ${pid}) left running by an earlier start holds ${clusterDir}; stopping it`);
  for (const [signal, waitMs] of [
    ['SIGINT', 30_000],
    ['SIGQUIT', 5_000],
    ['SIGKILL', 5_000],
  ] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return pid;
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      if (!isAlive(pid)) return pid;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`the PostgreSQL server with pid ${pid} does not stop; stop it by hand (kill ${pid}) and start again`);
}
