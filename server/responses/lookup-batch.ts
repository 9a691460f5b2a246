import type { RunQuery } from './insert.js';
import type { Database } from '../db/schema.js';
import { lookupBatchQuery, lookupQuery, type LookupArgs, type LookupRow } from './lookup.js';

/**
 * Runs the look-ups of answers that arrive together as one statement (#10.2), as batch.ts does for their
 * inserts: one round trip, one execution and one result to parse instead of one each, which was the largest
 * share of an answer's CPU in the app (pg's per-query work and the socket writes) and a good part of
 * PostgreSQL's. Look-ups only read, so sharing a statement changes nothing but the snapshot's moment, as for
 * requests that run at the same time anyway. A lone look-up goes alone; if a batch fails, its look-ups are
 * run one by one, so one cannot fail the others.
 */
export function createLookupBatcher(db: Database, run: RunQuery, options: { maxBatch?: number } = {}) {
  const maxBatch = options.maxBatch ?? 64;
  interface Waiting {
    args: LookupArgs;
    resolve: (rows: LookupRow[]) => void;
    reject: (err: unknown) => void;
  }
  let queue: Waiting[] = [];
  let scheduled = false;

  const alone = (w: Waiting) => run(lookupQuery(db, w.args)).then(w.resolve, w.reject);

  async function together(batch: Waiting[]): Promise<void> {
    let rows: Array<LookupRow & { i: string }>;
    try {
      rows = await run(
        lookupBatchQuery(
          db,
          batch.map((w) => w.args),
        ),
      );
    } catch {
      await Promise.all(batch.map(alone));
      return;
    }
    const byIndex = new Map<number, LookupRow[]>();
    for (const { i, ...row } of rows) {
      const k = Number(i) - 1;
      byIndex.set(k, [...(byIndex.get(k) ?? []), row]);
    }
    for (const [k, w] of batch.entries()) w.resolve(byIndex.get(k) ?? []);
  }

  function flush(): void {
    scheduled = false;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      void (batch.length === 1 ? alone(batch[0]!) : together(batch));
    }
  }

  return {
    lookup(args: LookupArgs): Promise<LookupRow[]> {
      return new Promise<LookupRow[]>((resolve, reject) => {
        queue.push({ args, resolve, reject });
        // Look-ups asked in the same turn of the event loop go together.
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
