import pg from 'pg';
import { describe } from '../db/embedded.js';
import { createKysely, createPool } from '../db/pool.js';
import { seedDemoResponses } from './seed.js';

/** How the loader's connection shows in pg_stat_activity, so stopping can cancel its query. */
const APPLICATION_NAME = 'hailong-demo-answers';

export interface DemoAnswersLoad {
  /** Settles when the answers are in, or were not loaded (the reason is printed). */
  done: Promise<void>;
  /** Cancel a load still running (its one transaction rolls back: nothing half-loaded) and wait for it. */
  cancel(): Promise<void>;
}

/**
 * The demo's year of answers, loaded after the server listens: it is most of a fresh start's work
 * (the set-based rollup rebuild of some 5,000 answers), and the admin app and the forms do not need
 * it to open. It is one transaction, so the dashboard shows no answers, then all of them; a start
 * stopped meanwhile rolls it back and the next start loads it again.
 */
export function loadDemoAnswersInBackground(databaseUrl: string, say: (msg: string) => void): DemoAnswersLoad {
  const url = new URL(databaseUrl);
  url.searchParams.set('application_name', APPLICATION_NAME);
  const db = createKysely(createPool(url.toString(), 1));
  const started = performance.now();
  let cancelled = false;
  const abort = new AbortController();
  say('demo data: loading a year of answers in the background…');
  const done = seedDemoResponses(db, new Date(), abort.signal)
    .then((n) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      if (n > 0) say(`demo data: ${n} responses (${seconds} s, in the background)`);
    })
    .catch((err: unknown) => {
      say(cancelled ? 'demo answers not loaded: stopped first' : `demo answers not loaded: ${describe(err)}`);
    })
    .finally(() => db.destroy());
  return {
    done,
    cancel: async () => {
      cancelled = true;
      abort.abort();
      const client = new pg.Client({ connectionString: databaseUrl });
      try {
        await client.connect();
        await client.query(
          'select pg_cancel_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()',
          [APPLICATION_NAME],
        );
      } catch {
        // The database may already be gone; the load then fails on its own.
      } finally {
        await client.end().catch(() => {});
      }
      await done;
    },
  };
}
