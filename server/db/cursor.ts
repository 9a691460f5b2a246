import type pg from 'pg';
import { releaseClient } from './client.js';

/**
 * A read-only server-side cursor on one pooled client, read in batches. `open` runs BEGIN, DECLARE
 * and the first FETCH before it returns, so a query that fails (a bad parameter, a value out of
 * range) fails before the caller has sent a single byte. After that the cursor ends in exactly one
 * of two ways, each of which gives the client back clean or destroys it:
 * - `next()` returns [] once the rows are exhausted, after COMMIT;
 * - `close()` (idempotent; call it when the consumer goes away) rolls back.
 */
export class Cursor<Row> {
  private first: Row[] | undefined;
  private finished = false;

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly fetchSize: number,
    first: Row[],
  ) {
    this.first = first;
  }

  static async open<Row>(
    pool: pg.Pool,
    query: { sql: string; parameters: readonly unknown[] },
    fetchSize: number,
  ): Promise<Cursor<Row>> {
    const client = await pool.connect();
    try {
      await client.query('begin read only');
      await client.query(`declare batch_cursor no scroll cursor for ${query.sql}`, [...query.parameters]);
      const { rows } = await client.query<Row & pg.QueryResultRow>(`fetch ${fetchSize} from batch_cursor`);
      return new Cursor<Row>(client, fetchSize, rows);
    } catch (err) {
      await endOnFailure(client, err);
      throw err;
    }
  }

  /** The next batch; [] when there are no more rows (the transaction is then committed and the client released). */
  async next(): Promise<Row[]> {
    if (this.finished) return [];
    let rows: Row[];
    if (this.first !== undefined) {
      rows = this.first;
      this.first = undefined;
    } else {
      try {
        rows = (await this.client.query<Row & pg.QueryResultRow>(`fetch ${this.fetchSize} from batch_cursor`)).rows;
      } catch (err) {
        this.finished = true;
        await endOnFailure(this.client, err);
        throw err;
      }
    }
    // A short batch is the last one: finish now rather than on the next call.
    if (rows.length < this.fetchSize) await this.commit();
    return rows;
  }

  /** Stop early: roll back and release. Safe to call at any time, any number of times. */
  async close(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await endOnFailure(this.client, undefined);
  }

  private async commit(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    try {
      await this.client.query('commit');
    } catch (err) {
      await endOnFailure(this.client, err);
      throw err;
    }
    releaseClient(this.client);
  }
}

/** Roll back; release the client if that worked, destroy it if not. */
async function endOnFailure(client: pg.PoolClient, cause: unknown): Promise<void> {
  const clean = await client.query('rollback').then(
    () => true,
    () => false,
  );
  releaseClient(client, clean ? undefined : cause instanceof Error ? cause : new Error('cursor ended uncleanly'));
}
