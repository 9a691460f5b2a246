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
