import { sql } from 'kysely';
import type { Database } from './schema.js';

/**
 * Every PostgreSQL advisory lock the app takes, named in one place so two features can never pick
 * the same number by accident. Any constants work; they only have to be the same in every
 * instance of the app. Transaction-scoped locks (pg_advisory_xact_lock) release at COMMIT/ROLLBACK.
 */
export const LOCKS = {
  /** Migrations: instances that start together take turns (session lock, server/db/migrate.ts). */
  migrations: 727_461_001,
  /** Publishing survey definitions. */
  publishDefinitions: 727_461_002,
  /** Changing units: the CSV import and a single edit never interleave. */
  units: 727_461_003,
  /** Creating the first administrator on an empty database. */
  firstAdmin: 727_461_004,
  /** Any change that could leave no active administrator (role changes, disabling an account). */
  administrators: 727_461_030,
  /** Sign-in attempts for one address or account (with a second key: the hashed address). */
  signInAttempts: 727_461_031,
  /** The one app instance that folds the rollup queue (session lock held by server/rollups/worker.ts). */
  rollupLeader: 727_461_060,
  /** The one app instance that runs feedback escalation and retention (session lock, server/feedback/jobs.ts). */
  feedbackJobs: 727_461_070,
  /** The one app instance that clears contact details of closed interview lists (session lock, server/interviews/retention.ts). */
  interviewJobs: 727_461_100,
  /** Making month partitions of responses (transaction lock taken inside responses_create_partitions, migrations/0160). */
  responsePartitions: 727_461_160,
} as const;

export type LockName = keyof typeof LOCKS;

/** Take a transaction-scoped advisory lock (call it with a transaction: outside one it is released at once). */
export async function lockForTransaction(trx: Database, name: LockName): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LOCKS[name]}::bigint)`.execute(trx);
}
