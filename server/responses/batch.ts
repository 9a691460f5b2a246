import type { Database } from '../db/schema.js';
import { createGatherer } from './gather.js';
import { insertResponses, type NewResponse, type RunQuery } from './insert.js';

export type { NewResponse } from './insert.js';

/**
 * Inserts answers that arrive together in one statement. Each INSERT on responses runs the
 * analytics rollup trigger once per statement (see migrations/0020), which upserts a few dozen
 * rollup rows that every answer to the same unit and day shares; one statement per answer makes
 * those rows the bottleneck under load. So while a statement is in flight, new answers wait and
 * go together in the next one ("natural" batching: a lone answer goes at once, nothing waits on
 * a timer). Each caller learns whether its own row was inserted, and only after the commit.
 *
 * If a batch fails, its rows are tried one by one, so one bad row cannot fail the others.
 */
export function createInsertBatcher(
  db: Database,
  options: { maxBatch?: number; maxInFlight?: number; run?: RunQuery } = {},
) {
  const maxBatch = options.maxBatch ?? 100;
  const maxInFlight = options.maxInFlight ?? 2;
  interface Waiting {
    row: NewResponse;
    resolve: (inserted: boolean) => void;
    reject: (err: unknown) => void;
  }
  // The id is claimed in response_ids in the same statement as the row (insert.ts, migrations/0160).
  const insert = (rows: NewResponse[]): Promise<Set<string>> => insertResponses(db, rows, options.run);

  async function run(batch: Waiting[]): Promise<void> {
    try {
      const ids = await insert(batch.map((w) => w.row));
      // The same id twice in one batch (a re-send racing itself): the first one inserted it.
      for (const w of batch) w.resolve(ids.delete(w.row.id));
    } catch (err) {
      if (batch.length === 1) return batch[0]!.reject(err);
      for (const w of batch) {
        try {
          w.resolve((await insert([w.row])).has(w.row.id));
        } catch (e) {
          w.reject(e);
        }
      }
    }
  }

  const gather = createGatherer(run, { maxBatch, maxInFlight });

  return {
    /** Resolves true when this row was inserted, false when a row with its id already existed. */
    insert(row: NewResponse): Promise<boolean> {
      return new Promise<boolean>((resolve, reject) => gather({ row, resolve, reject }));
    },
  };
}

export type InsertBatcher = ReturnType<typeof createInsertBatcher>;
