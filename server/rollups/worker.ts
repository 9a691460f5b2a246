import pg from 'pg';
import { LOCKS } from '../db/locks.js';
import { POOL_DEFAULTS } from '../db/pool.js';
import { lowerBackendPriority } from './priority.js';

/**
 * The rollup folder (migrations/0060): submissions only queue their change; this worker folds the queue
 * into the rollup tables with `rollup_fold(batch)`, which deletes and applies a batch in one transaction
 * (a crash mid-batch rolls both back: no double count, no loss).
 *
 * With several app instances, exactly one drains: each instance tries to take a session advisory lock
 * (LOCKS.rollupLeader) on its own dedicated connection, and the one holding it is the leader. The lock
 * lives as long as that connection, so a leader that dies (SIGKILL, a lost network) frees it for the next
 * instance's retry. Followers keep trying every `retryMs`.
 */
export interface RollupWorkerOptions {
  connectionString: string;
  /** Changes folded per transaction. */
  batchSize?: number;
  /**
   * Pause after a fold that emptied the queue. Each fold's cost grows with the rollup rows it touches
   * (every key of every unit of the batch, ×4 for the grains and the all-units shard), not with the changes:
   * measured on the demo data, 50 changes cost ~70 ms of PostgreSQL CPU and 2,000 ~360 ms. So folding
   * once a second costs a fraction of folding ten times a second, and bounds the lag to about a second
   * (reads stay exact meanwhile: the live views add the queued tail).
   */
  idleMs?: number;
  /**
   * When the queue holds more than a batch (a burst), the share of the time the folder works: after a fold
   * of t ms it rests t·(1 − share)/share ms, so that ingest keeps the CPU it needs while the lag stays bounded
   * (at 0.5 it still folds several thousand changes a second, more than the submissions one box accepts).
   */
  busyShare?: number;
  /** Pause between leadership attempts (and after an error). */
  retryMs?: number;
  /**
   * CPU priority (nice) of the folder's backend when PostgreSQL runs on this machine (priority.ts). 0, the
   * default, leaves it alone. Niced, the fold was meant to take only the CPU answers leave; measured, it made
   * answers wait on it instead: a backend descheduled while it holds one of PostgreSQL's WAL insertion locks
   * holds up every commit behind it (priority inversion). At 500 answers/s, the p99 of answers in flight
   * during a fold was 158–188 ms at nice 5 and 61–65 ms at 0 in back-to-back runs (later runs at 0: 60–160
   * ms), the folds shorter (115 against 125–166 ms), the same throughput flat out (docs/scaling.md).
   */
  niceness?: number;
  log?: (msg: string, err?: unknown) => void;
  /**
   * Other upkeep done by the leader only, on its connection: on taking the lead, then every upkeepMs
   * (the month partitions of responses, server/db/partitions.ts). A failure is logged and retried then.
   */
  upkeep?: (client: pg.Client) => Promise<void>;
  upkeepMs?: number;
}

export interface RollupWorkerStats {
  leader: boolean;
  /** Whether the current leader connection's backend runs at a lowered CPU priority. */
  niced: boolean;
  folded: number;
  batches: number;
}

/**
 * The wait after a fold of n changes that took foldMs: a batch short of full emptied the queue, so the next
 * fold waits idleMs; a full one means more is waiting, so it goes on after a rest in proportion to its cost.
 */
export function foldPause(
  n: number,
  foldMs: number,
  o: { batchSize: number; idleMs: number; busyShare: number },
): number {
  if (n < o.batchSize) return o.idleMs;
  return (foldMs * (1 - o.busyShare)) / o.busyShare;
}

export class RollupWorker {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private busy: Promise<void> | undefined;
  readonly stats: RollupWorkerStats = { leader: false, niced: false, folded: 0, batches: 0 };
  readonly batchSize: number;
  readonly idleMs: number;
  readonly busyShare: number;
  private readonly retryMs: number;
  private readonly niceness: number;

  constructor(private readonly options: RollupWorkerOptions) {
    this.batchSize = options.batchSize ?? 2000;
    this.idleMs = options.idleMs ?? 1000;
    this.busyShare = Math.min(1, Math.max(0.05, options.busyShare ?? 0.5));
    this.retryMs = options.retryMs ?? 2000;
    this.niceness = options.niceness ?? 0;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops after the batch in progress (which commits or rolls back whole) and gives up leadership. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.busy;
    await this.dropConnection();
  }

  private schedule(ms: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.busy = this.tick().then((next) => this.schedule(next));
    }, ms);
    this.timer.unref();
  }

  /** One step; returns how long to wait before the next. */
  private async tick(): Promise<number> {
    try {
      if (!this.stats.leader && !(await this.lead())) return this.retryMs;
      await this.runUpkeep();
      const started = performance.now();
      const { rows } = await this.client!.query<{ n: number }>('select rollup_fold($1) as n', [this.batchSize]);
      const n = rows[0]!.n;
      if (n > 0) {
        this.stats.folded += n;
        this.stats.batches += 1;
      }
      return foldPause(n, performance.now() - started, this);
    } catch (err) {
      this.options.log?.('rollup worker: fold failed, retrying', err);
      await this.dropConnection();
      return this.retryMs;
    }
  }

  private nextUpkeep = 0;

  private async runUpkeep(): Promise<void> {
    if (!this.options.upkeep || performance.now() < this.nextUpkeep) return;
    this.nextUpkeep = performance.now() + (this.options.upkeepMs ?? 3_600_000);
    try {
      await this.options.upkeep(this.client!);
    } catch (err) {
      this.options.log?.('rollup worker: upkeep failed, retrying later', err);
    }
  }

  private async lead(): Promise<boolean> {
    if (!this.client) {
      const client = new pg.Client({
        connectionString: this.options.connectionString,
        connectionTimeoutMillis: POOL_DEFAULTS.connectionTimeoutMillis,
        keepAlive: true,
        statement_timeout: POOL_DEFAULTS.statement_timeout,
        // With the process id, so an operator (and the two-instance test) can tell which instance leads.
        application_name: `hai-long-rollups ${process.pid}`,
      });
      // A connection lost between two folds (the leader's database went away) must not crash the process.
      client.on('error', (err) => this.options.log?.('rollup worker: connection lost', err));
      try {
        await client.connect();
      } catch (err) {
        await client.end().catch(() => undefined);
        throw err;
      }
      this.client = client;
    }
    const { rows } = await this.client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [
      LOCKS.rollupLeader,
    ]);
    this.stats.leader = rows[0]!.ok;
    if (!this.stats.leader) {
      await this.dropConnection();
      return false;
    }
    // A fold lost in a crash is lost with the queue rows it took (one transaction): they are folded again.
    // So its commit need not wait for the disk, nor make the answers' commits wait behind its WAL flush.
    await this.client.query('set synchronous_commit = off');
    this.nextUpkeep = 0;
    this.stats.niced = await lowerBackendPriority(this.client, this.options.connectionString, this.niceness);
    return true;
  }

  private async dropConnection(): Promise<void> {
    this.stats.leader = false;
    this.stats.niced = false;
    const client = this.client;
    this.client = undefined;
    // Ending the session releases the advisory lock.
    await client?.end().catch(() => undefined);
  }
}
