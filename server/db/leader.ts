import pg from 'pg';
import { LOCKS, type LockName } from './locks.js';
import { POOL_DEFAULTS } from './pool.js';

/**
 * Leadership among app instances by a session advisory lock held on a dedicated connection (not a
 * pooled one, which would hand the lock to whatever request borrows the client next). The lock lives as
 * long as that connection, so a leader that dies (SIGKILL, a lost network) frees it for the next
 * instance's attempt. The same scheme as the rollup worker (server/rollups/worker.ts).
 */
export class SessionLeader {
  private client: pg.Client | undefined;
  held = false;

  constructor(
    private readonly options: {
      connectionString: string;
      lock: LockName;
      /** Shown in pg_stat_activity, so an operator can tell which instance leads. */
      applicationName: string;
      log?: (msg: string, err: unknown) => void;
    },
  ) {}

  /** True when this instance holds the lock (kept from an earlier call, or taken now). */
  async acquire(): Promise<boolean> {
    if (this.held && this.client) return true;
    try {
      if (!this.client) this.client = await this.connect();
      const { rows } = await this.client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [
        LOCKS[this.options.lock],
      ]);
      this.held = rows[0]!.ok;
    } catch (err) {
      this.options.log?.(`leader lock ${this.options.lock}: attempt failed`, err);
      this.held = false;
    }
    // A follower keeps no connection open between attempts.
    if (!this.held) await this.release();
    return this.held;
  }

  /** Gives up leadership: ending the session releases the lock. */
  async release(): Promise<void> {
    this.held = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: POOL_DEFAULTS.connectionTimeoutMillis,
      keepAlive: true,
      application_name: this.options.applicationName,
    });
    // A lost connection means lost leadership; it must not crash the process.
    client.on('error', (err) => {
      this.held = false;
      this.options.log?.(`leader lock ${this.options.lock}: connection lost`, err);
    });
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    return client;
  }
}

export interface LeaderJobStats {
  /** Whether this instance held the lock at its last attempt. */
  leader: boolean;
  /** Completed runs in this instance. */
  runs: number;
}

export interface LeaderJob {
  readonly stats: LeaderJobStats;
  /** Stops the timer, waits for a run in progress and gives the lock up. */
  stop(): Promise<void>;
}

/**
 * A periodic job that runs in exactly one app instance: the holder of the session advisory lock
 * `lock`. Every `everyMs` each instance tries the lock, so when the leader stops or dies another
 * takes over at its next tick. A failed run is logged, never thrown, and the next tick comes all
 * the same; the timer never keeps the process alive.
 */
export function startLeaderJob(options: {
  connectionString: string;
  lock: LockName;
  /** Prefix of the lock connection's application_name (the process id is appended). */
  name: string;
  everyMs: number;
  /** Delay of the first attempt; by default everyMs, at most a minute. */
  firstDelayMs?: number;
  run: () => Promise<void>;
  log: (err: unknown) => void;
}): LeaderJob {
  const { everyMs, log } = options;
  const leader = new SessionLeader({
    connectionString: options.connectionString,
    lock: options.lock,
    applicationName: `${options.name} ${process.pid}`,
    log: (_msg, err) => log(err),
  });
  const stats: LeaderJobStats = { leader: false, runs: 0 };
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let busy: Promise<void> = Promise.resolve();

  const tick = async () => {
    stats.leader = await leader.acquire();
    if (!stats.leader || stopped) return;
    await options.run();
    stats.runs += 1;
  };
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      busy = tick()
        .catch(log)
        .finally(() => schedule(everyMs));
    }, ms);
    timer.unref();
  };
  schedule(options.firstDelayMs ?? Math.min(everyMs, 60_000));

  return {
    stats,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await busy;
      await leader.release();
      stats.leader = false;
    },
  };
}
