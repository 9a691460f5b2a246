/**
 * Fuzz at full count (issue #9): generated bodies (10,000 by default) against POST
 * /api/v1/public/responses, then generated path and query values for every route of the app,
 * signed in as admin, against the real app on an embedded PostgreSQL with the demo data. The
 * generators and checks are the ones tests/fuzz.test.ts runs on a small sample every time.
 *
 *   npx tsx bench/fuzz.ts                      # BODIES=10000 ROUTE_RUNS=100, a random seed
 *   FUZZ_SEED=123 BODIES=2000 npx tsx bench/fuzz.ts
 *
 * Prints the figures and writes the "Fuzz" section of docs/benchmarks.md.
 */
import fc from 'fast-check';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { submissionBodies } from '../tests/fuzz-arbitraries.js';
import {
  formTargets,
  fuzzRoutes,
  fuzzSubmissions,
  healthAfter,
  knownValues,
  routeSpecs,
  signInAdmin,
  type Failure,
} from '../tests/fuzz-harness.js';
import { machineLine, round, writeSection } from './report.js';
import { prepareBenchDatabase } from './server.js';

const BODIES = Number(process.env.BODIES ?? 10_000);
const ROUTE_RUNS = Number(process.env.ROUTE_RUNS ?? 100);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const statuses = (byStatus: Record<string, number>) =>
  Object.entries(byStatus)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, n]) => `${status}: ${n}`)
    .join(', ');

const failureLines = (failures: Failure[]) =>
  failures.slice(0, 10).map((f) => `  - ${f.status} ← ${f.request.slice(0, 160)} → ${f.response.slice(0, 160)}`);

async function main() {
  const log = (line: string) => console.log(line);
  // The pages (/f/{code}, /admin/) are served from a build of the web app: its own folder, as in tests.
  const webDist = await mkdtemp(path.join(os.tmpdir(), 'hailong-fuzz-web-'));
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hailong-fuzz-data-'));
  process.env.HL_WEB_DIST = webDist;
  const { buildWeb } = await import('../server/web/build.js');
  // Without a build the pages answer 404 instead of HTML: the sweep still runs, and says so.
  const webBuilt = await buildWeb(log).then(
    () => true,
    (err: unknown) => (log(`web build failed, pages are swept without it: ${String(err).split('\n')[0]}`), false),
  );
  const database = await prepareBenchDatabase(log);
  const { loadConfig } = await import('../server/config.js');
  const { buildApp } = await import('../server/app.js');
  const { createKysely, createPool } = await import('../server/db/pool.js');
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    PUBLISH_DEFINITIONS_ON_START: 'false',
    WEB_BUILD_ON_START: 'false',
    // The per-IP ceiling would answer 429 to every body after the first minute's quota.
    SUBMIT_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  const app = await buildApp({ config, databaseUrl: database.url });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const db = createKysely(createPool(database.url, 4));
  const server = { url, db };
  try {
    const forms = await formTargets(db);
    log(`seed ${SEED}: ${BODIES} bodies over ${forms.length} surveys…`);
    const bodies = fc.sample(submissionBodies(forms), { numRuns: BODIES, seed: SEED });
    const submissions = await fuzzSubmissions(server, bodies, 8);
    log(`bodies: ${statuses(submissions.byStatus)}; failures ${submissions.failures.length}`);

    const specs = routeSpecs(app);
    log(`${specs.length} routes × ${ROUTE_RUNS}…`);
    const routes = await fuzzRoutes(server, () => signInAdmin(server), specs, await knownValues(db), {
      runsPerRoute: ROUTE_RUNS,
      seed: SEED,
      concurrency: 4,
    });
    log(`routes: ${statuses(routes.byStatus)}; failures ${routes.failures.length}`);
    const health = await healthAfter(server, forms[0]!);

    const refusals = Object.entries(submissions.byStatus)
      .filter(([s]) => Number(s) >= 400 && Number(s) < 500)
      .reduce((n, [, c]) => n + c, 0);
    const fiveXx = (byStatus: Record<string, number>) =>
      Object.entries(byStatus)
        .filter(([s]) => Number(s) >= 500)
        .reduce((n, [, c]) => n + c, 0);
    const markdown = `
## Fuzz (bench/fuzz.ts)

Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}. The app (\`buildApp\`, in the
bench's process) on an embedded PostgreSQL 18 with the demo data, over loopback HTTP; fast-check
generators from \`tests/fuzz-arbitraries.ts\`, seed ${SEED} (\`FUZZ_SEED=${SEED}\` replays the run).
\`tests/fuzz.test.ts\` runs the same generators and checks on a small sample (\`FUZZ_RUNS\`, default 150) in every test run.

**POST /api/v1/public/responses**: ${submissions.sent} generated bodies, ${submissions.valid} of them valid answers to a
real definition (every question type, optional ones left out, comments, device tokens, the honeypot) and the rest
hostile: random JSON, wrong types in every field and answer, NUL and lone surrogates in values and keys, numbers at
the edges of doubles and int4 (1e400 as text), instants from year 0000 to 9999 with offsets to ±23:59, nesting up
to 30,000 levels, 25,001 values, truncated and non-JSON text, prototype poisoning, wrong content types.

| Figure                                                  | Value |
| ------------------------------------------------------- | ----: |
| Bodies sent (8 at a time)                                  | ${submissions.sent} |
| Answers by status                                       | ${statuses(submissions.byStatus)} |
| 5xx                                                     | ${fiveXx(submissions.byStatus)} |
| Valid answers not stored, or 4xx without the error shape | ${submissions.failures.length} |
| Refusals (4xx)                                          | ${refusals} |
| Rows added / 201 answers                                | ${submissions.rowsAdded} / ${submissions.created} |
| Refused ids found in the table                           | ${submissions.storedDespiteRefusal.length} |
| Time                                                    | ${round(submissions.seconds)} s (${round(submissions.sent / submissions.seconds)} bodies/s) |

**Every route** (${routes.routes}: the API's route table plus pages, docs and health), signed in as admin so that
access checks do not stop a request before validation: ${ROUTE_RUNS} generated requests per route, each path and
query parameter a known-good value (a real link, unit, survey, period, user) or a hostile one (NUL, lone surrogates
as %ED%A0%80, invalid and malformed %-escapes, SQL, 5,000 characters, huge and negative numbers, dates from 0001 to 9999),
with unknown parameters mixed in.

| Figure                                      | Value |
| ------------------------------------------- | ----: |
| Requests                                    | ${routes.sent} |
| Answers by status                           | ${statuses(routes.byStatus)} |
| 5xx, or 4xx without the error shape         | ${routes.failures.length} |
| Admin sign-ins (a request that ended the session is sent again) | ${routes.signIns} |
| Time                                        | ${round(routes.seconds)} s (${round(routes.sent / routes.seconds)} requests/s) |

After both: \`/readyz\` ${health.readyz}, a valid answer ${health.submit}. The result is the counts, not the rates: the
two cores are shared with PostgreSQL, the generator and whatever else the machine runs.${webBuilt ? '' : ' (The web app did not build in this run: pages answered 404.)'}
${[...failureLines(submissions.failures), ...failureLines(routes.failures)].join('\n')}
`;
    await writeSection('fuzz', markdown);
    log(markdown);
    if (submissions.failures.length + routes.failures.length + submissions.storedDespiteRefusal.length > 0) {
      process.exitCode = 1;
    }
  } finally {
    await db.destroy();
    await app.close();
    await database.stop();
    await rm(webDist, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
