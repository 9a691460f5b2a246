import type pg from 'pg';

/**
 * The one way to hold a pg client across statements. Whatever happens inside — an error, a
 * thrown exception, a dead connection — the client goes back to the pool only when it is known
 * to be clean (outside any transaction); otherwise it is destroyed (release(err)), so a failed
 * request can never hand the next one a connection stuck in "current transaction is aborted".
 */
export async function withClient<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let failure: Error | undefined;
  try {
    return await fn(client);
  } catch (err) {
    failure = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    releaseClient(client, failure);
  }
}

/**
 * Runs fn inside BEGIN … COMMIT on one client. On any failure it rolls back; the client goes back
 * to the pool only if the ROLLBACK (or the COMMIT) succeeded, and is destroyed otherwise.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const client = await pool.connect();
  let clean = false;
  try {
    await client.query(options.readOnly ? 'begin read only' : 'begin');
    const result = await fn(client);
    await client.query('commit');
    clean = true;
    return result;
  } catch (err) {
    clean = await client.query('rollback').then(
      () => true,
      () => false,
    );
    throw err;
  } finally {
    releaseClient(client, clean ? undefined : new Error('transaction not closed cleanly'));
  }
}

/**
 * Return a client to the pool. With an error it is destroyed, not reused. A client whose last
 * ROLLBACK or COMMIT succeeded was cleaned by withTransaction before we get here, so only callers
 * that could not clean up pass an error.
 */
export function releaseClient(client: pg.PoolClient, failure?: Error): void {
  try {
    client.release(failure ?? undefined);
  } catch {
    // Released twice (a bug elsewhere): nothing more to do, and no reason to crash.
  }
}
