import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Two suites in one run (npm test runs both): *.e2e.test.ts drive chromium or start processes of their own
    // (a server, PostgreSQL, nginx); the rest talk to the app in-process and a real PostgreSQL.
    // npm run test:fast runs the rest alone, npm run test:e2e the end-to-end files alone.
    include: ['tests/**/*.test.ts', 'domain/**/*.test.ts', 'server/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    setupFiles: ['tests/setup/each-file.ts'],
    pool: 'forks',
    // Two cores: two files at a time keeps PostgreSQL and chromium from starving each other. The end-to-end
    // files keep only about one core busy on average (they wait on pages and timers), yet 4 workers made them
    // slower (285 s against 255 s) and timing-sensitive ones failed; 3 made the fast suite slower too (102 s
    // against 96 s).
    maxWorkers: 2,
    // Files run one after another in the same two workers instead of a fresh process each: loading the
    // app's modules (fastify, kysely, pdfkit, exceljs, playwright…) once per worker instead of once per
    // file was over half of the suite's time. Each file still gets its own database, app and browser
    // contexts; what the app caches for the life of a process is made safe in tests/helpers/db.ts.
    // What does not change between files or runs is made once: the web build and the migrated cluster are
    // reused across runs while their inputs hash the same (tests/setup/), the demo and light fixtures are
    // template databases made once per run (tests/helpers/db.ts). Vitest runs the files that took longest
    // last time first, so the long browser files do not end the run alone.
    isolate: false,
    testTimeout: 30_000,
    // expect.poll waits for a page to show what the server stored. Its default of 1 s failed in a loaded CI run
    // (tests/interviews-browser.e2e.test.ts: the call-back was saved, the list not yet redrawn); the expected
    // text is the same, only the wait for it is longer.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
