/**
 * Which database `npm run backup` / `npm run restore` work on: DATABASE_URL when set; else the
 * embedded cluster in DATA_DIR — the running one if `npm start` has it up (its port is line 4 of
 * postmaster.pid, its password in DATA_DIR/pg-password), or started for the task and stopped after.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { startEmbeddedPostgres } from './embedded.js';

export interface ToolDatabase {
  url: string;
  /** For messages: where the data is. */
  describe: string;
  /** An app process that owns DATA_DIR is alive (embedded only). */
  appPid: number | undefined;
  close(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, but another user's (the postmaster runs as "postgres" when started by root).
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readPid(file: string): Promise<{ pid: number; lines: string[] } | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? { pid, lines } : undefined;
}

/** The app process that owns DATA_DIR (its app.pid), if it is alive. */
export async function runningApp(dataDir: string): Promise<number | undefined> {
  const found = await readPid(path.join(path.resolve(dataDir), 'app.pid'));
  if (!found || found.pid === process.pid) return undefined;
  const cmd = await readFile(`/proc/${found.pid}/cmdline`, 'utf8').catch(() => '');
  return cmd.includes('node') ? found.pid : undefined;
}

/**
 * The connection string of the embedded cluster in dataDir if a postmaster is running there and
 * answers, else undefined.
 */
export async function runningEmbeddedUrl(dataDir: string, database = 'hailong'): Promise<string | undefined> {
  const dir = path.resolve(dataDir);
  const found = await readPid(path.join(dir, 'pg', 'postmaster.pid'));
  const port = Number(found?.lines[3]);
  if (!found || !Number.isInteger(port) || port <= 0) return undefined;
  const password = (await readFile(path.join(dir, 'pg-password'), 'utf8').catch(() => '')).trim();
  if (!password) return undefined;
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return url;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function openToolDatabase(config: Config, options: { createIfMissing: boolean }): Promise<ToolDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, describe: 'DATABASE_URL', appPid: undefined, close: async () => {} };
  }
  const dataDir = path.resolve(config.DATA_DIR);
  const appPid = await runningApp(dataDir);
  const running = await runningEmbeddedUrl(dataDir);
  if (running) {
    return {
      url: running,
      describe: `the running embedded PostgreSQL in ${dataDir}/pg`,
      appPid,
      close: async () => {},
    };
  }
  if (!options.createIfMissing && !existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))) {
    throw new Error(`there is no embedded database in ${dataDir}/pg (set DATA_DIR, or DATABASE_URL)`);
  }
  const embedded = await startEmbeddedPostgres({ dataDir, port: config.EMBEDDED_PG_PORT });
  return {
    url: embedded.url,
    describe: `the embedded PostgreSQL in ${dataDir}/pg (started for this task)`,
    appPid,
    close: () => embedded.stop(),
  };
}
