import pg from 'pg';

/**
 * Fault injection at the wire: while armed, the n-th statement that matches is replaced on its way
 * to the server, either by one that fails (the transaction becomes "aborted", exactly what a bad
 * value in a DECLARE does) or by one that kills the connection from the server side (what a
 * postmaster crash or a failover does). Everything else runs unchanged, on the real database.
 */
export type FaultKind = 'error' | 'kill';

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;
const original = pg.Client.prototype.query as unknown as QueryFn;

const REPLACEMENT: Record<FaultKind, string> = {
  error: 'select 1/0 as injected_fault',
  kill: 'select pg_terminate_backend(pg_backend_pid())',
};

export interface Armed {
  /** How many statements matched so far. */
  seen(): number;
  /** Whether the fault was injected. */
  fired(): boolean;
  disarm(): void;
}

export function armFault(match: (text: string) => boolean, occurrence: number, kind: FaultKind): Armed {
  let count = 0;
  let fired = false;
  (pg.Client.prototype as unknown as { query: QueryFn }).query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0];
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | undefined)?.text;
    if (!fired && typeof text === 'string' && match(text) && ++count === occurrence) {
      fired = true;
      // A COPY stream (pg-copy-streams) is a query object: keep it a COPY, of the failing statement.
      if (typeof first === 'object' && first !== null && 'submit' in first) {
        (first as unknown as { text: string }).text = `copy (${REPLACEMENT[kind]}) to stdout (format binary)`;
        return original.apply(this, args);
      }
      const rest = args.slice(1).filter((a) => typeof a === 'function');
      return original.call(this, REPLACEMENT[kind], ...rest);
    }
    return original.apply(this, args);
  };
  return {
    seen: () => count,
    fired: () => fired,
    disarm: () => {
      (pg.Client.prototype as unknown as { query: QueryFn }).query = original;
    },
  };
}

/** Puts the real query back; run after every test file, since files share worker processes. */
export function disarmAll(): void {
  (pg.Client.prototype as unknown as { query: QueryFn }).query = original;
}
