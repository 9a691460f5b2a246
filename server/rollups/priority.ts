import { readFileSync } from 'node:fs';
import os from 'node:os';
import type pg from 'pg';

/** Hosts whose backends are processes of this machine (an embedded or local PostgreSQL). */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True when the connection string points at a PostgreSQL on this machine (loopback or a Unix socket). */
export function isLocalDatabase(connectionString: string): boolean {
  // A Unix socket folder (?host=/run/postgresql); such a URL may have no host part for URL to parse.
  if (/[?&]host=(\/|%2F)/i.test(connectionString)) return true;
  try {
    return LOCAL_HOSTS.has(new URL(connectionString).hostname);
  } catch {
    return false;
  }
}

/** True when `pid` is a PostgreSQL process of this machine (not some other process that has the number). */
function isPostgresProcess(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres');
  } catch {
    return false;
  }
}

/**
 * Lowers the CPU priority of the folder's backend (nice `niceness`), when PostgreSQL runs on this machine and
 * the worker is asked to (worker.ts: off by default, since a niced backend holding a WAL insertion lock
 * held up the answers' commits more than its CPU did). Best effort: a remote
 * or containerised database (another pid namespace), or a refusal, leaves the priority as it was.
 * Returns whether it changed.
 */
export async function lowerBackendPriority(
  client: pg.Client,
  connectionString: string,
  niceness: number,
): Promise<boolean> {
  if (niceness <= 0 || process.platform !== 'linux' || !isLocalDatabase(connectionString)) return false;
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  const pid = rows[0]!.pid;
  if (!isPostgresProcess(pid)) return false;
  try {
    os.setPriority(pid, niceness);
    return true;
  } catch {
    return false;
  }
}
