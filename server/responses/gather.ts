/**
 * "Natural" batching for the submit path's statements (batch.ts, lookup-insert.ts): items that arrive in the
 * same turn of the event loop, or while `maxInFlight` batches are already running, go together in the next
 * batch of at most `maxBatch`. A lone item goes at once: nothing waits on a timer. `send` settles its items
 * itself and must not reject.
 */
export function createGatherer<T>(
  send: (batch: T[]) => Promise<void>,
  options: { maxBatch: number; maxInFlight: number },
): (item: T) => void {
  let queue: T[] = [];
  let inFlight = 0;
  let scheduled = false;

  function pump(): void {
    scheduled = false;
    while (inFlight < options.maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      inFlight++;
      void send(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return (item: T) => {
    queue.push(item);
    if (!scheduled) {
      scheduled = true;
      setImmediate(pump);
    }
  };
}
