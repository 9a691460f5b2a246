import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'domain/**/*.test.ts', 'server/**/*.test.ts', 'web/**/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    setupFiles: ['tests/setup/each-file.ts'],
    pool: 'forks',
    // Two cores: two files at a time keeps PostgreSQL and chromium from starving each other.
    maxWorkers: 2,
    // Files run one after another in the same two workers instead of a fresh process each: loading the
    // app's modules (fastify, kysely, pdfkit, exceljs, playwright…) once per worker instead of once per
    // file was over half of the suite's time. Each file still gets its own database, app and browser
    // contexts; what the app caches for the life of a process is made safe in tests/helpers/db.ts.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
